using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Tollgate.Analysis.Metadata;
using Tollgate.Catalog;

namespace Tollgate.Benchmarks;

/// <summary>
/// The <c>assemblies</c> phase: the compiled-plugin engine (<see cref="CompiledPluginAnalyzer"/>) on real framework
/// assemblies, end to end, against the floor of merely decoding every method body with System.Reflection.Metadata.
/// Both run in one child process, alternating, on images read into memory beforehand; the ratio is the measure.
/// </summary>
internal static class AssembliesPhase
{
    /// <summary>The name for <c>--phases</c> and <c>--phase</c>, and the row of the engine's scan.</summary>
    public const string Name = "assemblies";

    /// <summary>The row of the floor: open every image and decode every method body's IL.</summary>
    public const string FloorName = "il-decode";

    /// <summary>Rounds when <c>--repeat</c> is not given.</summary>
    public const int DefaultRounds = 5;

    /// <summary>The packages measured by default, from the local NuGet package folder; the optional ones may be absent.</summary>
    private static readonly (string Id, bool Optional)[] DefaultPackages =
    [
        ("microsoft.semantickernel.abstractions", false),
        ("microsoft.semantickernel.core", true),
        ("modelcontextprotocol.core", false),
        ("modelcontextprotocol", true),
        ("microsoft.extensions.ai", false),
        ("microsoft.extensions.ai.abstractions", false),
    ];

    /// <summary>The lib folders taken, best first.</summary>
    private static readonly string[] Frameworks = ["net10.0", "net9.0", "net8.0", "netstandard2.0"];

    /// <summary>
    /// The engine's variants timed by the breakdown, after the full scan: without data-flow risks, without the inventory of
    /// code no tool reaches, without both; and with the CLI's default inventory (only the assemblies no other scanned one
    /// references, instead of every assembly as the measured scan does).
    /// </summary>
    private static readonly (string Name, bool Risks, bool Unreached, bool InventoryAll)[] Variants =
    [
        ("scan, risks:false", false, true, true),
        ("scan, unreached:false", true, false, true),
        ("scan, risks:false unreached:false", false, false, true),
        ("scan, inventoried: CLI default (primary assemblies only)", true, true, false),
    ];

    /// <summary>Runs the phase in this (child) process and prints one JSON line, as <see cref="PhaseChild"/> does.</summary>
    public static int RunChild(IReadOnlyList<string>? paths, int repeat, bool breakdown)
    {
        var stdout = Console.Out;
        var result = new PhaseResult { Phase = Name, Repeat = repeat, ProcessorCount = Environment.ProcessorCount };
        var details = new AssembliesDetails();
        result.Assemblies = details;
        try
        {
            var loaded = paths is { Count: > 0 } ? FromPaths(paths, details) : FromPackages(details);
            if (loaded.Count == 0)
            {
                details.Skipped ??= "no assemblies found";
                Console.Error.WriteLine($"[{Name}] skipped: {details.Skipped}");
            }
            else
            {
                Measure(loaded, repeat, breakdown, result, details);
            }
        }
        catch (Exception ex)
        {
            result.Error = ex.GetType().Name + ": " + ex.Message;
            Console.Error.WriteLine($"[{Name}] failed: {ex}");
        }

        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            result.PeakWorkingSetBytes = process.PeakWorkingSet64;
        }

        stdout.WriteLine(JsonSerializer.Serialize(result, PhaseResult.LineJson));
        stdout.Flush();
        return result.Error is null ? 0 : 1;
    }

    /// <summary>The floor's row of the table, from the details the child reported with the scan's row.</summary>
    public static PhaseResult FloorRow(PhaseResult scan, AssembliesDetails details) => new()
    {
        Phase = FloorName,
        Repeat = scan.Repeat,
        ProcessorCount = scan.ProcessorCount,
        Files = scan.Files,
        WarmupMs = details.FloorWarmupMs,
        RunsMs = details.FloorRunsMs,
        MedianMs = details.FloorMedianMs,
        MinMs = details.FloorRunsMs.Length == 0 ? 0 : details.FloorRunsMs.Min(),
        MaxMs = details.FloorRunsMs.Length == 0 ? 0 : details.FloorRunsMs.Max(),
        AllocatedBytesPerRun = details.FloorAllocatedBytesPerRun,
        PeakWorkingSetBytes = scan.PeakWorkingSetBytes,
        Counters = details.FloorCounters,
    };

    private static void Measure(List<LoadedAssembly> loaded, int repeat, bool breakdown, PhaseResult result, AssembliesDetails details)
    {
        var inputs = loaded.Select(l => l.Input).ToList();
        IReadOnlyList<MetadataReference> references = Net100.References.All.Cast<MetadataReference>().ToList();
        details.References = references.Count;
        result.Files = inputs.Count;

        // The catalog is loaded once: it is the engine's configuration, not part of scanning assemblies.
        var catalog = CapabilityCatalog.LoadBuiltIn();
        Func<SortedDictionary<string, long>> floor = () => DecodeAll(inputs);
        Func<SortedDictionary<string, long>> scan = () => Scan(catalog, inputs, references, risks: true, unreached: true);

        var bytes = loaded.Sum(l => (long)l.Input.Image.Length);
        Console.Error.WriteLine($"[{Name}] {inputs.Count} assemblies, {bytes / 1024.0 / 1024.0:N1} MiB, {references.Count} framework references: warm-up…");
        details.FloorWarmupMs = Math.Round(PhaseChild.Measure(floor, out var floorCounters, out _), 1);
        details.FloorCounters = floorCounters;
        result.WarmupMs = Math.Round(PhaseChild.Measure(scan, out var scanCounters, out _), 1);
        result.Counters = scanCounters;
        Console.Error.WriteLine($"[{Name}] warm-up: floor {details.FloorWarmupMs:N1} ms, scan {result.WarmupMs:N1} ms");

        // Each assembly's own count of bodies and IL, for the list in the report.
        foreach (var assembly in loaded)
        {
            var counts = DecodeAll([assembly.Input]);
            assembly.Entry.MethodBodies = counts["methodBodies"];
            assembly.Entry.IlBytes = counts["ilBytes"];
        }

        details.Inputs = loaded.Select(l => l.Entry).ToList();

        // Alternate which goes first (FS, SF, FS, ...) so that a slow drift of a shared machine does not favour either.
        var floorRuns = new List<double>(repeat);
        var scanRuns = new List<double>(repeat);
        long floorAllocated = 0;
        long scanAllocated = 0;
        for (var i = 0; i < repeat; i++)
        {
            var floorFirst = i % 2 == 0;
            double floorMs = 0;
            double scanMs = 0;
            for (var step = 0; step < 2; step++)
            {
                if ((step == 0) == floorFirst)
                {
                    floorMs = PhaseChild.Measure(floor, out floorCounters, out var allocated);
                    floorAllocated += allocated;
                    details.FloorCounters = floorCounters;
                }
                else
                {
                    scanMs = PhaseChild.Measure(scan, out scanCounters, out var allocated);
                    scanAllocated += allocated;
                    result.Counters = scanCounters;
                }
            }

            floorRuns.Add(floorMs);
            scanRuns.Add(scanMs);
            var round = new AssembliesRound
            {
                Order = floorFirst ? "FS" : "SF",
                FloorMs = Math.Round(floorMs, 2),
                ScanMs = Math.Round(scanMs, 1),
                Ratio = Math.Round(scanMs / floorMs, 2),
            };
            details.Rounds.Add(round);
            Console.Error.WriteLine($"[{Name}] round {i + 1}/{repeat} ({round.Order}): floor {floorMs:N1} ms, scan {scanMs:N1} ms, ratio {round.Ratio:N2}");
        }

        details.FloorRunsMs = floorRuns.Select(r => Math.Round(r, 2)).ToArray();
        details.FloorMedianMs = Math.Round(PhaseChild.Median(floorRuns), 2);
        details.FloorAllocatedBytesPerRun = floorAllocated / repeat;
        result.RunsMs = scanRuns.Select(r => Math.Round(r, 1)).ToArray();
        result.MedianMs = Math.Round(PhaseChild.Median(scanRuns), 1);
        result.MinMs = Math.Round(scanRuns.Min(), 1);
        result.MaxMs = Math.Round(scanRuns.Max(), 1);
        result.AllocatedBytesPerRun = scanAllocated / repeat;
        details.Ratio = Math.Round(PhaseChild.Median(scanRuns) / PhaseChild.Median(floorRuns), 2);
        details.RatioMin = Math.Round(scanRuns.Min() / floorRuns.Min(), 2);
        details.PairedRatioMedian = Math.Round(PhaseChild.Median(scanRuns.Select((s, i) => s / floorRuns[i]).ToList()), 2);

        if (breakdown || details.Ratio > BenchmarkReport.MaxAssembliesRatio)
        {
            details.Breakdown = Breakdown(catalog, inputs, references, Math.Min(repeat, 3), result.MedianMs);
        }
    }

    /// <summary>
    /// Where the scan's time goes, from outside the engine: the scan without data-flow risks, without the unreached-code
    /// inventory, without both; and what Roslyn alone costs to read the same metadata (a compilation of the images and the
    /// framework references, with every member of every type of the scanned assemblies).
    /// </summary>
    private static List<AssembliesBreakdown> Breakdown(CapabilityCatalog catalog, List<AssemblyInput> inputs, IReadOnlyList<MetadataReference> references, int runs, double fullMedian)
    {
        var parts = new List<(string Name, string Description, Func<SortedDictionary<string, long>> Work)>();
        foreach (var (name, risks, unreached, inventoryAll) in Variants)
        {
            var description = $"CompiledPluginAnalyzer(risks: {(risks ? "true" : "false")}, unreached: {(unreached ? "true" : "false")}).Analyze(..., inventoried: {(inventoryAll ? "_ => true" : "null")})";
            parts.Add((name, description, () => Scan(catalog, inputs, references, risks, unreached, inventoryAll)));
        }

        parts.Add(("roslyn: compilation + symbols", "CSharpCompilation.Create of the images and the framework references, GetAssemblyOrModuleSymbol of each, then every member of every type of the scanned assemblies", () => RoslynSymbols(inputs, references)));
        parts.Add(("roslyn: compilation only", "CSharpCompilation.Create and GetAssemblyOrModuleSymbol of each image (the references bound), no members read", () => RoslynSymbols(inputs, references, members: false)));

        var rows = new List<AssembliesBreakdown>
        {
            new() { Name = "scan (full)", Description = "CompiledPluginAnalyzer(risks: true, unreached: true), the measured rounds", MedianMs = fullMedian, Share = 1.0 },
        };
        foreach (var (name, description, work) in parts)
        {
            PhaseChild.Measure(work, out _, out _);
            var times = new List<double>(runs);
            SortedDictionary<string, long> counters = new(StringComparer.Ordinal);
            for (var i = 0; i < runs; i++)
            {
                times.Add(PhaseChild.Measure(work, out counters, out _));
            }

            var median = PhaseChild.Median(times);
            rows.Add(new AssembliesBreakdown
            {
                Name = name,
                Description = description,
                MedianMs = Math.Round(median, 1),
                Share = fullMedian > 0 ? Math.Round(median / fullMedian, 3) : 0,
                Counters = counters,
            });
            Console.Error.WriteLine($"[{Name}] breakdown: {name}: {median:N1} ms ({(fullMedian > 0 ? median / fullMedian : 0):P0} of the full scan)");
        }

        return rows;
    }

    private static SortedDictionary<string, long> Scan(CapabilityCatalog catalog, List<AssemblyInput> inputs, IReadOnlyList<MetadataReference> references, bool risks, bool unreached, bool inventoryAll = true)
    {
        var analysis = new CompiledPluginAnalyzer(catalog, risks, unreached).Analyze(inputs, references, inventoried: inventoryAll ? _ => true : null);
        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["entryPoints"] = analysis.Result.EntryPoints.Count,
            ["findings"] = analysis.Result.Findings.Count,
            ["scanned"] = analysis.Scanned.Count,
            ["unreadable"] = analysis.Unreadable.Count,
        };
    }

    private static SortedDictionary<string, long> RoslynSymbols(List<AssemblyInput> inputs, IReadOnlyList<MetadataReference> references, bool members = true)
    {
        var images = inputs.Select(i => MetadataReference.CreateFromImage(i.Image, filePath: i.DisplayPath)).ToList();
        var compilation = CSharpCompilation.Create(
            "tollgate-bench-symbols",
            references: images.Concat(references),
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, metadataImportOptions: MetadataImportOptions.All));
        long types = 0;
        long memberCount = 0;
        foreach (var image in images)
        {
            if (compilation.GetAssemblyOrModuleSymbol(image) is not IAssemblySymbol assembly || !members)
            {
                continue;
            }

            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                foreach (var member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        types += container is INamedTypeSymbol ? 1 : 0;
                        pending.Push(container);
                    }
                    else
                    {
                        memberCount++;
                        if (member is IMethodSymbol method)
                        {
                            // Signatures are decoded lazily; the engine reads them to match and name members.
                            _ = method.ReturnType;
                            _ = method.Parameters;
                        }
                    }
                }
            }
        }

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["types"] = types,
            ["members"] = memberCount,
        };
    }

    // ---- The floor: an IL decoder of its own, independent of the engine's ----

    private const int SwitchOperand = -2;

    /// <summary>
    /// Operand size by opcode: one-byte opcodes at their value, two-byte ones (0xFE xx) at 0x100 + xx; -1 unknown,
    /// <see cref="SwitchOperand"/> for <c>switch</c> (a count, then that many 4-byte targets). Built from the BCL's
    /// <see cref="OpCodes"/> table, so it follows ECMA-335 without sharing anything with the engine's decoder.
    /// </summary>
    private static readonly int[] OperandSizes = BuildOperandSizes();

    private static int[] BuildOperandSizes()
    {
        var sizes = Enumerable.Repeat(-1, 0x200).ToArray();
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode code)
            {
                continue;
            }

            var value = (ushort)code.Value;
            var index = code.Size == 1 ? value & 0xFF : 0x100 | (value & 0xFF);
            if (code.Size == 2 && (value >> 8) != 0xFE)
            {
                continue;
            }

            sizes[index] = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => SwitchOperand,
                _ => 4,
            };
        }

        return sizes;
    }

    /// <summary>
    /// The floor: open every image, and for every method definition with a body, read the body and walk its IL, reading
    /// each opcode and skipping its operand. The sums are returned so that none of it can be optimised away.
    /// </summary>
    private static SortedDictionary<string, long> DecodeAll(IReadOnlyList<AssemblyInput> inputs)
    {
        long bodies = 0;
        long instructions = 0;
        long ilBytes = 0;
        long checksum = 0;
        long malformed = 0;
        foreach (var input in inputs)
        {
            using var pe = new PEReader(input.Image);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.MethodDefinitions)
            {
                var rva = reader.GetMethodDefinition(handle).RelativeVirtualAddress;
                if (rva == 0)
                {
                    continue;
                }

                var body = pe.GetMethodBody(rva);
                bodies++;
                var il = body.GetILReader();
                ilBytes += il.Length;
                while (il.RemainingBytes > 0)
                {
                    int code = il.ReadByte();
                    if (code == 0xFE)
                    {
                        if (il.RemainingBytes == 0)
                        {
                            malformed++;
                            break;
                        }

                        code = 0x100 | il.ReadByte();
                    }

                    var size = OperandSizes[code];
                    if (size == SwitchOperand && il.RemainingBytes >= 4)
                    {
                        var targets = il.ReadUInt32();
                        size = targets <= (uint)il.RemainingBytes / 4 ? (int)targets * 4 : -1;
                    }

                    if (size < 0 || size > il.RemainingBytes)
                    {
                        malformed++;
                        break;
                    }

                    il.Offset += size;
                    instructions++;
                    checksum += code;
                }
            }
        }

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["assemblies"] = inputs.Count,
            ["methodBodies"] = bodies,
            ["instructions"] = instructions,
            ["ilBytes"] = ilBytes,
            ["opcodeSum"] = checksum,
            ["malformedBodies"] = malformed,
        };
    }

    // ---- The inputs ----

    /// <summary>The local NuGet package folder: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    public static string PackageFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    private static List<LoadedAssembly> FromPackages(AssembliesDetails details)
    {
        var root = PackageFolder();
        details.Source = $"packages in {root}";
        var loaded = new List<LoadedAssembly>();
        foreach (var (id, optional) in DefaultPackages)
        {
            var chosen = ChoosePackage(Path.Combine(root, id));
            if (chosen is null)
            {
                details.Missing.Add(optional ? id + " (optional)" : id);
                continue;
            }

            foreach (var file in Directory.GetFiles(chosen.Value.Lib, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                loaded.Add(Load(file, Path.GetFileNameWithoutExtension(file), id, chosen.Value.Version, chosen.Value.Framework));
            }
        }

        if (loaded.Count == 0)
        {
            details.Skipped = $"none of the packages {string.Join(", ", DefaultPackages.Select(p => p.Id))} has a lib/{{{string.Join(',', Frameworks)}}} folder with assemblies in {root} "
                + "(restore the repository's tests, or set NUGET_PACKAGES, or pass --assemblies)";
        }

        return loaded;
    }

    /// <summary>The highest version folder with assemblies in one of <see cref="Frameworks"/>, and the best of those.</summary>
    private static (string Version, string Framework, string Lib)? ChoosePackage(string packageDirectory)
    {
        if (!Directory.Exists(packageDirectory))
        {
            return null;
        }

        var versions = Directory.GetDirectories(packageDirectory).Select(Path.GetFileName).OfType<string>()
            .OrderByDescending(v => v, Comparer<string>.Create(CompareVersions));
        foreach (var version in versions)
        {
            foreach (var framework in Frameworks)
            {
                var lib = Path.Combine(packageDirectory, version, "lib", framework);
                if (Directory.Exists(lib) && Directory.EnumerateFiles(lib, "*.dll").Any())
                {
                    return (version, framework, lib);
                }
            }
        }

        return null;
    }

    private static List<LoadedAssembly> FromPaths(IReadOnlyList<string> paths, AssembliesDetails details)
    {
        details.Source = "--assemblies " + string.Join(' ', paths);
        var loaded = new List<LoadedAssembly>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                var files = Directory.GetFiles(full, "*.dll").OrderBy(f => f, StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    details.Missing.Add(full + " (no .dll in the folder)");
                }

                loaded.AddRange(files.Select(f => Load(f, Path.GetFileNameWithoutExtension(f), null, null, null)));
            }
            else if (File.Exists(full))
            {
                loaded.Add(Load(full, Path.GetFileNameWithoutExtension(full), null, null, null));
            }
            else
            {
                details.Missing.Add(full + " (not found)");
            }
        }

        if (loaded.Count == 0)
        {
            details.Skipped = "no .dll found in " + string.Join(", ", paths);
        }

        return loaded;
    }

    /// <summary>Reads the image (and a portable PDB beside it) into memory: I/O is not measured.</summary>
    private static LoadedAssembly Load(string file, string name, string? package, string? version, string? framework)
    {
        var image = File.ReadAllBytes(file);
        var pdbPath = Path.ChangeExtension(file, ".pdb");
        ImmutableArray<byte>? pdb = File.Exists(pdbPath) ? ImmutableArray.Create(File.ReadAllBytes(pdbPath)) : null;
        var entry = new AssembliesInput
        {
            Name = name,
            Package = package,
            Version = version,
            Framework = framework,
            Path = file,
            Bytes = image.LongLength,
            Pdb = pdb is not null,
        };
        return new LoadedAssembly(new AssemblyInput(file, ImmutableArray.Create(image), pdb), entry);
    }

    /// <summary>NuGet-style order: numeric release parts, then a release above its prereleases, then prerelease labels.</summary>
    internal static int CompareVersions(string a, string b)
    {
        static (string[] Release, string[]? Pre) Split(string version)
        {
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0)
            {
                version = version[..plus];
            }

            var dash = version.IndexOf('-', StringComparison.Ordinal);
            return dash < 0 ? (version.Split('.'), null) : (version[..dash].Split('.'), version[(dash + 1)..].Split('.'));
        }

        static int CompareLabel(string x, string y)
        {
            var xNumeric = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xn);
            var yNumeric = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yn);
            return (xNumeric, yNumeric) switch
            {
                (true, true) => xn.CompareTo(yn),
                (true, false) => -1,
                (false, true) => 1,
                _ => StringComparer.OrdinalIgnoreCase.Compare(x, y),
            };
        }

        var (aRelease, aPre) = Split(a);
        var (bRelease, bPre) = Split(b);
        for (var i = 0; i < Math.Max(aRelease.Length, bRelease.Length); i++)
        {
            var compared = CompareLabel(i < aRelease.Length ? aRelease[i] : "0", i < bRelease.Length ? bRelease[i] : "0");
            if (compared != 0)
            {
                return compared;
            }
        }

        if (aPre is null || bPre is null)
        {
            return aPre is null ? (bPre is null ? 0 : 1) : -1;
        }

        for (var i = 0; i < Math.Min(aPre.Length, bPre.Length); i++)
        {
            var compared = CompareLabel(aPre[i], bPre[i]);
            if (compared != 0)
            {
                return compared;
            }
        }

        return aPre.Length.CompareTo(bPre.Length);
    }

    private sealed record LoadedAssembly(AssemblyInput Input, AssembliesInput Entry);
}

/// <summary>What the <c>assemblies</c> child reports beside the scan's timings: the inputs, the floor, each round, a breakdown.</summary>
internal sealed class AssembliesDetails
{
    /// <summary>Where the assemblies came from: the package folder, or the <c>--assemblies</c> arguments.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Set when nothing was found to measure: the phase is skipped, which is not an error.</summary>
    public string? Skipped { get; set; }

    public List<AssembliesInput> Inputs { get; set; } = new();

    /// <summary>Packages or paths asked for and not found.</summary>
    public List<string> Missing { get; set; } = new();

    /// <summary>How many framework reference assemblies the scan was given (Basic.Reference.Assemblies.Net100).</summary>
    public int References { get; set; }

    public double FloorWarmupMs { get; set; }

    public double[] FloorRunsMs { get; set; } = [];

    public double FloorMedianMs { get; set; }

    public long FloorAllocatedBytesPerRun { get; set; }

    public SortedDictionary<string, long> FloorCounters { get; set; } = new();

    public List<AssembliesRound> Rounds { get; set; } = new();

    /// <summary>Median scan over median floor.</summary>
    public double Ratio { get; set; }

    /// <summary>Fastest scan over fastest floor.</summary>
    public double RatioMin { get; set; }

    /// <summary>The median of the per-round ratios.</summary>
    public double PairedRatioMedian { get; set; }

    /// <summary>Set when the ratio is over budget or <c>--breakdown</c> asked for it.</summary>
    public List<AssembliesBreakdown>? Breakdown { get; set; }
}

internal sealed class AssembliesInput
{
    public string Name { get; set; } = string.Empty;

    public string? Package { get; set; }

    public string? Version { get; set; }

    public string? Framework { get; set; }

    public string Path { get; set; } = string.Empty;

    public long Bytes { get; set; }

    public bool Pdb { get; set; }

    public long MethodBodies { get; set; }

    public long IlBytes { get; set; }
}

internal sealed class AssembliesRound
{
    /// <summary>"FS": the floor ran first, "SF": the scan did.</summary>
    public string Order { get; set; } = string.Empty;

    public double FloorMs { get; set; }

    public double ScanMs { get; set; }

    public double Ratio { get; set; }
}

internal sealed class AssembliesBreakdown
{
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public double MedianMs { get; set; }

    /// <summary>Of the full scan's median.</summary>
    public double Share { get; set; }

    public SortedDictionary<string, long>? Counters { get; set; }
}
