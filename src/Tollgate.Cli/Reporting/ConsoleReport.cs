using System;
using System.IO;
using System.Linq;
using Tollgate.Cli.Policy;
using Tollgate.Model;

namespace Tollgate.Cli.Reporting;

/// <summary>The report for a person: each tool with what it can reach and how, then what no tool reaches, then the scan's own problems.</summary>
internal sealed class ConsoleReport
{
    private readonly TextWriter _out;
    private readonly bool _color;

    public ConsoleReport(TextWriter output, bool color)
    {
        _out = output;
        _color = color;
    }

    public void Write(ScanReport report, Severity failOn, bool gateFailed)
    {
        var scanned = report.Inputs.Count(i => i.Status == Inputs.InputStatuses.Scanned);
        _out.WriteLine(Bold($"Tollgate {ToolInfo.Version}") + Dim($" — {scanned} inputs scanned, {report.EntryPoints.Count} tools found"));
        _out.WriteLine();

        foreach (var entry in report.EntryPoints)
        {
            _out.WriteLine(Bold(entry.Id) + "  " + Dim($"[{entry.Framework}]") + $" \"{entry.Name}\"");
            _out.WriteLine(Dim($"  at {entry.Location.Path}:{entry.Location.Line}"));
            if (entry.Declared.Description is { Length: > 0 } description)
            {
                _out.WriteLine(Dim("  description: ") + Truncate(description, 120));
            }

            var annotations = new[]
            {
                entry.Declared.ReadOnly is { } r ? $"ReadOnly={r}" : null,
                entry.Declared.Destructive is { } d ? $"Destructive={d}" : null,
                entry.Declared.Idempotent is { } i ? $"Idempotent={i}" : null,
                entry.Declared.OpenWorld is { } o ? $"OpenWorld={o}" : null,
            }.Where(a => a != null).ToList();
            if (annotations.Count > 0)
            {
                _out.WriteLine(Dim("  declares: ") + string.Join(", ", annotations));
            }

            if (entry.Parameters.Count > 0)
            {
                _out.WriteLine(Dim("  parameters: ") + string.Join(", ", entry.Parameters.Select(p => p.ModelControlled ? $"{p.Name} (model)" : Dim($"{p.Name} (injected)"))));
            }

            var findings = report.Findings.Where(f => f.EntryPoint == entry.Id && f.BaselineState != Baseline.Unchanged).OrderByDescending(f => f.Severity).ThenBy(f => f.Capability, StringComparer.Ordinal).ToList();
            if (findings.Count == 0)
            {
                _out.WriteLine("  " + Colored("reaches no catalogued capability", "32"));
            }

            foreach (var finding in findings)
            {
                var label = finding.Risk ?? finding.Capability ?? finding.RuleId;
                _out.WriteLine($"  {SeverityLabel(finding.Severity)} {Bold(label.PadRight(22))} {Dim(finding.RuleId)}  {Dim($"{finding.Location?.Path}:{finding.Location?.Line}")}");
                if (finding.Risk != null)
                {
                    var colon = finding.Message.IndexOf("): ", StringComparison.Ordinal);
                    _out.WriteLine("      " + (colon > 0 ? finding.Message.Substring(colon + 3) : finding.Message));
                }

                _out.WriteLine(Dim("      ") + string.Join(Dim(" → "), finding.Trace));
                if (finding.Suppression != null)
                {
                    var counted = report.Counts(finding) ? "the gate counts it (--ignore-suppressions)" : "the gate does not count it";
                    _out.WriteLine(Dim(finding.Suppression.Kind == FindingSuppression.Policy
                        ? $"      {finding.Suppression.Justification}; the gate does not count it"
                        : $"      suppressed in the code ({SuppressionText(finding.Suppression)}); {counted}"));
                }
            }

            _out.WriteLine();
        }

        var unreached = report.Findings.Where(f => f.EntryPoint == null && f.Capability != null && f.BaselineState != Baseline.Unchanged).ToList();
        if (unreached.Count > 0)
        {
            _out.WriteLine(Bold("Capabilities no tool reaches") + Dim(" (inventory: startup code, helpers nothing calls)"));
            foreach (var finding in unreached)
            {
                _out.WriteLine($"  {SeverityLabel(finding.Severity)} {finding.Capability!.PadRight(22)} {string.Join(" → ", finding.Trace)}  {Dim($"{finding.Location?.Path}:{finding.Location?.Line}")}");
            }

            _out.WriteLine();
        }

        var problems = report.Findings.Where(f => f.EntryPoint == null && f.Capability == null).ToList();
        if (problems.Count > 0)
        {
            _out.WriteLine(Bold("About the scan itself"));
            foreach (var finding in problems)
            {
                _out.WriteLine($"  {SeverityLabel(finding.Severity)} {finding.RuleId}  {finding.Message}" + Dim($"  ({finding.Location?.Path}:{finding.Location?.Line})"));
            }

            _out.WriteLine();
        }

        var gate = failOn == Severity.None
            ? Dim("gate disabled (--fail-on none)")
            : gateFailed
                ? Colored($"GATE FAILED: findings at or above '{failOn.ToName()}'", "1;31")
                : Colored($"gate passed (--fail-on {failOn.ToName()})", "32");
        var suppressed = (report.Suppressed > 0 ? $" · {report.Suppressed} suppressed" : "") + (report.Baselined > 0 ? $" · {report.Baselined} in the baseline" : "");
        _out.WriteLine($"{report.EntryPoints.Count} tools · {report.Count(Severity.Error)} errors · {report.Count(Severity.Warning)} warnings · {report.Count(Severity.Note)} notes{suppressed} · {gate}");
    }

    /// <summary>How a finding was silenced, for the reviewer: the justification, or that there is none.</summary>
    public static string SuppressionText(FindingSuppression suppression) =>
        suppression.Kind == FindingSuppression.Policy ? suppression.Justification ?? "allowed by policy"
            : (suppression.Kind == FindingSuppression.External ? "by configuration: " : "") + (suppression.Justification ?? "no justification given");

    private static string Truncate(string text, int length)
    {
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length <= length ? text : text.Substring(0, length - 1) + "…";
    }

    private string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Error => Colored("error  ", "1;31"),
        Severity.Warning => Colored("warning", "33"),
        _ => Colored("note   ", "36"),
    };

    private string Bold(string text) => _color ? $"\u001b[1m{text}\u001b[0m" : text;

    private string Dim(string text) => _color ? $"\u001b[2m{text}\u001b[0m" : text;

    private string Colored(string text, string code) => _color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
