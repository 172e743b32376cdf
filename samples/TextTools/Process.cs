using System;
using System.Collections.Generic;
using System.Text;

namespace Litware.Mcp.TextTools;

/// <summary>
/// The plugin's own text "process": fills {placeholders} in a template.
/// Not related to System.Diagnostics.Process: it starts no program.
/// </summary>
public static class Process
{
    public static string Start(string template, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(template.Length);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            int close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            string key = template.Substring(open + 1, close - open - 1);
            sb.Append(values.TryGetValue(key, out var value) ? value : "{" + key + "}");
            i = close + 1;
        }

        return sb.ToString();
    }

    public static ProcessStartInfo Describe(string template) =>
        new(template, template.Split('{').Length - 1);
}

/// <summary>Also the plugin's own type, despite the familiar name.</summary>
public sealed record ProcessStartInfo(string FileName, int PlaceholderCount);
