using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Model;

namespace Tollgate.Cli.Reporting;

/// <summary>The JSON report of TAXONOMY.md, schemaVersion 1. Field order and sorting are fixed: identical input, identical bytes.</summary>
internal static class JsonReport
{
    public static void Write(ScanReport report, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", 1);
        writer.WriteStartObject("tool");
        writer.WriteString("name", ToolInfo.Name);
        writer.WriteString("version", ToolInfo.Version);
        writer.WriteEndObject();

        writer.WriteStartArray("inputs");
        foreach (var input in report.Inputs)
        {
            writer.WriteStartObject();
            writer.WriteString("path", input.Path);
            writer.WriteString("kind", input.Kind);
            writer.WriteString("status", input.Status);
            writer.WriteNullable("message", input.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("entryPoints");
        foreach (var entry in report.EntryPoints)
        {
            writer.WriteStartObject();
            writer.WriteString("id", entry.Id);
            writer.WriteString("name", entry.Name);
            writer.WriteString("framework", entry.Framework);
            writer.WriteNullable("assembly", entry.Assembly);
            WriteLocation(writer, entry.Location);
            writer.WriteStartObject("declared");
            writer.WriteNullable("readOnly", entry.Declared.ReadOnly);
            writer.WriteNullable("destructive", entry.Declared.Destructive);
            writer.WriteNullable("idempotent", entry.Declared.Idempotent);
            writer.WriteNullable("openWorld", entry.Declared.OpenWorld);
            writer.WriteNullable("title", entry.Declared.Title);
            writer.WriteNullable("description", entry.Declared.Description);
            writer.WriteEndObject();
            writer.WriteStartArray("parameters");
            foreach (var parameter in entry.Parameters)
            {
                writer.WriteStartObject();
                writer.WriteString("name", parameter.Name);
                writer.WriteString("type", parameter.Type);
                writer.WriteBoolean("modelControlled", parameter.ModelControlled);
                writer.WriteNullable("description", parameter.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("capabilities");
            foreach (var capability in entry.Capabilities)
            {
                writer.WriteStringValue(capability);
            }

            writer.WriteEndArray();
            WriteTargets(writer, entry.Targets);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        // What code no tool reaches names (a client's base address set in a constructor, a host configured at startup).
        writer.WriteStartArray("outsideTools");
        foreach (var plugin in report.OutsideTools)
        {
            writer.WriteStartObject();
            writer.WriteString("assembly", plugin.Assembly);
            WriteTargets(writer, plugin.Targets);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            writer.WriteString("severity", finding.Severity.ToName());
            writer.WriteNullable("capability", finding.Capability);
            writer.WriteNullable("risk", finding.Risk);
            writer.WriteNullable("entryPoint", finding.EntryPoint);
            writer.WriteNullable("mitigation", finding.Mitigation);
            writer.WriteString("message", finding.Message);
            if (finding.BaselineState != null)
            {
                writer.WriteString("baselineState", finding.BaselineState);
            }

            if (finding.Suppression != null)
            {
                writer.WriteStartObject("suppression");
                writer.WriteString("kind", finding.Suppression.Kind);
                writer.WriteNullable("justification", finding.Suppression.Justification);
                writer.WriteEndObject();
            }

            if (finding.Location != null)
            {
                WriteLocation(writer, finding.Location);
            }
            else
            {
                writer.WriteNull("location");
            }

            writer.WriteStartArray("trace");
            foreach (var step in finding.Trace)
            {
                writer.WriteStringValue(step);
            }

            writer.WriteEndArray();
            writer.WriteString("fingerprint", Fingerprint.Of(finding));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("summary");
        writer.WriteNumber("entryPoints", report.EntryPoints.Count);
        writer.WriteNumber("errors", report.Count(Severity.Error));
        writer.WriteNumber("warnings", report.Count(Severity.Warning));
        writer.WriteNumber("notes", report.Count(Severity.Note));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.Write(Encoding.UTF8.GetBytes("\n"));
    }

    private static void WriteLocation(Utf8JsonWriter writer, SourceSpan location)
    {
        writer.WriteStartObject("location");
        writer.WriteString("path", location.Path);
        writer.WriteNumber("line", location.Line);
        writer.WriteNumber("column", location.Column);
        writer.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter writer, IReadOnlyDictionary<string, IReadOnlyList<string>> targets)
    {
        writer.WriteStartObject("targets");
        foreach (var kind in targets.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            writer.WriteStartArray(kind);
            foreach (var value in targets[kind])
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
