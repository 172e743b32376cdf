using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ModelContextProtocol.Server;

namespace Litware.Mcp.TextTools;

[McpServerToolType]
public static partial class TextTools
{
    [McpServerTool(ReadOnly = true, OpenWorld = false), Description("Turns text into a URL slug, e.g. 'Hello World!' -> 'hello-world'.")]
    public static string Slugify(string text)
    {
        string normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (char c in normalized)
        {
            if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return NonSlugChars().Replace(sb.ToString(), "-").Trim('-');
    }

    [McpServerTool(ReadOnly = true, OpenWorld = false), Description("Counts words, lines and characters in text.")]
    public static string CountWords(string text)
    {
        var sw = Stopwatch.StartNew();
        int words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        int lines = text.Count(c => c == '\n') + 1;
        Debug.Assert(words >= 0);
        return $"words={words} lines={lines} chars={text.Length} ({sw.Elapsed.TotalMilliseconds:F2} ms)";
    }

    [McpServerTool(Name = "format_template", ReadOnly = true, OpenWorld = false)]
    [Description("Fills {name} placeholders in a template with the given values.")]
    public static string FormatTemplate(
        [Description("Template text with {placeholders}.")] string template,
        [Description("Placeholder values by name.")] Dictionary<string, string> values)
    {
        // Litware.Mcp.TextTools.Process, not System.Diagnostics.Process.
        string result = Process.Start(template, values);
        ProcessStartInfo info = Process.Describe(template);
        return $"{result}\n({info.PlaceholderCount} placeholders)";
    }

    [McpServerTool(ReadOnly = true, OpenWorld = false), Description("Reverses text.")]
    private static string Reverse(string text)
    {
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var parts = new List<string>();
        while (elements.MoveNext())
        {
            parts.Add(elements.GetTextElement());
        }

        parts.Reverse();
        return string.Concat(parts);
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugChars();
}
