using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Benchmarks.Corpus;

namespace Tollgate.Benchmarks;

/// <summary>The parent run: prepares the corpus, runs one child process per phase, prints and saves the results.</summary>
internal static class ParentRunner
{
    public static int Run(BenchmarkOptions options)
    {
        // The assemblies phase measures compiled assemblies, not the corpus: alone, it needs none generated.
        CorpusSource? source = null;
        try
        {
            if (options.NeedsCorpus)
            {
                source = CorpusSource.Prepare(options, Console.Error);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine("Could not prepare the corpus: " + ex.Message);
            return 2;
        }

        try
        {
            if (options.GenerateOnly && source is not null)
            {
                Console.WriteLine($"Corpus written to {source.Directory}: {source.Files.Paths.Count:N0} files, {source.Files.Lines:N0} lines.");
                return 0;
            }

            var results = new List<PhaseResult>();
            AnalyzerBuildResult? build = null;
            AssembliesDetails? assemblies = null;
            foreach (var phase in options.Phases)
            {
                if (phase == AssembliesPhase.Name)
                {
                    var scan = RunAssembliesChild(options);
                    assemblies = scan.Assemblies;
                    if (scan.Error is null && assemblies is { Skipped: not null })
                    {
                        // Nothing to measure is not a failure: the report says why, and the budget shows SKIP.
                        Console.Error.WriteLine($"--- {phase}: skipped: {assemblies.Skipped}");
                        continue;
                    }

                    if (scan.Error is null && assemblies is not null)
                    {
                        results.Add(AssembliesPhase.FloorRow(scan, assemblies));
                    }

                    results.Add(scan);
                    continue;
                }

                if (phase == AnalyzerBuildPhase.Name && source is not null)
                {
                    // Times the dotnet processes it starts, so it runs here rather than in a child of its own.
                    Console.Error.WriteLine($"--- {phase}: dotnet build of the corpus without and with the Tollgate analyzers");
                    build = AnalyzerBuildPhase.Run(source, options.Repeat, options.Keep, Console.Error);
                    results.Add(build.Without);
                    results.Add(build.With);
                    continue;
                }

                if (source is not null)
                {
                    results.Add(RunChild(phase, options.Repeat, ["--corpus", source.Directory]));
                }
            }

            var report = new BenchmarkReport(source, options, results, build?.Details, assemblies);
            report.Print(Console.Out);

            if (options.JsonOutput is not null)
            {
                var path = Path.GetFullPath(options.JsonOutput);
                var directory = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                File.WriteAllText(path, report.ToJson());
                Console.WriteLine($"Results written to {path}");
            }

            return options.Check && !report.Passed ? 1 : 0;
        }
        finally
        {
            source?.Cleanup(Console.Error);
        }
    }

    private static PhaseResult RunAssembliesChild(BenchmarkOptions options)
    {
        var arguments = new List<string>();
        if (options.AssemblyPaths is { Count: > 0 } paths)
        {
            arguments.Add("--assemblies");
            arguments.AddRange(paths.Select(Path.GetFullPath));
        }

        if (options.Breakdown)
        {
            arguments.Add("--breakdown");
        }

        return RunChild(AssembliesPhase.Name, options.AssembliesRepeat, arguments);
    }

    private static PhaseResult RunChild(string phase, int repeat, IReadOnlyList<string> arguments)
    {
        var startInfo = CreateChildStartInfo();
        foreach (var argument in new[] { "--phase", phase, "--repeat", repeat.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The child's progress goes straight to our standard error; its standard output carries the result line.
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = false;
        startInfo.UseShellExecute = false;

        Console.Error.WriteLine($"--- {phase}: {startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}");
        using var child = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start the {phase} child process.");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        PhaseResult? result = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                result = JsonSerializer.Deserialize<PhaseResult>(line, PhaseResult.LineJson);
            }
            catch (JsonException)
            {
                continue;
            }

            if (result is not null && result.Phase == phase)
            {
                break;
            }

            result = null;
        }

        if (result is null)
        {
            return new PhaseResult
            {
                Phase = phase,
                Repeat = repeat,
                Error = $"the child process exited with {child.ExitCode} and printed no result line",
            };
        }

        return result;
    }

    /// <summary>Re-invokes this benchmark: <c>dotnet Tollgate.Benchmarks.dll</c>, or its apphost when that is what runs.</summary>
    private static ProcessStartInfo CreateChildStartInfo()
    {
        var ownAssembly = typeof(Program).Assembly.Location;
        var host = Environment.ProcessPath;
        if (host is not null)
        {
            // Not GetFileNameWithoutExtension: "Tollgate.Benchmarks" would lose ".Benchmarks".
            var hostName = Path.GetFileName(host);
            if (hostName.Equals("dotnet", StringComparison.OrdinalIgnoreCase) || hostName.Equals("dotnet.exe", StringComparison.OrdinalIgnoreCase))
            {
                var viaMuxer = new ProcessStartInfo(host);
                viaMuxer.ArgumentList.Add(ownAssembly);
                return viaMuxer;
            }

            var appHost = Path.GetFileNameWithoutExtension(ownAssembly);
            if (hostName.Equals(appHost, StringComparison.OrdinalIgnoreCase) || hostName.Equals(appHost + ".exe", StringComparison.OrdinalIgnoreCase))
            {
                // The apphost of this very assembly: the same runtime and runtimeconfig as `dotnet <dll>`.
                return new ProcessStartInfo(host);
            }
        }

        var fallback = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        fallback.ArgumentList.Add(ownAssembly);
        return fallback;
    }
}

/// <summary>Where the measured files come from: a generated corpus (temporary or kept) or a folder given as it is.</summary>
internal sealed class CorpusSource
{
    private readonly bool _deleteAfterwards;

    private CorpusSource(string directory, CorpusFiles files, string origin, CorpusStamp? stamp, bool deleteAfterwards)
    {
        Directory = directory;
        Files = files;
        Origin = origin;
        Stamp = stamp;
        _deleteAfterwards = deleteAfterwards;
    }

    public string Directory { get; }

    public CorpusFiles Files { get; }

    /// <summary>"generated", "reused" or "external".</summary>
    public string Origin { get; }

    public CorpusStamp? Stamp { get; }

    public static CorpusSource Prepare(BenchmarkOptions options, TextWriter log)
    {
        if (options.CorpusDirectory is null)
        {
            var temporary = Path.Combine(Path.GetTempPath(), "tollgate-bench-corpus-" + Guid.NewGuid().ToString("N")[..8]);
            var stamp = Generate(temporary, options, log);
            return new CorpusSource(temporary, CorpusFiles.Load(temporary), "generated", stamp, deleteAfterwards: !options.Keep);
        }

        var directory = Path.GetFullPath(options.CorpusDirectory);
        var existing = CorpusStamp.TryRead(directory);
        var hasContent = System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any();
        if (existing is not null && existing.Matches(options.Seed, options.Files))
        {
            log.WriteLine($"Reusing the corpus in {directory} (seed {existing.Seed}, {existing.FileCount:N0} files).");
            return new CorpusSource(directory, CorpusFiles.Load(directory), "reused", existing, deleteAfterwards: false);
        }

        if (existing is null && hasContent)
        {
            log.WriteLine($"{directory} is not a generated corpus: measuring its C# files as they are.");
            return new CorpusSource(directory, CorpusFiles.Load(directory), "external", null, deleteAfterwards: false);
        }

        if (existing is not null)
        {
            log.WriteLine($"The corpus in {directory} was generated with other settings; regenerating it.");
            CorpusGenerator.DeleteGenerated(directory);
        }

        var generated = Generate(directory, options, log);
        return new CorpusSource(directory, CorpusFiles.Load(directory), "generated", generated, deleteAfterwards: false);
    }

    public void Cleanup(TextWriter log)
    {
        if (!_deleteAfterwards)
        {
            if (Origin == "generated")
            {
                log.WriteLine($"Corpus kept in {Directory}");
            }

            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"Could not delete the temporary corpus {Directory}: {ex.Message}");
        }
    }

    private static CorpusStamp Generate(string directory, BenchmarkOptions options, TextWriter log)
    {
        var stopwatch = Stopwatch.StartNew();
        var stamp = new CorpusGenerator(options.Seed, options.Files).Write(directory);
        log.WriteLine($"Generated {stamp.FileCount:N0} files, {stamp.LineCount:N0} lines in {directory} ({stopwatch.Elapsed.TotalSeconds:N1} s).");
        return stamp;
    }
}
