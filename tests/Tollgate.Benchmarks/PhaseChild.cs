using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Tollgate.Benchmarks;

/// <summary>
/// Runs one phase in this (child) process: one warm-up, then K measured runs; prints one JSON line.
/// </summary>
internal static class PhaseChild
{
    public const string DiagnosticsPhase = "diagnostics";

    public static int Run(string phase, string corpusDirectory, int repeat)
    {
        var stdout = Console.Out;
        var result = new PhaseResult
        {
            Phase = phase,
            Repeat = repeat,
            ProcessorCount = Environment.ProcessorCount,
        };

        var scratch = Path.Combine(Path.GetTempPath(), $"tollgate-bench-{Environment.ProcessId}");
        try
        {
            var root = Path.GetFullPath(corpusDirectory);
            var corpus = CorpusFiles.Load(root);
            result.Files = corpus.Paths.Count;
            result.Lines = corpus.Lines;
            if (corpus.Paths.Count == 0)
            {
                throw new InvalidOperationException($"No .cs files under {root}.");
            }

            // The scan's report goes outside the corpus, so that no run scans the previous run's output.
            Directory.CreateDirectory(scratch);
            var reportFile = Path.Combine(scratch, "report.json");
            Func<SortedDictionary<string, long>> work = phase switch
            {
                "parse" => () => Phases.Parse(corpus),
                "bind" => () => Phases.Bind(corpus),
                "scan" => () => Phases.Scan(corpus, root, reportFile),
                "inventory" => () => Phases.Scan(corpus, root, reportFile, risks: false),
                DiagnosticsPhase => () => Phases.Diagnostics(corpus, Console.Error),
                _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
            };

            if (phase == DiagnosticsPhase)
            {
                repeat = 0;
                result.Repeat = 0;
            }

            Console.Error.WriteLine($"[{phase}] {corpus.Paths.Count:N0} files, {corpus.Lines:N0} lines: warm-up…");
            var warmup = Measure(work, out var counters, out _);
            result.WarmupMs = Math.Round(warmup, 1);
            result.Counters = counters;
            Console.Error.WriteLine($"[{phase}] warm-up {warmup:N0} ms");

            var runs = new List<double>(repeat);
            long allocated = 0;
            for (var i = 0; i < repeat; i++)
            {
                var elapsed = Measure(work, out counters, out var bytes);
                runs.Add(elapsed);
                allocated += bytes;
                result.Counters = counters;
                Console.Error.WriteLine($"[{phase}] run {i + 1}/{repeat}: {elapsed:N0} ms");
            }

            if (runs.Count > 0)
            {
                result.RunsMs = runs.Select(r => Math.Round(r, 1)).ToArray();
                result.MedianMs = Math.Round(Median(runs), 1);
                result.MinMs = Math.Round(runs.Min(), 1);
                result.MaxMs = Math.Round(runs.Max(), 1);
                result.AllocatedBytesPerRun = allocated / runs.Count;
            }
        }
        catch (Exception ex)
        {
            result.Error = ex.GetType().Name + ": " + ex.Message;
            Console.Error.WriteLine($"[{phase}] failed: {ex}");
        }
        finally
        {
            TryDelete(scratch);
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

    internal static double Measure(Func<SortedDictionary<string, long>> work, out SortedDictionary<string, long> counters, out long allocatedBytes)
    {
        // Start every run from a collected heap, outside the timed region.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        counters = work();
        stopwatch.Stop();
        allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
}
