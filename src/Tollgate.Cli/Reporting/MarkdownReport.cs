using System;
using System.IO;
using System.Linq;
using Tollgate.Cli.Policy;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli.Reporting;

/// <summary>A Markdown summary for pull-request comments and job summaries.</summary>
internal static class MarkdownReport
{
    public static void Write(ScanReport report, Severity failOn, bool gateFailed, TextWriter output)
    {
        output.WriteLine("# Tollgate scan");
        output.WriteLine();
        var gate = failOn == Severity.None ? "gate disabled" : gateFailed ? $"**gate failed** (findings at or above `{failOn.ToName()}`)" : $"gate passed (`--fail-on {failOn.ToName()}`)";
        var suppressed = (report.Suppressed > 0 ? $" · {report.Suppressed} suppressed" : "") + (report.Baselined > 0 ? $" · {report.Baselined} in the baseline" : "");
        output.WriteLine($"{report.EntryPoints.Count} tools · {report.Count(Severity.Error)} errors · {report.Count(Severity.Warning)} warnings · {report.Count(Severity.Note)} notes{suppressed} · {gate}");
        output.WriteLine();

        output.WriteLine("## Tools");
        output.WriteLine();
        output.WriteLine("| Tool | Framework | Name | Capabilities |");
        output.WriteLine("|---|---|---|---|");
        foreach (var entry in report.EntryPoints)
        {
            var capabilities = entry.Capabilities.Count == 0 ? "—" : string.Join(", ", entry.Capabilities.Select(c => $"`{c}`"));
            output.WriteLine($"| `{Escape(entry.Id)}` | {entry.Framework} | `{Escape(entry.Name)}` | {capabilities} |");
        }

        output.WriteLine();
        output.WriteLine("## Findings");
        output.WriteLine();
        if (report.Findings.Count == 0)
        {
            output.WriteLine("None.");
        }
        else
        {
            output.WriteLine("| Severity | Rule | Tool | What | Where | Trace |");
            output.WriteLine("|---|---|---|---|---|---|");
            foreach (var finding in report.Findings.Where(f => f.BaselineState != Baseline.Unchanged).OrderByDescending(f => f.Severity).ThenBy(f => f.EntryPoint ?? "\uffff", StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal))
            {
                var rule = RuleRegistry.TryGet(finding.RuleId, out var descriptor) ? $"[{finding.RuleId}]({descriptor.HelpUri})" : finding.RuleId;
                var what = finding.Risk ?? finding.Capability ?? Escape(finding.Message);
                var where = finding.Location == null ? "" : $"`{Escape(finding.Location.Path)}:{finding.Location.Line}`";
                var trace = string.Join(" → ", finding.Trace.Select(t => $"`{Escape(t)}`"));
                var severity = finding.Suppression == null ? finding.Severity.ToName() : $"{finding.Severity.ToName()} (suppressed: {Escape(ConsoleReport.SuppressionText(finding.Suppression))})";
                output.WriteLine($"| {severity} | {rule} | {(finding.EntryPoint == null ? "—" : $"`{Escape(finding.EntryPoint)}`")} | {what} | {where} | {trace} |");
            }
        }

        var failed = report.Inputs.Where(i => i.Status != Inputs.InputStatuses.Scanned).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("## Inputs not scanned");
            output.WriteLine();
            foreach (var input in failed)
            {
                output.WriteLine($"- `{Escape(input.Path)}` ({input.Kind}, {input.Status}): {Escape(input.Message ?? "")}");
            }
        }
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("\r", " ").Replace("`", "'");
}
