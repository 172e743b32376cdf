using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>One generated C# file: its usings (sorted, System first), a file-scoped namespace and an indented body.</summary>
internal sealed class SourceFile
{
    private readonly HashSet<string> _usings = new(StringComparer.Ordinal);
    private readonly StringBuilder _body = new();
    private int _indent;
    private bool _needsSeparator;

    public SourceFile(string relativePath, string @namespace)
    {
        RelativePath = relativePath;
        Namespace = @namespace;
    }

    /// <summary>Path under the corpus root, with '/' separators.</summary>
    public string RelativePath { get; }

    public string Namespace { get; }

    public SourceFile Using(params IEnumerable<string> namespaces)
    {
        foreach (var name in namespaces)
        {
            if (!string.Equals(name, Namespace, StringComparison.Ordinal))
            {
                _usings.Add(name);
            }
        }

        return this;
    }

    /// <summary>Writes one line at the current indentation.</summary>
    public SourceFile Line(string text = "")
    {
        if (text.Length == 0)
        {
            _body.Append('\n');
        }
        else
        {
            _body.Append(' ', _indent * 4).Append(text).Append('\n');
        }

        return this;
    }

    /// <summary>Writes a multi-line block (written at column 0) at the current indentation.</summary>
    public SourceFile Block(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            Line(line.TrimEnd());
        }

        return this;
    }

    /// <summary>Writes a type member, separated from the previous member by a blank line.</summary>
    public SourceFile Member(string text)
    {
        if (_needsSeparator)
        {
            Line();
        }

        Block(text);
        _needsSeparator = true;
        return this;
    }

    /// <summary>Writes a type or member header and opens its braces.</summary>
    public SourceFile Open(string header)
    {
        if (_needsSeparator)
        {
            Line();
        }

        Block(header);
        Line("{");
        _indent++;
        _needsSeparator = false;
        return this;
    }

    public SourceFile Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        _needsSeparator = true;
        return this;
    }

    public string Render()
    {
        var text = new StringBuilder(_body.Length + 512);
        var ordered = _usings
            .OrderBy(u => u == "System" || u.StartsWith("System.", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(u => u, StringComparer.Ordinal);
        foreach (var name in ordered)
        {
            text.Append("using ").Append(name).Append(";\n");
        }

        if (_usings.Count > 0)
        {
            text.Append('\n');
        }

        text.Append("namespace ").Append(Namespace).Append(";\n\n");
        text.Append(_body);
        return text.ToString();
    }
}
