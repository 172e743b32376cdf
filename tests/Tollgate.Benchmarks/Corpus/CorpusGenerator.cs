using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>
/// Writes a deterministic, plugin-shaped C# project: one SDK-style project at the root, a Common folder of
/// shared helpers, a composition root, and modules (one business domain each) spread over <c>src/GROUP/MODULE/...</c>.
/// The same seed and file count always give byte-identical files.
/// </summary>
internal sealed class CorpusGenerator
{
    public const string ProjectFileName = "Contoso.Agents.Plugins.csproj";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly (RiskFlavor Flavor, int Weight)[] RiskWeights =
    [
        (RiskFlavor.ProcessExec, 20), (RiskFlavor.HttpFetch, 25), (RiskFlavor.Exfiltration, 12),
        (RiskFlavor.FileRead, 20), (RiskFlavor.FileWrite, 15), (RiskFlavor.DynamicLoad, 8),
    ];

    private static readonly (OptionalKind Kind, int Weight)[] OptionalWeights =
    [
        (OptionalKind.Formatter, 8), (OptionalKind.Validator, 8), (OptionalKind.Mapper, 8), (OptionalKind.Extensions, 8),
        (OptionalKind.Cache, 5), (OptionalKind.Options, 6), (OptionalKind.Statistics, 8), (OptionalKind.Parser, 6),
        (OptionalKind.Events, 5), (OptionalKind.Worker, 4), (OptionalKind.QueryBuilder, 5), (OptionalKind.Comparers, 5),
        (OptionalKind.Exceptions, 5), (OptionalKind.AdminPlugin, 4), (OptionalKind.ReportingTools, 4),
        (OptionalKind.Maintenance, 5), (OptionalKind.ApiClient, 4), (OptionalKind.Contracts, 7),
    ];

    /// <summary>Largest possible core of a module (6 fixed, SK plugin, MCP tools, two risky helpers), plus room.</summary>
    private const int MinimumModuleRoom = 12;

    private readonly int _seed;
    private readonly int _fileCount;

    public CorpusGenerator(int seed, int fileCount)
    {
        if (fileCount < BenchmarkOptions.MinimumFiles)
        {
            throw new ArgumentOutOfRangeException(nameof(fileCount), fileCount, $"At least {BenchmarkOptions.MinimumFiles} files.");
        }

        _seed = seed;
        _fileCount = fileCount;
    }

    /// <summary>A generator for one file or one decision, independent of the order in which files are written.</summary>
    public static Random RandomFor(int seed, int salt)
    {
        unchecked
        {
            var mixed = (uint)seed * 0x9E3779B1u ^ (uint)salt * 0x85EBCA77u;
            mixed ^= mixed >> 15;
            mixed *= 0xC2B2AE3Du;
            mixed ^= mixed >> 13;
            return new Random((int)(mixed & 0x7FFFFFFF));
        }
    }

    public CorpusStamp Write(string directory)
    {
        var modules = Plan();
        var stats = new CorpusStats();
        var files = new List<SourceFile>();
        files.AddRange(CommonSources.Create());
        foreach (var module in modules)
        {
            files.AddRange(new ModuleSources(module, stats).Create());
            var optional = new OptionalSources(module, stats);
            files.AddRange(module.Optional.Select(optional.Create));
        }

        files.Add(HostingSource.Create(modules));
        if (files.Count != _fileCount)
        {
            throw new InvalidOperationException($"Planned {_fileCount} files but generated {files.Count}.");
        }

        var duplicate = files.GroupBy(f => f.RelativePath, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two generated files share the path {duplicate.Key}.");
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectFileName), ProjectFile(), Utf8NoBom);
        long lines = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = file.Render();
            File.WriteAllText(path, text, Utf8NoBom);
            lines += CorpusFiles.CountLines(Utf8NoBom.GetBytes(text));
        }

        var stamp = new CorpusStamp(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["generator"] = CorpusStamp.GeneratorVersion.ToString(CultureInfo.InvariantCulture),
            ["seed"] = _seed.ToString(CultureInfo.InvariantCulture),
            ["files"] = _fileCount.ToString(CultureInfo.InvariantCulture),
            ["lines"] = lines.ToString(CultureInfo.InvariantCulture),
            ["modules"] = modules.Count.ToString(CultureInfo.InvariantCulture),
            ["riskyModules"] = modules.Count(m => m.Risks.Count > 0).ToString(CultureInfo.InvariantCulture),
            ["riskyTools"] = modules.Sum(m => m.Risks.Count).ToString(CultureInfo.InvariantCulture),
            ["semanticKernelTools"] = stats.SemanticKernelTools.ToString(CultureInfo.InvariantCulture),
            ["mcpTools"] = stats.McpTools.ToString(CultureInfo.InvariantCulture),
            ["aiFunctionTools"] = stats.AIFunctionTools.ToString(CultureInfo.InvariantCulture),
        });
        stamp.Write(directory);
        return stamp;
    }

    /// <summary>Removes what a previous generation wrote (only inside a folder that carries the stamp).</summary>
    public static void DeleteGenerated(string directory)
    {
        var source = Path.Combine(directory, "src");
        if (Directory.Exists(source))
        {
            Directory.Delete(source, recursive: true);
        }

        File.Delete(Path.Combine(directory, ProjectFileName));
        File.Delete(Path.Combine(directory, CorpusStamp.FileName));
    }

    private List<ModuleSpec> Plan()
    {
        var random = RandomFor(_seed, 0);
        var modules = new List<ModuleSpec>();
        var remaining = _fileCount - CommonSources.FileCount;
        for (var index = 0; remaining > 0; index++)
        {
            var module = NewModule(index, random, modules);
            var core = ModuleSources.CoreFileCount(module);
            if (core > remaining)
            {
                // No room for another module's core: the previous module takes the rest as optional files.
                AddOptional(modules[^1], remaining, random);
                break;
            }

            var optional = Math.Min(random.Next(7, 19), remaining - core);
            var left = remaining - core - optional;
            if (left is > 0 and < MinimumModuleRoom)
            {
                optional += left;
            }

            AddOptional(module, optional, random);
            modules.Add(module);
            remaining -= core + optional;
        }

        return modules;
    }

    private static ModuleSpec NewModule(int index, Random random, List<ModuleSpec> previous)
    {
        var domains = Vocabulary.Domains;
        var domain = domains[index % domains.Length];
        var lap = index / domains.Length;
        var area = Vocabulary.Areas[lap % Vocabulary.Areas.Length];
        if (lap >= Vocabulary.Areas.Length)
        {
            area += ((lap / Vocabulary.Areas.Length) + 1).ToString(CultureInfo.InvariantCulture);
        }

        var name = domain.Word + area;
        var module = new ModuleSpec
        {
            Index = index,
            Name = name,
            Word = domain.Word.ToLowerInvariant(),
            Words = domain.Plural.ToLowerInvariant(),
            Prefix = domain.Prefix,
            Entity = name + Vocabulary.EntitySuffixes[random.Next(Vocabulary.EntitySuffixes.Length)],
            Group = area.Length == 0 ? "Core" : area,
            Seed = random.Next(),
            SemanticKernel = random.NextDouble() < 0.65,
            Mcp = random.NextDouble() < 0.55,
            AIFunctions = random.NextDouble() < 0.4,
            McpInstanceTools = random.Next(3) == 0,
            InjectedDescription = random.NextDouble() < 0.015,
            ReadOnlyMismatch = random.NextDouble() < 0.4,
        };

        if (!module.SemanticKernel && !module.Mcp && !module.AIFunctions)
        {
            switch (random.Next(3))
            {
                case 0:
                    module.SemanticKernel = true;
                    break;
                case 1:
                    module.Mcp = true;
                    break;
                default:
                    module.AIFunctions = true;
                    break;
            }
        }

        var hosts = new List<ToolHost>();
        if (module.SemanticKernel)
        {
            hosts.Add(ToolHost.SemanticKernel);
        }

        if (module.Mcp)
        {
            hosts.Add(ToolHost.Mcp);
        }

        if (module.AIFunctions)
        {
            hosts.Add(ToolHost.AIFunctions);
        }

        // About four modules in ten reach something risky from a tool; a few reach two things.
        var roll = random.NextDouble();
        var riskCount = roll < 0.6 ? 0 : roll < 0.9 ? 1 : 2;
        var flavors = RiskWeights.ToList();
        for (var i = 0; i < riskCount; i++)
        {
            var flavor = PickWeighted(random, flavors);
            flavors.RemoveAll(f => f.Flavor == flavor);
            module.Risks.Add(new RiskWiring(
                flavor,
                hosts[random.Next(hosts.Count)],
                Guarded: random.NextDouble() < 0.3,
                ViaCommon: random.NextDouble() < 0.5));
        }

        if (previous.Count > 0 && random.NextDouble() < 0.35)
        {
            module.Dependency = previous[random.Next(previous.Count)];
        }

        return module;
    }

    private static void AddOptional(ModuleSpec module, int count, Random random)
    {
        var kinds = OptionalWeights.ToList();
        for (var i = 0; i < count; i++)
        {
            var kind = PickWeighted(random, kinds);
            var ordinal = module.Optional.Count(o => o.Kind == kind) + 1;
            module.Optional.Add(new OptionalFile(kind, ordinal));
        }
    }

    private static T PickWeighted<T>(Random random, List<(T Item, int Weight)> choices)
    {
        var total = choices.Sum(c => c.Weight);
        var pick = random.Next(total);
        foreach (var (item, weight) in choices)
        {
            if (pick < weight)
            {
                return item;
            }

            pick -= weight;
        }

        return choices[^1].Item;
    }

    private static string ProjectFile() => """
        <Project Sdk="Microsoft.NET.Sdk">

          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <RootNamespace>Contoso.Agents</RootNamespace>
            <AssemblyName>Contoso.Agents.Plugins</AssemblyName>
          </PropertyGroup>

          <ItemGroup>
            <PackageReference Include="Microsoft.SemanticKernel" Version="1.82.0" />
            <PackageReference Include="ModelContextProtocol" Version="2.4.0" />
            <PackageReference Include="Microsoft.Extensions.AI" Version="10.11.0" />
            <PackageReference Include="Microsoft.Extensions.Http" Version="10.0.14" />
          </ItemGroup>

        </Project>

        """;
}

/// <summary>Counts of the tools the generator declared, by framework.</summary>
internal sealed class CorpusStats
{
    public int SemanticKernelTools { get; set; }

    public int McpTools { get; set; }

    public int AIFunctionTools { get; set; }
}

/// <summary>
/// The generator's stamp in a corpus folder (<c>.tollgate-bench-corpus</c>, one <c>key=value</c> a line):
/// proves the folder is ours to regenerate, and tells whether it can be reused as it is.
/// </summary>
internal sealed class CorpusStamp
{
    public const string FileName = ".tollgate-bench-corpus";

    /// <summary>Raise when the generator's output changes, so kept corpora are regenerated.</summary>
    /// <remarks>2: the project references Microsoft.Extensions.Http, which the registrations' AddHttpClient needs to compile.</remarks>
    public const int GeneratorVersion = 2;

    public CorpusStamp(SortedDictionary<string, string> values)
    {
        Values = values;
    }

    public SortedDictionary<string, string> Values { get; }

    public int Seed => Int("seed");

    public int FileCount => Int("files");

    public long LineCount => Int("lines");

    public int Modules => Int("modules");

    public int RiskyModules => Int("riskyModules");

    public int SemanticKernelTools => Int("semanticKernelTools");

    public int McpTools => Int("mcpTools");

    public int AIFunctionTools => Int("aiFunctionTools");

    public bool Matches(int seed, int files) => Int("generator") == GeneratorVersion && Seed == seed && FileCount == files;

    public static CorpusStamp? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var separator = line.IndexOf('=');
            if (separator > 0)
            {
                values[line[..separator].Trim()] = line[(separator + 1)..].Trim();
            }
        }

        return new CorpusStamp(values);
    }

    public void Write(string directory)
        => File.WriteAllText(
            Path.Combine(directory, FileName),
            string.Concat(Values.Select(pair => pair.Key + "=" + pair.Value + "\n")));

    private int Int(string key)
        => Values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
