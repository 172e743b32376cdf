using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Tollgate.Benchmarks;

/// <summary>One row of the compiler's analyzer table: an analyzer assembly, or one analyzer class in it.</summary>
internal sealed record AnalyzerTime(string Name, double Seconds, int Percent)
{
    /// <summary>The diagnostic ids the compiler lists after an analyzer class, e.g. <c>TG8001, TG8002</c>; null for an assembly row.</summary>
    public string? Ids { get; init; }
}

/// <summary>
/// The analyzer times that the compiler measured itself (<c>-p:ReportAnalyzer=true</c>), read from a detailed build log:
/// "Total analyzer execution time: X seconds.", then a table of assemblies, each followed by its analyzer classes.
/// The times add up the work on every thread, so they can exceed the elapsed time of the compilation.
/// </summary>
internal sealed class ReportAnalyzerLog
{
    /// <summary>Analyzer assemblies whose simple name starts with this are Tollgate's.</summary>
    public const string TollgatePrefix = "Tollgate.";

    private static readonly Regex TotalAnalyzers = new(
        @"Total analyzer execution time:\s*(?<seconds>[0-9]+(?:[.,][0-9]+)?)\s*seconds", RegexOptions.CultureInvariant);

    private static readonly Regex TotalGenerators = new(
        @"Total generator execution time:\s*(?<seconds>[0-9]+(?:[.,][0-9]+)?)\s*seconds", RegexOptions.CultureInvariant);

    // "   11.633   82   Tollgate.Analyzers, Version=0.1.0.0, ..." or "   <0.001   <1      Ns.SomeAnalyzer (TG1001, TG1100)",
    // possibly after an MSBuild node prefix such as "1>" or "  3:2>".
    private static readonly Regex Row = new(
        @"^(?:\s*\d+(?::\d+)?>)?\s*(?<time><?[0-9]+(?:[.,][0-9]+)?)\s+(?<percent><?[0-9]+)\s+(?<name>\S.*?)\s*$", RegexOptions.CultureInvariant);

    private static readonly Regex AnalyzerIds = new(@"^(?<type>.+?)\s*\((?<ids>[^()]*)\)$", RegexOptions.CultureInvariant);

    private ReportAnalyzerLog()
    {
    }

    /// <summary>How many compilations reported (one per project, or per target framework).</summary>
    public int Compilations { get; private set; }

    public double TotalAnalyzerSeconds { get; private set; }

    public double TotalGeneratorSeconds { get; private set; }

    /// <summary>Every analyzer assembly, summed over the compilations, slowest first.</summary>
    public List<AnalyzerTime> Assemblies { get; } = [];

    /// <summary>The analyzer classes of Tollgate's assemblies, summed over the compilations, slowest first.</summary>
    public List<AnalyzerTime> TollgateAnalyzers { get; } = [];

    public double TollgateSeconds => Assemblies.Where(IsTollgate).Sum(a => a.Seconds);

    /// <summary>Tollgate's share of all analyzer time, in percent.</summary>
    public double TollgatePercent => TotalAnalyzerSeconds > 0 ? Math.Round(100 * TollgateSeconds / TotalAnalyzerSeconds, 1) : 0;

    public bool ListsTollgate => Assemblies.Any(IsTollgate);

    public static ReportAnalyzerLog Parse(string log)
    {
        var result = new ReportAnalyzerLog();
        var assemblies = new Dictionary<string, double>(StringComparer.Ordinal);
        var analyzers = new Dictionary<string, (double Seconds, string Ids)>(StringComparer.Ordinal);
        var inTable = false;
        string? currentAssembly = null;

        foreach (var rawLine in log.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var total = TotalAnalyzers.Match(line);
            if (total.Success)
            {
                result.Compilations++;
                result.TotalAnalyzerSeconds += Seconds(total.Groups["seconds"].Value);
                inTable = true;
                currentAssembly = null;
                continue;
            }

            var generators = TotalGenerators.Match(line);
            if (generators.Success)
            {
                result.TotalGeneratorSeconds += Seconds(generators.Groups["seconds"].Value);
                inTable = false;
                continue;
            }

            if (!inTable || string.IsNullOrWhiteSpace(StripNodePrefix(line)) || line.Contains("Time (s)", StringComparison.Ordinal))
            {
                continue;
            }

            var row = Row.Match(line);
            if (!row.Success)
            {
                // The table ended (the next message of the build).
                inTable = false;
                continue;
            }

            var name = row.Groups["name"].Value;
            var seconds = Seconds(row.Groups["time"].Value);
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                currentAssembly = name[..name.IndexOf(',', StringComparison.Ordinal)];
                assemblies[currentAssembly] = assemblies.GetValueOrDefault(currentAssembly) + seconds;
                continue;
            }

            if (currentAssembly is null || !currentAssembly.StartsWith(TollgatePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var ids = AnalyzerIds.Match(name);
            var type = ids.Success ? ids.Groups["type"].Value : name;
            var previous = analyzers.GetValueOrDefault(type);
            analyzers[type] = (previous.Seconds + seconds, ids.Success ? ids.Groups["ids"].Value : string.Empty);
        }

        var totalSeconds = result.TotalAnalyzerSeconds;
        int Percent(double seconds) => totalSeconds > 0 ? (int)Math.Round(100 * seconds / totalSeconds) : 0;
        result.Assemblies.AddRange(assemblies
            .Select(a => new AnalyzerTime(a.Key, Math.Round(a.Value, 3), Percent(a.Value)))
            .OrderByDescending(a => a.Seconds).ThenBy(a => a.Name, StringComparer.Ordinal));
        result.TollgateAnalyzers.AddRange(analyzers
            .Select(a => new AnalyzerTime(a.Key, Math.Round(a.Value.Seconds, 3), Percent(a.Value.Seconds)) { Ids = a.Value.Ids })
            .OrderByDescending(a => a.Seconds).ThenBy(a => a.Name, StringComparer.Ordinal));
        result.TotalAnalyzerSeconds = Math.Round(result.TotalAnalyzerSeconds, 3);
        result.TotalGeneratorSeconds = Math.Round(result.TotalGeneratorSeconds, 3);
        return result;
    }

    private static bool IsTollgate(AnalyzerTime assembly) => assembly.Name.StartsWith(TollgatePrefix, StringComparison.Ordinal);

    private static string StripNodePrefix(string line)
    {
        var marker = line.IndexOf('>', StringComparison.Ordinal);
        return marker > 0 && line[..marker].Trim().All(c => char.IsDigit(c) || c == ':') ? line[(marker + 1)..] : line;
    }

    /// <summary>"11.633", "11,633" (another culture) or "&lt;0.001" (rounded to zero).</summary>
    private static double Seconds(string text)
    {
        if (text.StartsWith('<'))
        {
            return 0;
        }

        return double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
