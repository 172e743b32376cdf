using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli.Reporting;

/// <summary>SARIF 2.1.0 for code-scanning dashboards: one run, every rule with its page, traces as code flows.</summary>
internal static class SarifReport
{
    public static void Write(ScanReport report, Stream output)
    {
        var rules = RuleRegistry.All.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", ToolInfo.Name);
        writer.WriteString("semanticVersion", ToolInfo.Version);
        writer.WriteString("informationUri", ToolInfo.InformationUri);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", rule.Name);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title);
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.Summary);
            writer.WriteEndObject();
            writer.WriteString("helpUri", rule.HelpUri);
            writer.WriteStartObject("help");
            writer.WriteString("text", $"{rule.Summary} See {rule.HelpUri}");
            writer.WriteString("markdown", $"{rule.Summary}\n\nSee [{rule.Id}]({rule.HelpUri}) for what it catches, why it matters for an agent host, how to fix it and how to suppress it.");
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteStartArray("tags");
            writer.WriteStringValue("security");
            if (rule.Capability != null) writer.WriteStringValue(rule.Capability);
            if (rule.Risk != null) writer.WriteStringValue(rule.Risk);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            if (ruleIndex.TryGetValue(finding.RuleId, out var index))
            {
                writer.WriteNumber("ruleIndex", index);
            }

            writer.WriteString("level", Level(finding.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", finding.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            WritePhysicalLocation(writer, finding.Location ?? new SourceSpan(".", 1, 1));
            writer.WriteEndObject();
            writer.WriteEndArray();

            if (finding.Trace.Count > 0 && finding.TraceLocations.Any(l => l != null))
            {
                writer.WriteStartArray("codeFlows");
                writer.WriteStartObject();
                writer.WriteStartArray("threadFlows");
                writer.WriteStartObject();
                writer.WriteStartArray("locations");
                for (var i = 0; i < finding.Trace.Count; i++)
                {
                    var step = i < finding.TraceLocations.Count ? finding.TraceLocations[i] : null;
                    writer.WriteStartObject();
                    writer.WriteStartObject("location");
                    if (step != null)
                    {
                        WritePhysicalLocation(writer, step);
                    }

                    writer.WriteStartObject("message");
                    writer.WriteString("text", finding.Trace[i]);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteNumber("nestingLevel", 0);
                    writer.WriteNumber("executionOrder", i + 1);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("tollgate/v1", Fingerprint.Of(finding));
            writer.WriteEndObject();
            if (finding.BaselineState != null)
            {
                writer.WriteString("baselineState", finding.BaselineState);
            }

            if (finding.Suppression != null)
            {
                writer.WriteStartArray("suppressions");
                writer.WriteStartObject();
                // SARIF knows suppressions in the source and outside it; the host's policy is outside.
                writer.WriteString("kind", finding.Suppression.Kind == FindingSuppression.Policy ? FindingSuppression.External : finding.Suppression.Kind);
                if (finding.Suppression.Justification != null)
                {
                    writer.WriteString("justification", finding.Suppression.Justification);
                }

                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteStartObject("properties");
            writer.WriteNullable("capability", finding.Capability);
            writer.WriteNullable("risk", finding.Risk);
            writer.WriteNullable("entryPoint", finding.EntryPoint);
            writer.WriteNullable("mitigation", finding.Mitigation);
            writer.WriteStartArray("trace");
            foreach (var step in finding.Trace)
            {
                writer.WriteStringValue(step);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("artifacts");
        foreach (var input in report.Inputs.Where(i => i.Path.Length > 0))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("location");
            writer.WriteString("uri", Uri(input.Path));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("kind", input.Kind);
            writer.WriteString("status", input.Status);
            writer.WriteNullable("message", input.Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        output.Write(Encoding.UTF8.GetBytes("\n"));
    }

    private static void WritePhysicalLocation(Utf8JsonWriter writer, SourceSpan span)
    {
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", Uri(span.Path));
        writer.WriteEndObject();
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", Math.Max(1, span.Line));
        writer.WriteNumber("startColumn", Math.Max(1, span.Column));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A relative URI reference (path segments percent-encoded, '/' kept) for paths under the scanned root; an absolute file URI
    /// for a file outside it (a lockfile or baseline given by full path): SARIF forbids relative references that start with '/'.
    /// </summary>
    private static string Uri(string path) => System.IO.Path.IsPathRooted(path)
        ? new System.Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri
        : string.Join("/", path.Split('/').Select(System.Uri.EscapeDataString));

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
