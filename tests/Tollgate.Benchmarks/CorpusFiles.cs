using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tollgate.Benchmarks;

/// <summary>The C# files of a corpus folder, in a stable order, with their total size in lines.</summary>
internal sealed class CorpusFiles
{
    private CorpusFiles(IReadOnlyList<string> paths, long lines, long bytes)
    {
        Paths = paths;
        Lines = lines;
        Bytes = bytes;
    }

    public IReadOnlyList<string> Paths { get; }

    public long Lines { get; }

    public long Bytes { get; }

    /// <summary>
    /// Every <c>*.cs</c> under <paramref name="root"/>, skipping build output (<c>bin</c>, <c>obj</c>),
    /// hidden folders and symbolic links, sorted by ordinal path.
    /// </summary>
    public static CorpusFiles Load(string root)
    {
        var fullRoot = Path.GetFullPath(root);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden,
            MatchCasing = MatchCasing.CaseInsensitive,
        };

        var paths = Directory.EnumerateFiles(fullRoot, "*.cs", options)
            .Where(path => !IsExcluded(Path.GetRelativePath(fullRoot, path)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();

        long lines = 0;
        long bytes = 0;
        foreach (var path in paths)
        {
            var content = File.ReadAllBytes(path);
            bytes += content.Length;
            lines += CountLines(content);
        }

        return new CorpusFiles(paths, lines, bytes);
    }

    /// <summary>Lines as an editor shows them: newline count, plus one for a last line without a newline.</summary>
    public static long CountLines(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return 0;
        }

        long count = content.Count((byte)'\n');
        return content[^1] == (byte)'\n' ? count : count + 1;
    }

    private static bool IsExcluded(string relativePath)
    {
        var segments = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('.')
                || segment.Equals("bin", StringComparison.OrdinalIgnoreCase)
                || segment.Equals("obj", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
