using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Tollgate.Benchmarks;

/// <summary>
/// The <c>build</c> phase pair: what the Tollgate analyzers add to <c>dotnet build</c> of the corpus project.
/// It builds the analyzers once, restores the project once, then times full rebuilds of the project without the
/// analyzers (A, the <c>build</c> row) and with them (B, the <c>build+analyzers</c> row), alternating, after one
/// warm-up of each; one more build with <c>ReportAnalyzer</c> gives the analyzer time the compiler measured.
/// Unlike the other phases it runs in the parent: the work happens in the <c>dotnet</c> processes it starts,
/// so it is their wall-clock time that is measured.
/// </summary>
internal static class AnalyzerBuildPhase
{
    /// <summary>The name for <c>--phases</c>, and the row of the builds without the analyzers.</summary>
    public const string Name = "build";

    /// <summary>The row of the builds with the analyzers.</summary>
    public const string WithAnalyzers = "build+analyzers";

    public const string TargetsFileName = "AddTollgateAnalyzers.targets";

    /// <summary>
    /// The folder of the analyzer copies, passed to the targets file. Not <c>TollgateAnalyzerDirectory</c>: the
    /// samples' Directory.Build.targets already adds the analyzers when that one is set, and they would be added twice.
    /// </summary>
    public const string AnalyzerDirectoryProperty = "TollgateBenchAnalyzerDirectory";

    public const string PresetFileName = "tollgate.recommended.globalconfig";

    private static readonly string[] AnalyzerFiles = ["Tollgate.Analyzers.dll", "Tollgate.Core.dll"];

    // "file(1,2): warning TG1001: ..." or "project.csproj : error NU1101: ...", as the console logger prints them.
    private static readonly Regex DiagnosticLine = new(
        @":\s+(?<severity>warning|error)\s+(?<id>[A-Za-z]+[0-9]+)\s*:", RegexOptions.CultureInvariant);

    public static AnalyzerBuildResult Run(CorpusSource source, int repeat, bool keep, TextWriter log)
    {
        var without = NewResult(Name, source, repeat);
        var withTollgate = NewResult(WithAnalyzers, source, repeat);
        var details = new AnalyzerBuildDetails();
        var result = new AnalyzerBuildResult(without, withTollgate, details);

        var scratch = Path.Combine(Path.GetTempPath(), "tollgate-bench-build-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(scratch);
            Measure(source, repeat, scratch, result, log);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            details.Error = ex.Message;
            log.WriteLine($"[build] failed: {ex.Message}");
        }
        finally
        {
            if (keep)
            {
                details.KeptIn = scratch;
                log.WriteLine($"[build] targets file, analyzer copies, ReportAnalyzer log and build output kept in {scratch}");
            }
            else
            {
                TryDelete(scratch);
                details.ReportAnalyzer?.ClearLogFile();
            }
        }

        if (details.Error is not null)
        {
            without.Error ??= details.Error;
            withTollgate.Error ??= details.Error;
        }

        return result;
    }

    private static void Measure(CorpusSource source, int repeat, string scratch, AnalyzerBuildResult result, TextWriter log)
    {
        var details = result.Details;
        var without = result.Without;
        var withTollgate = result.With;

        // 1. The analyzers, built once in Release and copied, so that a build of the checkout meanwhile cannot change them.
        var root = FindRepositoryRoot()
            ?? throw new InvalidOperationException("Could not find the repository root (a folder with Scanner.sln) above the benchmark or the current directory.");
        var analyzerProject = Path.Combine(root, "src", "Tollgate.Analyzers", "Tollgate.Analyzers.csproj");
        string[] analyzerBuild = ["build", analyzerProject, "-c", "Release", "-nologo", "-tl:off", "-v:m"];
        log.WriteLine($"[build] building the analyzers: {DotnetCommand.Describe(analyzerBuild)}");
        var built = DotnetCommand.Run(root, analyzerBuild);
        details.AnalyzersBuildMs = Math.Round(built.ElapsedMs, 1);
        if (built.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the analyzers failed (exit {built.ExitCode}): {Tail(built.Output)}");
        }

        var analyzerOutput = Path.Combine(root, "src", "Tollgate.Analyzers", "bin", "Release", "netstandard2.0");
        var analyzerDirectory = Path.Combine(scratch, "analyzers");
        Directory.CreateDirectory(analyzerDirectory);
        foreach (var file in AnalyzerFiles)
        {
            var from = Path.Combine(analyzerOutput, file);
            if (!File.Exists(from))
            {
                throw new InvalidOperationException($"the analyzer build wrote no {from}.");
            }

            File.Copy(from, Path.Combine(analyzerDirectory, file));
        }

        // The package's default preset, so that B is what a project referencing the package gets.
        var preset = Path.Combine(root, "src", "Tollgate.Analyzers.Package", "build", PresetFileName);
        details.Preset = File.Exists(preset);
        if (details.Preset)
        {
            File.Copy(preset, Path.Combine(analyzerDirectory, PresetFileName));
        }

        details.AnalyzerDirectory = analyzerDirectory + Path.DirectorySeparatorChar;
        details.TargetsFile = Path.Combine(scratch, TargetsFileName);
        File.WriteAllText(details.TargetsFile, TargetsFile());

        // 2. The project, restored once.
        var (target, targetKind) = FindBuildTarget(source);
        details.Project = target;
        details.ProjectKind = targetKind;
        var common = new List<string>();
        if (source.Stamp is not null)
        {
            // A generated corpus builds alone, wherever it lies (even inside this repository, whose Directory.Build.props
            // turns on central package management and warnings as errors), and its build output goes to the scratch
            // folder: an obj/project.assets.json in the corpus would change what the scan phases resolve.
            details.Isolated = true;
            common.Add("-p:ImportDirectoryBuildProps=false");
            common.Add("-p:ImportDirectoryBuildTargets=false");
            common.Add("-p:ImportDirectoryPackagesProps=false");
            common.Add("-p:BaseIntermediateOutputPath=" + Path.Combine(scratch, "obj") + Path.DirectorySeparatorChar);
            common.Add("-p:BaseOutputPath=" + Path.Combine(scratch, "bin") + Path.DirectorySeparatorChar);
        }

        var workingDirectory = source.Directory;
        var version = DotnetCommand.Run(workingDirectory, "--version");
        details.SdkVersion = version.ExitCode == 0 ? version.Output.Trim() : null;

        string[] restore = ["restore", target, "-nologo", "-tl:off", "-v:m", .. common];
        log.WriteLine($"[build] restoring: {DotnetCommand.Describe(restore)}");
        var restored = DotnetCommand.Run(workingDirectory, restore);
        details.RestoreMs = Math.Round(restored.ElapsedMs, 1);
        if (restored.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet restore failed (exit {restored.ExitCode}): {Tail(restored.Output)}");
        }

        // 3. A and B: full rebuilds (no incremental skip), each compiler a fresh process (no build server), same flags.
        string[] withoutArgs =
        [
            "build", target, "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-tl:off", "-v:m", "-clp:NoSummary",
            "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false", .. common,
        ];
        string[] withArgs =
        [
            .. withoutArgs,
            "-p:CustomAfterMicrosoftCSharpTargets=" + details.TargetsFile,
            $"-p:{AnalyzerDirectoryProperty}={details.AnalyzerDirectory}",
        ];
        details.CommandWithout = DotnetCommand.Describe(withoutArgs);
        details.CommandWith = DotnetCommand.Describe(withArgs);
        log.WriteLine($"[build] A: {details.CommandWithout}");
        log.WriteLine($"[build] B: A + -p:CustomAfterMicrosoftCSharpTargets=... -p:{AnalyzerDirectoryProperty}=...");

        var withoutRuns = new List<double>();
        var withRuns = new List<double>();
        BuildOutput? lastWithout = null;
        BuildOutput? lastWith = null;

        BuildOutput RunBuild(bool analyzers, string label)
        {
            var run = DotnetCommand.Run(workingDirectory, analyzers ? withArgs : withoutArgs);
            var output = BuildOutput.Read(run);
            log.WriteLine(
                $"[build] {label} {(analyzers ? "B (with analyzers)   " : "A (without analyzers)")} {run.ElapsedMs,9:N0} ms, exit {run.ExitCode}, "
                + $"{output.TollgateDiagnostics} TG diagnostics, {output.Errors.Count} errors");
            if (analyzers)
            {
                lastWith = output;
            }
            else
            {
                lastWithout = output;
            }

            return output;
        }

        without.WarmupMs = Math.Round(RunBuild(false, "warm-up").ElapsedMs, 1);
        withTollgate.WarmupMs = Math.Round(RunBuild(true, "warm-up").ElapsedMs, 1);
        for (var round = 1; round <= repeat; round++)
        {
            // Alternate which goes first, so that a slow drift of the machine weighs on both alike.
            var withFirst = round % 2 == 0;
            var first = RunBuild(withFirst, $"round {round}/{repeat}");
            var second = RunBuild(!withFirst, $"round {round}/{repeat}");
            var a = withFirst ? second : first;
            var b = withFirst ? first : second;
            withoutRuns.Add(a.ElapsedMs);
            withRuns.Add(b.ElapsedMs);
            details.Rounds.Add(new BuildRound(round, withFirst ? "BA" : "AB", Math.Round(a.ElapsedMs, 1), Math.Round(b.ElapsedMs, 1), Math.Round(b.ElapsedMs / a.ElapsedMs, 3)));
        }

        var finalWithout = lastWithout ?? throw new InvalidOperationException("no build without analyzers ran.");
        var finalWith = lastWith ?? throw new InvalidOperationException("no build with analyzers ran.");
        Summarize(without, withoutRuns, finalWithout);
        Summarize(withTollgate, withRuns, finalWith);
        details.PairedRatioMedian = Math.Round(Median(details.Rounds.Select(r => r.Ratio).ToList()), 3);
        details.TollgateDiagnosticsById = finalWith.TollgateById;
        details.TollgateDiagnosticsWithout = finalWithout.TollgateDiagnostics;
        details.CompileErrors = finalWithout.Errors.Concat(finalWith.Errors).Distinct(StringComparer.Ordinal).Take(20).ToList();

        // 4. One more B with the compiler's own analyzer timing, read from a detailed file log.
        var logFile = Path.Combine(scratch, "report-analyzer.log");
        string[] reportArgs = [.. withArgs, "-p:ReportAnalyzer=true", $"-flp:Verbosity=detailed;LogFile={logFile}"];
        log.WriteLine("[build] one more B with -p:ReportAnalyzer=true (not timed against A)…");
        var reported = DotnetCommand.Run(workingDirectory, reportArgs);
        var summary = new ReportAnalyzerSummary { BuildMs = Math.Round(reported.ElapsedMs, 1), ExitCode = reported.ExitCode, LogFile = logFile };
        if (File.Exists(logFile))
        {
            var parsed = ReportAnalyzerLog.Parse(File.ReadAllText(logFile));
            summary.Fill(parsed);
        }

        details.ReportAnalyzer = summary;
        log.WriteLine(
            $"[build] ReportAnalyzer build {reported.ElapsedMs:N0} ms: analyzers {summary.TotalAnalyzerSeconds:N3} s in total, "
            + $"Tollgate {summary.TollgateSeconds:N3} s ({summary.TollgatePercent:N1}%)");

        withTollgate.Counters["compilerAnalyzerMs"] = (long)Math.Round(summary.TotalAnalyzerSeconds * 1000);
        withTollgate.Counters["tollgateAnalyzerMs"] = (long)Math.Round(summary.TollgateSeconds * 1000);

        // 5. Did B really run the analyzers, and A not?
        details.AnalyzersVerified = finalWith.TollgateDiagnostics > 0 || summary.ListsTollgate;
        if (!details.AnalyzersVerified)
        {
            withTollgate.Error ??= "the builds with analyzers reported no TG diagnostic and the compiler did not list the Tollgate analyzers: "
                + "the targets file was not imported (CustomAfterMicrosoftCSharpTargets not honoured?)";
        }
        else if (finalWith.TollgateDiagnostics == 0 && source.Stamp is { RiskyModules: > 0 })
        {
            withTollgate.Error ??= "the analyzers ran but reported no TG diagnostic on a generated corpus that has risky call paths";
        }

        if (finalWithout.TollgateDiagnostics > 0)
        {
            without.Error ??= $"the builds without the benchmark's analyzers already reported {finalWithout.TollgateDiagnostics} TG diagnostics: "
                + "the project references the Tollgate analyzers itself, so A is not a build without them";
        }
    }

    private static void Summarize(PhaseResult result, List<double> runs, BuildOutput last)
    {
        result.RunsMs = runs.Select(r => Math.Round(r, 1)).ToArray();
        result.MedianMs = Math.Round(Median(runs), 1);
        result.MinMs = Math.Round(runs.Min(), 1);
        result.MaxMs = Math.Round(runs.Max(), 1);
        result.Counters["exitCode"] = last.ExitCode;
        result.Counters["tgDiagnostics"] = last.TollgateDiagnostics;
        result.Counters["otherWarnings"] = last.OtherWarnings;
        result.Counters["errors"] = last.Errors.Count;
        if (last.ExitCode != 0)
        {
            result.Error ??= last.TimedOut
                ? $"a build took longer than {DotnetCommand.Timeout.TotalMinutes:N0} minutes and was stopped"
                : $"the build failed (exit {last.ExitCode})" + (last.Errors.Count > 0 ? ": " + string.Join(" | ", last.Errors.Take(3)) : string.Empty);
        }
    }

    private static PhaseResult NewResult(string phase, CorpusSource source, int repeat) => new()
    {
        Phase = phase,
        Repeat = repeat,
        ProcessorCount = Environment.ProcessorCount,
        Files = source.Files.Paths.Count,
        Lines = source.Files.Lines,
    };

    /// <summary>The generated corpus's project; in another folder, its single project at the top, else its single solution.</summary>
    private static (string Path, string Kind) FindBuildTarget(CorpusSource source)
    {
        if (source.Stamp is not null)
        {
            var project = Path.Combine(source.Directory, Corpus.CorpusGenerator.ProjectFileName);
            if (!File.Exists(project))
            {
                throw new InvalidOperationException($"the generated corpus has no {project}.");
            }

            return (project, "generated project");
        }

        var projects = Directory.GetFiles(source.Directory, "*.csproj", SearchOption.TopDirectoryOnly);
        if (projects.Length == 1)
        {
            return (projects[0], "the project at the top of the corpus folder");
        }

        if (projects.Length > 1)
        {
            throw new InvalidOperationException($"{source.Directory} holds {projects.Length} .csproj files at its top; the build phase needs exactly one.");
        }

        var solutions = Directory.GetFiles(source.Directory, "*.sln", SearchOption.TopDirectoryOnly)
            .Concat(Directory.GetFiles(source.Directory, "*.slnx", SearchOption.TopDirectoryOnly))
            .ToArray();
        if (solutions.Length == 1)
        {
            return (solutions[0], "the solution at the top of the corpus folder");
        }

        throw new InvalidOperationException(
            $"{source.Directory} has no .csproj at its top (and not exactly one .sln or .slnx): the build phase has nothing to build.");
    }

    /// <summary>Scanner.sln above the benchmark's own files, or above the current directory.</summary>
    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Scanner.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private static string TargetsFile() => $$"""
        <Project>
          <!-- Written by the Tollgate benchmark (build phase) and imported through CustomAfterMicrosoftCSharpTargets:
               adds the Tollgate analyzers and the package's default preset to a build without changing the project. -->
          <ItemGroup Condition="'$({{AnalyzerDirectoryProperty}})' != ''">
            <Analyzer Include="$({{AnalyzerDirectoryProperty}}){{AnalyzerFiles[0]}};$({{AnalyzerDirectoryProperty}}){{AnalyzerFiles[1]}}" />
            <EditorConfigFiles Include="$({{AnalyzerDirectoryProperty}}){{PresetFileName}}" Condition="Exists('$({{AnalyzerDirectoryProperty}}){{PresetFileName}}')" />
          </ItemGroup>
        </Project>

        """;

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains(" error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(5).ToList();
        return string.Join(" | ", errors.Count > 0 ? errors : lines.TakeLast(5));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The diagnostics one build printed (minimal verbosity, no summary, so each once).</summary>
    private sealed class BuildOutput
    {
        public int ExitCode { get; private init; }

        public bool TimedOut { get; private init; }

        public double ElapsedMs { get; private init; }

        public int TollgateDiagnostics => TollgateById.Values.Sum();

        public SortedDictionary<string, int> TollgateById { get; } = new(StringComparer.Ordinal);

        public int OtherWarnings { get; private set; }

        public List<string> Errors { get; } = [];

        public static BuildOutput Read(CommandResult run)
        {
            var output = new BuildOutput { ExitCode = run.ExitCode, TimedOut = run.TimedOut, ElapsedMs = run.ElapsedMs };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in run.Output.Split('\n'))
            {
                var line = raw.Trim();
                var match = DiagnosticLine.Match(line);
                if (!match.Success || !seen.Add(line))
                {
                    continue;
                }

                var id = match.Groups["id"].Value;
                if (match.Groups["severity"].Value == "error")
                {
                    output.Errors.Add(line);
                }
                else if (id.StartsWith("TG", StringComparison.Ordinal))
                {
                    output.TollgateById[id] = output.TollgateById.GetValueOrDefault(id) + 1;
                }
                else
                {
                    output.OtherWarnings++;
                }
            }

            // Infos do not reach the console at this verbosity; TG errors (strict mode) count as diagnostics too.
            foreach (var error in output.Errors)
            {
                var id = DiagnosticLine.Match(error).Groups["id"].Value;
                if (id.StartsWith("TG", StringComparison.Ordinal))
                {
                    output.TollgateById[id] = output.TollgateById.GetValueOrDefault(id) + 1;
                }
            }

            return output;
        }
    }
}

/// <summary>The two rows of the table and what else the build phase found.</summary>
internal sealed record AnalyzerBuildResult(PhaseResult Without, PhaseResult With, AnalyzerBuildDetails Details);

/// <summary>One round: A and B back to back, in the order given.</summary>
internal sealed record BuildRound(int Round, string Order, double WithoutMs, double WithMs, double Ratio);

/// <summary>The build phase's own section of the JSON output.</summary>
internal sealed class AnalyzerBuildDetails
{
    public string? Project { get; set; }

    public string? ProjectKind { get; set; }

    public string? SdkVersion { get; set; }

    /// <summary>A generated corpus builds without Directory.Build.* files above it, and with its output outside it.</summary>
    public bool Isolated { get; set; }

    public string? AnalyzerDirectory { get; set; }

    public string? TargetsFile { get; set; }

    /// <summary>The package's 'recommended' preset was added to B too.</summary>
    public bool Preset { get; set; }

    public double AnalyzersBuildMs { get; set; }

    public double RestoreMs { get; set; }

    public string? CommandWithout { get; set; }

    public string? CommandWith { get; set; }

    public List<BuildRound> Rounds { get; } = [];

    /// <summary>The median of the per-round B/A ratios: each compares two builds that ran seconds apart.</summary>
    public double? PairedRatioMedian { get; set; }

    public SortedDictionary<string, int> TollgateDiagnosticsById { get; set; } = new(StringComparer.Ordinal);

    public int TollgateDiagnosticsWithout { get; set; }

    public List<string> CompileErrors { get; set; } = [];

    public bool AnalyzersVerified { get; set; }

    public ReportAnalyzerSummary? ReportAnalyzer { get; set; }

    public string? KeptIn { get; set; }

    public string? Error { get; set; }
}

/// <summary>What the compiler measured in the extra <c>ReportAnalyzer</c> build.</summary>
internal sealed class ReportAnalyzerSummary
{
    public double BuildMs { get; set; }

    public int ExitCode { get; set; }

    public int Compilations { get; set; }

    public double TotalAnalyzerSeconds { get; set; }

    public double TotalGeneratorSeconds { get; set; }

    public double TollgateSeconds { get; set; }

    public double TollgatePercent { get; set; }

    public bool ListsTollgate { get; set; }

    public List<AnalyzerTime> Assemblies { get; set; } = [];

    public List<AnalyzerTime> TollgateAnalyzers { get; set; } = [];

    public string? LogFile { get; set; }

    public void Fill(ReportAnalyzerLog log)
    {
        Compilations = log.Compilations;
        TotalAnalyzerSeconds = log.TotalAnalyzerSeconds;
        TotalGeneratorSeconds = log.TotalGeneratorSeconds;
        TollgateSeconds = Math.Round(log.TollgateSeconds, 3);
        TollgatePercent = log.TollgatePercent;
        ListsTollgate = log.ListsTollgate;
        Assemblies = log.Assemblies;
        TollgateAnalyzers = log.TollgateAnalyzers;
    }

    /// <summary>The log is deleted with the scratch folder.</summary>
    public void ClearLogFile() => LogFile = null;

    public string Describe()
        => Compilations == 0
            ? "the compiler printed no analyzer times" + (ExitCode != 0 ? $" (the build exited with {ExitCode})" : string.Empty)
            : string.Create(CultureInfo.InvariantCulture, $"{TotalAnalyzerSeconds:N3} s of analyzer time in all, Tollgate {TollgateSeconds:N3} s ({TollgatePercent:N1}%)");
}
