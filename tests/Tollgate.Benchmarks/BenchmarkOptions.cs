using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Tollgate.Benchmarks;

/// <summary>The parsed command line of the harness, for the parent run and for a phase child.</summary>
internal sealed record BenchmarkOptions
{
    public const int DefaultFiles = 2000;
    public const int DefaultSeed = 20251;
    public const int DefaultRepeat = 3;
    public const int MinimumFiles = 40;

    /// <summary>The phases a child process measures; also the default list.</summary>
    public static readonly IReadOnlyList<string> ChildPhases = ["parse", "bind", "inventory", "scan"];

    /// <summary>Every phase <c>--phases</c> accepts, in the order of the table. <c>assemblies</c> and <c>build</c> run only when asked.</summary>
    public static readonly IReadOnlyList<string> KnownPhases = [.. ChildPhases, AssembliesPhase.Name, AnalyzerBuildPhase.Name];

    public static readonly IReadOnlyList<string> DefaultPhases = ChildPhases;

    public string? CorpusDirectory { get; init; }
    public int Files { get; init; } = DefaultFiles;
    public int Seed { get; init; } = DefaultSeed;
    public int Repeat { get; init; } = DefaultRepeat;
    public IReadOnlyList<string> Phases { get; init; } = DefaultPhases;
    public string? JsonOutput { get; init; }
    public bool Check { get; init; }
    public bool Keep { get; init; }
    public bool GenerateOnly { get; init; }
    public bool Help { get; init; }

    /// <summary>For the <c>assemblies</c> phase: folders (their top-level .dll files) or .dll files to measure instead of the packages.</summary>
    public IReadOnlyList<string>? AssemblyPaths { get; init; }

    /// <summary>For the <c>assemblies</c> phase: time the engine's variants even when the ratio is within budget.</summary>
    public bool Breakdown { get; init; }

    public bool RepeatGiven { get; init; }

    /// <summary>Rounds of the assemblies phase: <c>--repeat</c>, else 5 (its runs are short, so it takes more).</summary>
    public int AssembliesRepeat => RepeatGiven ? Repeat : AssembliesPhase.DefaultRounds;

    /// <summary>Whether a generated or given corpus is needed: not when only the <c>assemblies</c> phase runs.</summary>
    public bool NeedsCorpus => GenerateOnly || Phases.Any(p => p != AssembliesPhase.Name);

    /// <summary>Set only in a child process: the one phase it measures.</summary>
    public string? ChildPhase { get; init; }

    public const string Usage = """
        Tollgate benchmark: generates a plugin-shaped C# corpus and measures parse, bind and the full scan,
        each phase in its own child process; on request (--phases build), what the analyzers add to dotnet build;
        on request (--phases assemblies), the compiled-assembly scan against merely decoding their IL.

        Usage: dotnet run -c Release --project tests/Tollgate.Benchmarks -- [options]

          --files N         corpus size in .cs files (default 2000, about 300,000 lines)
          --seed S          generator seed (default 20251); the same seed and N give the same files
          --corpus DIR      generate into DIR and keep it; reused when DIR already holds the same corpus;
                            a DIR of other C# sources (no generator stamp) is measured as it is
          --keep            keep the default temporary corpus (and the build phase's scratch folder) and print their paths
          --repeat K        measured runs per phase after one warm-up (default 3); for build, rounds of A and B;
                            for assemblies, rounds of the floor and the scan (default 5)
          --phases LIST     comma-separated, from parse,bind,inventory,scan,assemblies,build
                            (default parse,bind,inventory,scan);
                            inventory is the scan without data-flow risks (--no-risks);
                            assemblies times the compiled-plugin engine on the Semantic Kernel, MCP and
                            Microsoft.Extensions.AI assemblies of the local NuGet folder against decoding every
                            method body, and checks it takes at most 3x (no corpus is generated for it alone);
                            build times `dotnet build` of the corpus project without (A) and with (B) the Tollgate
                            analyzers, and checks that they add at most 15%
          --assemblies PATH...  for the assemblies phase (implied when --phases is not given): measure these
                            folders (their .dll files) or .dll files instead of the packages
          --breakdown       for the assemblies phase: also time the engine without risks, without the unreached
                            inventory, and Roslyn's reading of the metadata alone (done anyway when over budget)
          --json FILE       also write the results as JSON
          --check           exit 1 when a budget fails or a phase could not be measured
          --generate-only   write the corpus (needs --corpus) and stop
          --phase NAME      internal: run one phase in this process (also: diagnostics) and print one JSON line
          -h, --help        this text
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new BenchmarkOptions();
        var phasesGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    options = options with { Help = true };
                    break;
                case "--check":
                    options = options with { Check = true };
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                case "--generate-only":
                    options = options with { GenerateOnly = true };
                    break;
                case "--breakdown":
                    options = options with { Breakdown = true };
                    break;
                case "--assemblies":
                    var paths = new List<string>();
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        paths.Add(args[++i]);
                    }

                    if (paths.Count == 0)
                    {
                        error = "--assemblies needs at least one folder or .dll.";
                        return null;
                    }

                    options = options with { AssemblyPaths = [.. options.AssemblyPaths ?? [], .. paths] };
                    break;
                case "--corpus":
                    if (!TryValue(args, ref i, out var corpus, out error))
                    {
                        return null;
                    }

                    options = options with { CorpusDirectory = corpus };
                    break;
                case "--json":
                    if (!TryValue(args, ref i, out var json, out error))
                    {
                        return null;
                    }

                    options = options with { JsonOutput = json };
                    break;
                case "--files":
                    if (!TryInt(args, ref i, MinimumFiles, out var files, out error))
                    {
                        return null;
                    }

                    options = options with { Files = files };
                    break;
                case "--seed":
                    if (!TryInt(args, ref i, 0, out var seed, out error))
                    {
                        return null;
                    }

                    options = options with { Seed = seed };
                    break;
                case "--repeat":
                    if (!TryInt(args, ref i, 1, out var repeat, out error))
                    {
                        return null;
                    }

                    options = options with { Repeat = repeat, RepeatGiven = true };
                    break;
                case "--phases":
                    if (!TryValue(args, ref i, out var list, out error))
                    {
                        return null;
                    }

                    var phases = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => p.ToLowerInvariant())
                        .Distinct(StringComparer.Ordinal)
                        .ToList();
                    var unknown = phases.Where(p => !KnownPhases.Contains(p, StringComparer.Ordinal)).ToList();
                    if (phases.Count == 0 || unknown.Count > 0)
                    {
                        error = $"--phases takes a comma-separated list from {string.Join(',', KnownPhases)}; got '{list}'.";
                        return null;
                    }

                    // Keep the canonical order so the table always reads parse, bind, inventory, scan, assemblies, build.
                    options = options with { Phases = KnownPhases.Where(phases.Contains).ToList() };
                    phasesGiven = true;
                    break;
                case "--phase":
                    if (!TryValue(args, ref i, out var phase, out error))
                    {
                        return null;
                    }

                    if (!ChildPhases.Contains(phase, StringComparer.Ordinal) && phase != PhaseChild.DiagnosticsPhase && phase != AssembliesPhase.Name)
                    {
                        error = $"--phase takes parse, bind, inventory, scan, {AssembliesPhase.Name} or {PhaseChild.DiagnosticsPhase}; got '{phase}'.";
                        return null;
                    }

                    options = options with { ChildPhase = phase };
                    break;
                default:
                    error = $"Unknown argument '{arg}'.";
                    return null;
            }
        }

        if (options.AssemblyPaths is not null && !options.Phases.Contains(AssembliesPhase.Name))
        {
            if (phasesGiven)
            {
                error = $"--assemblies is for the {AssembliesPhase.Name} phase; add it to --phases.";
                return null;
            }

            options = options with { Phases = [AssembliesPhase.Name] };
        }

        if (options.ChildPhase is not null && options.ChildPhase != AssembliesPhase.Name && options.CorpusDirectory is null)
        {
            error = "--phase needs --corpus DIR.";
            return null;
        }

        if (options.GenerateOnly && options.CorpusDirectory is null)
        {
            error = "--generate-only needs --corpus DIR.";
            return null;
        }

        return options;
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int index, out string value, out string? error)
    {
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = string.Empty;
            error = $"{args[index]} needs a value.";
            return false;
        }

        index++;
        value = args[index];
        error = null;
        return true;
    }

    private static bool TryInt(IReadOnlyList<string> args, ref int index, int minimum, out int value, out string? error)
    {
        var name = args[index];
        value = 0;
        if (!TryValue(args, ref index, out var text, out error))
        {
            return false;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) || value < minimum)
        {
            error = $"{name} takes a whole number of at least {minimum}; got '{text}'.";
            return false;
        }

        return true;
    }
}
