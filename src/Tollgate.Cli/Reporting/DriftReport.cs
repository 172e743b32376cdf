using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Tollgate.Cli.Policy;

namespace Tollgate.Cli.Reporting;

/// <summary>What <c>tollgate diff</c> prints: per tool, what was added, removed and changed between two versions.</summary>
internal static class DriftReport
{
    public static string Write(string format, string before, string after, IReadOnlyList<Lockfile.ToolChange> changes) => format switch
    {
        "json" => Json(before, after, changes),
        "markdown" => Markdown(before, after, changes),
        _ => Console(before, after, changes),
    };

    private static string Console(string before, string after, IReadOnlyList<Lockfile.ToolChange> changes)
    {
        var text = new StringBuilder();
        text.Append($"Tollgate diff: {before} → {after}\n\n");
        foreach (var tool in changes.GroupBy(c => c.Tool, StringComparer.Ordinal))
        {
            text.Append(tool.Key).Append('\n');
            foreach (var change in tool)
            {
                text.Append(change.Widens ? "  + " : "  - ").Append(change.What).Append('\n');
            }

            text.Append('\n');
        }

        var widening = changes.Count(c => c.Widens);
        text.Append(changes.Count == 0 ? "No tool changed what it can do.\n" : $"{changes.Count} changes · {widening} widen what a tool can do · {changes.Count - widening} narrow it\n");
        return text.ToString();
    }

    private static string Markdown(string before, string after, IReadOnlyList<Lockfile.ToolChange> changes)
    {
        var text = new StringBuilder();
        text.Append($"## Tollgate diff: `{before}` → `{after}`\n\n");
        if (changes.Count == 0)
        {
            text.Append("No tool changed what it can do.\n");
            return text.ToString();
        }

        text.Append("| Tool | | Change |\n|---|---|---|\n");
        foreach (var change in changes)
        {
            text.Append($"| `{change.Tool}` | {(change.Widens ? "➕ widens" : "➖ narrows")} | {change.What.Replace("|", "\\|")} |\n");
        }

        return text.ToString();
    }

    private static string Json(string before, string after, IReadOnlyList<Lockfile.ToolChange> changes)
    {
        using var stream = new MemoryStream();
        using (var writer = ReviewedFile.Writer(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 1);
            writer.WriteString("old", before);
            writer.WriteString("new", after);
            writer.WriteStartArray("tools");
            foreach (var tool in changes.GroupBy(c => c.Tool, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("id", tool.Key);
                writer.WriteStartArray("changes");
                foreach (var change in tool)
                {
                    writer.WriteStartObject();
                    writer.WriteString("kind", change.Widens ? "widens" : "narrows");
                    writer.WriteString("what", change.What);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
