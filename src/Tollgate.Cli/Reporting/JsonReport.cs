using System.IO;
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
            WriteNullable(writer, "message", input.Message);
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
            WriteLocation(writer, entry.Location);
            writer.WriteStartObject("declared");
            WriteNullable(writer, "readOnly", entry.Declared.ReadOnly);
            WriteNullable(writer, "destructive", entry.Declared.Destructive);
            WriteNullable(writer, "idempotent", entry.Declared.Idempotent);
            WriteNullable(writer, "openWorld", entry.Declared.OpenWorld);
            WriteNullable(writer, "title", entry.Declared.Title);
            WriteNullable(writer, "description", entry.Declared.Description);
            writer.WriteEndObject();
            writer.WriteStartArray("parameters");
            foreach (var parameter in entry.Parameters)
            {
                writer.WriteStartObject();
                writer.WriteString("name", parameter.Name);
                writer.WriteString("type", parameter.Type);
                writer.WriteBoolean("modelControlled", parameter.ModelControlled);
                WriteNullable(writer, "description", parameter.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("capabilities");
            foreach (var capability in entry.Capabilities)
            {
                writer.WriteStringValue(capability);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            writer.WriteString("severity", finding.Severity.ToName());
            WriteNullable(writer, "capability", finding.Capability);
            WriteNullable(writer, "risk", finding.Risk);
            WriteNullable(writer, "entryPoint", finding.EntryPoint);
            WriteNullable(writer, "mitigation", finding.Mitigation);
            writer.WriteString("message", finding.Message);
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

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value == null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value == null) writer.WriteNull(name);
        else writer.WriteBoolean(name, value.Value);
    }
}
