using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Tollgate.Cli.Reporting;
using Tollgate.Model;

namespace Tollgate.Cli.Policy;

/// <summary>
/// <c>tollgate.baseline.json</c>: the findings a team has accepted for now, by fingerprint (stable across unrelated edits
/// and moved lines), each with a reason to fill in. A scan against it hides those and still fails on anything new.
/// </summary>
public sealed class Baseline
{
    public const string New = "new";
    public const string Unchanged = "unchanged";
    private readonly Dictionary<string, int> _counts;

    private Baseline(List<Entry> entries)
    {
        Entries = entries;
        _counts = entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    public sealed record Entry(string Fingerprint, string RuleId, string? EntryPoint, string? Path, string Message, string Reason);

    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>
    /// What a baseline records of a scan: every finding the gate would count, except problems of the scan itself (an input
    /// that could not be read is never accepted). Reasons already written in <paramref name="previous"/> are kept.
    /// </summary>
    public static Baseline Of(ScanReport report, Baseline? previous)
    {
        var reasons = previous?.Entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = report.Findings
            .Where(f => f.Suppression == null && !f.RuleId.StartsWith("TG9", StringComparison.Ordinal))
            .Select(f =>
            {
                var fingerprint = Fingerprint.Of(f);
                return new Entry(fingerprint, f.RuleId, f.EntryPoint, f.Location?.Path, f.Message, reasons.TryGetValue(fingerprint, out var reason) ? reason : "");
            })
            .OrderBy(e => e.Fingerprint, StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal)
            .ToList();
        return new Baseline(entries);
    }

    /// <summary>Marks each finding new or unchanged; a fingerprint recorded once hides one finding, a second one is new.</summary>
    public IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> findings)
    {
        var remaining = new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        return findings.Select(f =>
        {
            if (f.RuleId.StartsWith("TG9", StringComparison.Ordinal))
            {
                return f with { BaselineState = New };
            }

            var fingerprint = Fingerprint.Of(f);
            if (remaining.TryGetValue(fingerprint, out var count) && count > 0)
            {
                remaining[fingerprint] = count - 1;
                return f with { BaselineState = Unchanged };
            }

            return f with { BaselineState = New };
        }).ToList();
    }

    /// <summary>Sorted, indented with '\n', no timestamps: the same scan writes the same bytes, reviewable in a pull request.</summary>
    public void Write(Stream output)
    {
        ReviewedFile.Write(output, writer =>
        {
            writer.WriteStartArray("findings");
            foreach (var entry in Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("fingerprint", entry.Fingerprint);
                writer.WriteString("ruleId", entry.RuleId);
                writer.WriteString("entryPoint", entry.EntryPoint);
                writer.WriteString("path", entry.Path);
                writer.WriteString("message", entry.Message);
                writer.WriteString("reason", entry.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>Reads a baseline; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static Baseline Read(string file)
    {
        using var document = ReviewedFile.Read(file, "baseline", "findings");
        var entries = new List<Entry>();
        foreach (var item in document.RootElement.GetProperty("findings").EnumerateArray())
        {
            var fingerprint = ReviewedFile.Text(item, "fingerprint") ?? throw new InvalidDataException($"baseline '{file}': finding {entries.Count + 1} has no fingerprint");
            entries.Add(new Entry(fingerprint, ReviewedFile.Text(item, "ruleId") ?? "", ReviewedFile.Text(item, "entryPoint"), ReviewedFile.Text(item, "path"),
                ReviewedFile.Text(item, "message") ?? "", ReviewedFile.Text(item, "reason") ?? ""));
        }

        return new Baseline(entries);
    }

    /// <summary>Entries whose reason is still empty: accepted without saying why.</summary>
    public int WithoutReason => Entries.Count(e => e.Reason.Trim().Length == 0);
}
