using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Benchmarks;

/// <summary>
/// The table, the ratios and the budget from the performance issue: the full scan takes at most twice the
/// parse+bind floor (the <c>bind</c> phase, which includes parsing) and peaks below 2 GiB; with <c>--phases build</c>,
/// the analyzers add at most 15% to <c>dotnet build</c>.
/// Ratios rather than absolute times are judged, because the machines that run this are shared and noisy.
/// </summary>
internal sealed class BenchmarkReport
{
    public const double MaxScanToBindRatio = 2.0;

    /// <summary>Issue budget: the taint analysis adds at most 50% to the scan.</summary>
    public const double MaxTaintRatio = 1.5;
    public const long MaxPeakBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Issue budget: the analyzers add at most 15% to <c>dotnet build</c> of a realistic project.</summary>
    public const double MaxAnalyzerBuildRatio = 1.15;

    /// <summary>Budget: scanning compiled assemblies takes at most 3x decoding every method body of them.</summary>
    public const double MaxAssembliesRatio = 3.0;

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private readonly CorpusSource? _source;
    private readonly BenchmarkOptions _options;
    private readonly IReadOnlyList<PhaseResult> _results;
    private readonly AnalyzerBuildDetails? _build;
    private readonly AssembliesDetails? _assemblies;

    /// <param name="source">The corpus; null when only the assemblies phase ran.</param>
    public BenchmarkReport(CorpusSource? source, BenchmarkOptions options, IReadOnlyList<PhaseResult> results, AnalyzerBuildDetails? build = null, AssembliesDetails? assemblies = null)
    {
        _source = source;
        _options = options;
        _results = results;
        _build = build;
        _assemblies = assemblies;
        // From the child's unrounded times when it reported them: the floor takes a few ms, so rounding would show.
        var measured = Ratio(AssembliesPhase.Name, AssembliesPhase.FloorName, r => r.MedianMs) is not null && assemblies is { Skipped: null, Ratio: > 0 };
        AssembliesToFloor = measured ? assemblies!.Ratio : Ratio(AssembliesPhase.Name, AssembliesPhase.FloorName, r => r.MedianMs);
        AssembliesToFloorMin = measured ? assemblies!.RatioMin : Ratio(AssembliesPhase.Name, AssembliesPhase.FloorName, r => r.MinMs);
        ScanToBind = Ratio("scan", "bind", r => r.MedianMs);
        ScanToInventory = Ratio("scan", "inventory", r => r.MedianMs);
        ScanToParse = Ratio("scan", "parse", r => r.MedianMs);
        ScanToBindMin = Ratio("scan", "bind", r => r.MinMs);
        ScanToParseMin = Ratio("scan", "parse", r => r.MinMs);
        AnalyzerBuild = Ratio(AnalyzerBuildPhase.WithAnalyzers, AnalyzerBuildPhase.Name, r => r.MedianMs);
        AnalyzerBuildMin = Ratio(AnalyzerBuildPhase.WithAnalyzers, AnalyzerBuildPhase.Name, r => r.MinMs);
        Budgets = EvaluateBudgets();
    }

    public double? ScanToBind { get; }

    /// <summary>The full scan against the capability inventory alone: what the data-flow analysis costs.</summary>
    public double? ScanToInventory { get; }

    public double? ScanToParse { get; }

    /// <summary>The same ratios from the fastest runs: noise only adds time, so these show what a quiet machine would.</summary>
    public double? ScanToBindMin { get; }

    public double? ScanToParseMin { get; }

    /// <summary>dotnet build with the Tollgate analyzers against the same build without them (medians).</summary>
    public double? AnalyzerBuild { get; }

    public double? AnalyzerBuildMin { get; }

    /// <summary>The compiled-assembly scan against decoding every method body of the same assemblies (medians).</summary>
    public double? AssembliesToFloor { get; }

    public double? AssembliesToFloorMin { get; }

    /// <summary>What the analyzers add to the build, in percent of the build without them.</summary>
    public double? AnalyzerBuildOverheadPercent => AnalyzerBuild is { } ratio ? Math.Round((ratio - 1) * 100, 1) : null;

    public IReadOnlyList<BudgetCheck> Budgets { get; }

    /// <summary>No budget failed and every phase asked for was measured.</summary>
    public bool Passed => Budgets.All(b => b.Verdict != "FAIL") && _results.All(r => r.Error is null);

    public void Print(TextWriter output)
    {
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        output.WriteLine();
        output.WriteLine($"Tollgate benchmark: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {gc}");
        if (_source is not null)
        {
            output.WriteLine($"Corpus ({_source.Origin}): {_source.Directory}");
            output.WriteLine($"  {_source.Files.Paths.Count:N0} files, {_source.Files.Lines:N0} lines, {_source.Files.Bytes / 1024.0 / 1024.0:N1} MiB");
            if (_source.Stamp is { } stamp)
            {
                output.WriteLine($"  seed {stamp.Seed}; {stamp.Modules} modules; tools: {stamp.SemanticKernelTools} semantic-kernel, {stamp.McpTools} mcp, {stamp.AIFunctionTools} microsoft-extensions-ai; {stamp.RiskyModules} modules with risky call paths");
            }

            output.WriteLine($"  {_options.Repeat} measured run(s) per phase after one warm-up; median shown");
        }
        else
        {
            output.WriteLine("Corpus: none (only the assemblies phase ran)");
        }

        if (_options.Phases.Contains(AssembliesPhase.Name))
        {
            output.WriteLine($"  assemblies: {_options.AssembliesRepeat} rounds of the IL-decoding floor and the scan, alternating, after one warm-up of each; median shown");
        }
        output.WriteLine();
        var width = Math.Max(7, _results.Select(r => r.Phase.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"phase".PadRight(width)} {"median ms",11} {"min ms",11} {"lines/s",11} {"peak MiB",10}  notes");
        foreach (var result in _results)
        {
            // The build rows time other processes (MSBuild, the compiler): no peak of ours to show.
            var peak = IsBuild(result) ? "-" : Mib(result.PeakWorkingSetBytes);
            if (result.Error is not null)
            {
                output.WriteLine($"{result.Phase.PadRight(width)} {"-",11} {"-",11} {"-",11} {peak,10}  ERROR: {result.Error}");
                continue;
            }

            // The assemblies rows have no source lines; the floor shares the scan's process, so one peak is shown.
            var linesPerSecond = result.Lines > 0 ? LinesPerSecond(result).ToString("N0", CultureInfo.InvariantCulture) : "-";
            if (result.Phase == AssembliesPhase.FloorName)
            {
                peak = "-";
            }

            output.WriteLine(
                $"{result.Phase.PadRight(width)} {result.MedianMs,11:N1} {result.MinMs,11:N1} {linesPerSecond,11} {peak,10}  {Notes(result)}");
        }

        output.WriteLine();
        if (_source is not null)
        {
            output.WriteLine($"scan/bind  = {Format(ScanToBind)}   (fastest runs: {Format(ScanToBindMin)})");
            output.WriteLine($"scan/inventory = {Format(ScanToInventory)}   (what the data-flow analysis adds)");
            output.WriteLine($"scan/parse = {Format(ScanToParse)}   (fastest runs: {Format(ScanToParseMin)})");
        }

        if (_options.Phases.Contains(AssembliesPhase.Name))
        {
            PrintAssemblies(output);
        }

        if (_options.Phases.Contains(AnalyzerBuildPhase.Name))
        {
            PrintBuild(output);
        }

        output.WriteLine();
        output.WriteLine("Budget (from the issue):");
        foreach (var budget in Budgets)
        {
            output.WriteLine($"  {budget.Verdict,-4}  {budget.Name}: {budget.Measured}");
        }

        output.WriteLine();
    }

    public string ToJson()
    {
        var document = new
        {
            machine = new
            {
                processorCount = Environment.ProcessorCount,
                framework = RuntimeInformation.FrameworkDescription,
                os = RuntimeInformation.OSDescription,
                serverGC = GCSettings.IsServerGC,
            },
            corpus = _source is null ? null : new
            {
                origin = _source.Origin,
                directory = _source.Directory,
                files = _source.Files.Paths.Count,
                lines = _source.Files.Lines,
                bytes = _source.Files.Bytes,
                seed = _source.Stamp?.Seed,
                generator = _source.Stamp?.Values,
            },
            repeat = _options.Repeat,
            phases = _results,
            ratios = new
            {
                scanToInventory = ScanToInventory,
                scanToBind = ScanToBind,
                scanToParse = ScanToParse,
                scanToBindMin = ScanToBindMin,
                scanToParseMin = ScanToParseMin,
                buildWithAnalyzersToBuild = AnalyzerBuild,
                buildWithAnalyzersToBuildMin = AnalyzerBuildMin,
                buildWithAnalyzersToBuildPaired = _build?.PairedRatioMedian,
                analyzerBuildOverheadPercent = AnalyzerBuildOverheadPercent,
                assembliesToIlDecode = AssembliesToFloor,
                assembliesToIlDecodeMin = AssembliesToFloorMin,
                assembliesToIlDecodePaired = _assemblies?.Skipped is null ? _assemblies?.PairedRatioMedian : null,
            },
            analyzerBuild = _build,
            assemblies = _assemblies,
            budgets = Budgets,
            passed = Passed,
        };
        return JsonSerializer.Serialize(document, FileJson);
    }

    private List<BudgetCheck> EvaluateBudgets()
    {
        var checks = new List<BudgetCheck>();
        var scan = Find("scan");

        const string ratioName = "full scan <= 2x the parse+bind floor (scan/bind median)";
        if (ScanToBind is { } ratio)
        {
            checks.Add(new BudgetCheck(ratioName, ratio <= MaxScanToBindRatio ? "PASS" : "FAIL", $"{ratio:N2} (limit {MaxScanToBindRatio:N2})"));
        }
        else
        {
            checks.Add(new BudgetCheck(ratioName, "SKIP", "needs the scan and bind phases measured"));
        }

        const string taintName = "data-flow risks add <= 50% to the scan (scan/inventory median)";
        checks.Add(ScanToInventory is { } taint
            ? new BudgetCheck(taintName, taint <= MaxTaintRatio ? "PASS" : "FAIL", $"{taint:N2} (limit {MaxTaintRatio:N2})")
            : new BudgetCheck(taintName, "SKIP", "needs the scan and inventory phases measured"));

        const string buildName = "Tollgate analyzers add <= 15% to dotnet build (build+analyzers/build median)";
        checks.Add(AnalyzerBuild is { } build
            ? new BudgetCheck(
                buildName,
                build <= MaxAnalyzerBuildRatio ? "PASS" : "FAIL",
                string.Create(CultureInfo.InvariantCulture, $"{build:N2}, {AnalyzerBuildOverheadPercent:+0.0;-0.0}% (limit {MaxAnalyzerBuildRatio:N2}, +{(MaxAnalyzerBuildRatio - 1) * 100:N0}%)"))
            : new BudgetCheck(buildName, "SKIP", "needs the build phase measured (--phases build)"));

        const string assembliesName = "compiled-assembly scan <= 3x decoding every method body (assemblies/il-decode median)";
        checks.Add(AssembliesToFloor is { } assemblies
            ? new BudgetCheck(assembliesName, assemblies <= MaxAssembliesRatio ? "PASS" : "FAIL", $"{assemblies:N2} (limit {MaxAssembliesRatio:N2})")
            : new BudgetCheck(assembliesName, "SKIP", _assemblies?.Skipped is { } skipped
                ? "skipped: " + skipped
                : "needs the assemblies phase measured (--phases assemblies)"));

        const string memoryName = "peak memory of the full scan < 2 GiB";
        if (scan is not null && scan.Error is null)
        {
            checks.Add(new BudgetCheck(
                memoryName,
                scan.PeakWorkingSetBytes < MaxPeakBytes ? "PASS" : "FAIL",
                $"{Mib(scan.PeakWorkingSetBytes)} MiB (limit {MaxPeakBytes / 1024 / 1024:N0} MiB)"));
        }
        else
        {
            checks.Add(new BudgetCheck(memoryName, "SKIP", "needs the scan phase measured"));
        }

        return checks;
    }

    private PhaseResult? Find(string phase) => _results.FirstOrDefault(r => r.Phase == phase);

    private double? Ratio(string numerator, string denominator, Func<PhaseResult, double> time)
    {
        var top = Find(numerator);
        var bottom = Find(denominator);
        if (top is null || bottom is null || top.Error is not null || bottom.Error is not null || time(bottom) <= 0)
        {
            return null;
        }

        return Math.Round(time(top) / time(bottom), 3);
    }

    private void PrintBuild(TextWriter output)
    {
        var overhead = AnalyzerBuildOverheadPercent is { } percent ? percent.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
        output.WriteLine(
            $"build+analyzers/build = {Format(AnalyzerBuild)} ({overhead})   (fastest runs: {Format(AnalyzerBuildMin)}; median of per-round ratios: {Format(_build?.PairedRatioMedian)})");
        if (_build is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Build phase: {_build.ProjectKind} {_build.Project}" + (_build.SdkVersion is null ? string.Empty : $", SDK {_build.SdkVersion}")
            + (_build.Isolated ? ", isolated (no Directory.Build.* above, output outside the corpus)" : string.Empty));
        if (_build.Rounds.Count > 0)
        {
            output.WriteLine("  rounds (A = without, B = with the analyzers): " + string.Join("; ", _build.Rounds.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Order} {r.WithoutMs:N0}/{r.WithMs:N0} ms = {r.Ratio:N2}"))));
        }

        if (_build.TollgateDiagnosticsById.Count > 0 || _build.AnalyzersVerified)
        {
            output.WriteLine("  TG diagnostics in B: " + (_build.TollgateDiagnosticsById.Count == 0
                ? "none"
                : string.Join(", ", _build.TollgateDiagnosticsById.Select(p => $"{p.Key} x{p.Value}")))
                + $"; in A: {_build.TollgateDiagnosticsWithout}");
        }

        if (_build.CompileErrors.Count > 0)
        {
            output.WriteLine($"  compile errors ({_build.CompileErrors.Count}{(_build.CompileErrors.Count >= 20 ? "+" : string.Empty)}):");
            foreach (var error in _build.CompileErrors.Take(5))
            {
                output.WriteLine("    " + error);
            }
        }

        if (_build.ReportAnalyzer is { } report)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  compiler-reported (ReportAnalyzer, one extra B build of {report.BuildMs:N0} ms): {report.Describe()}"));
            foreach (var assembly in report.Assemblies.Take(4))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {assembly.Seconds,9:N3} s {assembly.Percent,3}%  {assembly.Name}"));
            }

            if (report.TotalGeneratorSeconds > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    (source generators: {report.TotalGeneratorSeconds:N3} s)"));
            }

            foreach (var analyzer in report.TollgateAnalyzers.Where(a => a.Seconds > 0 || report.TollgateAnalyzers.Count <= 3))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    Tollgate {analyzer.Seconds,9:N3} s {analyzer.Percent,3}%  {analyzer.Name} ({analyzer.Ids})"));
            }

            if (report.LogFile is not null)
            {
                output.WriteLine($"  ReportAnalyzer log: {report.LogFile}");
            }
        }

        if (_build.Error is not null)
        {
            output.WriteLine($"  ERROR: {_build.Error}");
        }
    }

    private void PrintAssemblies(TextWriter output)
    {
        var details = _assemblies;
        output.WriteLine(
            $"assemblies/il-decode = {Format(AssembliesToFloor)}   (fastest runs: {Format(AssembliesToFloorMin)}; median of per-round ratios: {Format(details?.Skipped is null ? details?.PairedRatioMedian : null)})");
        if (details is null)
        {
            return;
        }

        output.WriteLine();
        if (details.Skipped is not null)
        {
            output.WriteLine($"Assemblies phase SKIPPED: {details.Skipped}");
            foreach (var missing in details.Missing)
            {
                output.WriteLine($"  not found: {missing}");
            }

            return;
        }

        var bytes = details.Inputs.Sum(i => i.Bytes);
        var bodies = details.Inputs.Sum(i => i.MethodBodies);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Assemblies phase: {details.Inputs.Count} assemblies from {details.Source}, {bytes / 1024.0 / 1024.0:N1} MiB, {bodies:N0} method bodies; {details.References} framework references (Basic.Reference.Assemblies.Net100)"));
        var nameWidth = Math.Max(8, details.Inputs.Select(i => i.Name.Length).DefaultIfEmpty(0).Max());
        foreach (var input in details.Inputs)
        {
            var version = input.Version is null ? input.Path : $"{input.Version} lib/{input.Framework}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {input.Name.PadRight(nameWidth)} {version,-22} {input.Bytes / 1024.0,8:N0} KiB {input.MethodBodies,8:N0} bodies {input.IlBytes / 1024.0,7:N0} KiB IL{(input.Pdb ? ", pdb" : string.Empty)}"));
        }

        foreach (var missing in details.Missing)
        {
            output.WriteLine($"  not found: {missing}");
        }

        if (details.Rounds.Count > 0)
        {
            output.WriteLine("  rounds (floor/scan ms = ratio): " + string.Join("; ", details.Rounds.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Order} {r.FloorMs:N1}/{r.ScanMs:N0} = {r.Ratio:N2}"))));
        }

        if (details.Breakdown is { Count: > 0 } breakdown)
        {
            output.WriteLine("  breakdown (median ms, share of the full scan):");
            foreach (var part in breakdown)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {part.MedianMs,9:N1} ms {part.Share,7:P0}  {part.Name}"));
            }
        }
    }

    private static bool IsBuild(PhaseResult result) => result.Phase is AnalyzerBuildPhase.Name or AnalyzerBuildPhase.WithAnalyzers;

    private static double LinesPerSecond(PhaseResult result)
        => result.MedianMs > 0 ? result.Lines / (result.MedianMs / 1000.0) : 0;

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(double? ratio) => ratio is { } value ? value.ToString("N2", CultureInfo.InvariantCulture) : "n/a";

    private string Notes(PhaseResult result)
    {
        var generatedTools = _source?.Stamp is { } stamp ? stamp.SemanticKernelTools + stamp.McpTools + stamp.AIFunctionTools : -1;
        var counters = result.Counters;
        string Get(string key) => counters.TryGetValue(key, out var value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "?";
        var allocated = $"alloc {result.AllocatedBytesPerRun / 1024.0 / 1024.0:N0} MiB/run";
        return result.Phase switch
        {
            "bind" => $"{Get("calls")} calls, {Get("resolved")} resolved; {allocated}",
            AssembliesPhase.FloorName => $"{Get("assemblies")} assemblies: {Get("methodBodies")} method bodies, {Get("instructions")} instructions decoded; {allocated}",
            AssembliesPhase.Name => $"CompiledPluginAnalyzer: {Get("entryPoints")} entry points, {Get("findings")} findings, {Get("scanned")} scanned, {Get("unreadable")} unreadable; {allocated}",
            "scan" or "inventory" => $"exit {Get("exitCode")}, {Get("entryPoints")} entry points"
                + (generatedTools >= 0 ? $" ({generatedTools:N0} generated)" : string.Empty)
                + $", {Get("findings")} findings; {allocated}",
            AnalyzerBuildPhase.Name => $"dotnet build without the analyzers (A): {Get("tgDiagnostics")} TG, {Get("otherWarnings")} other warnings, {Get("errors")} errors",
            AnalyzerBuildPhase.WithAnalyzers => $"with the analyzers (B): {Get("tgDiagnostics")} TG diagnostics, {Get("errors")} errors; "
                + $"compiler-reported analyzer time {Get("compilerAnalyzerMs")} ms, Tollgate {Get("tollgateAnalyzerMs")} ms",
            _ => allocated,
        };
    }
}

internal sealed record BudgetCheck(string Name, string Verdict, string Measured);
