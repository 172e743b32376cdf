using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Tollgate.Analysis;
using Tollgate.Analysis.Metadata;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Tests.Infrastructure;

/// <summary>Runs the engine on sources given as strings, with or without the agent frameworks referenced.</summary>
public static class Scan
{
    private static readonly Lazy<CapabilityCatalog> BuiltIn = new(CapabilityCatalog.LoadBuiltIn);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkPackages = new(() =>
        new[]
        {
            typeof(Microsoft.SemanticKernel.KernelFunctionAttribute).Assembly,
            typeof(ModelContextProtocol.Server.McpServerToolAttribute).Assembly,
            typeof(Microsoft.Extensions.AI.AIFunctionFactory).Assembly,
            typeof(Microsoft.Extensions.AI.AIFunction).Assembly,
            typeof(Microsoft.Extensions.AI.FunctionInvokingChatClient).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions).Assembly,
            typeof(Newtonsoft.Json.JsonConvert).Assembly,
        }
        .Select(a => a.Location).Distinct()
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList());

    public static CapabilityCatalog Catalog => BuiltIn.Value;

    /// <summary>Analyses the sources (file names Source0.cs, Source1.cs…) as one compilation.</summary>
    public static AnalysisResult Sources(params string[] sources) => Run(true, sources);

    /// <summary>Analyses the sources without the frameworks' assemblies: attributes and factories are matched by name.</summary>
    public static AnalysisResult SourcesWithoutFrameworks(params string[] sources) => Run(false, sources);

    public static AnalysisResult Run(bool withFrameworks, string[] sources, CapabilityCatalog? catalog = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, $"Source{i}.cs")).ToList();
        var references = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        if (withFrameworks)
        {
            references.AddRange(FrameworkPackages.Value);
        }

        var compilation = CSharpCompilation.Create("Plugin", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        return new PluginAnalyzer(catalog ?? Catalog).Analyze(compilation, t => t.FilePath);
    }

    /// <summary>Both engines, for theories that hold for sources and for the assembly built from them alike.</summary>
    public static Xunit.TheoryData<string> Engines => new() { "sources", "assembly" };

    /// <summary>Analyses the sources with the engine <see cref="Engines"/> names.</summary>
    public static AnalysisResult With(string engine, params string[] sources) => engine == "sources" ? Sources(sources) : Compiled(sources);

    /// <summary>Compiles the sources (with the frameworks) and analyses the emitted assembly's IL, as a scan of a built plugin does.</summary>
    public static AnalysisResult Compiled(params string[] sources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, $"Source{i}.cs")).ToList();
        var references = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        references.AddRange(FrameworkPackages.Value);
        var compilation = CSharpCompilation.Create("Plugin", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        var input = new AssemblyInput("Plugin.dll", System.Collections.Immutable.ImmutableArray.Create(image.ToArray()));
        return new CompiledPluginAnalyzer(Catalog).Analyze(new[] { input }, references).Result;
    }

    public static EntryPoint Tool(this AnalysisResult result, string id) =>
        result.EntryPoints.SingleOrDefault(e => e.Id == id) ?? throw new InvalidOperationException(
            $"No entry point '{id}'. Found: {string.Join(", ", result.EntryPoints.Select(e => e.Id))}");

    public static IReadOnlyList<string> CapabilitiesOf(this AnalysisResult result, string id) => result.Tool(id).Capabilities;

    public static Finding Trace(this AnalysisResult result, string id, string capability) =>
        result.Findings.Single(f => f.EntryPoint == id && f.Capability == capability && f.Risk == null);

    public static IEnumerable<Finding> Unreached(this AnalysisResult result) => result.Findings.Where(f => f.EntryPoint == null && f.Capability != null);

    /// <summary>Path of the repository root, found from the test's output folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Scanner.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Scanner.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
