using System;
using System.IO;

namespace Northwind.Ai.GuardedFileReader;

/// <summary>Resolves model-supplied relative paths and refuses anything outside the configured root.</summary>
internal sealed class PathGuard
{
    private readonly string _root;

    public PathGuard(string root)
    {
        // Normalize once and make sure the root ends with a separator, so "/data/docs-evil"
        // does not pass a StartsWith check against "/data/docs".
        string full = Path.GetFullPath(root);
        _root = full.EndsWith(Path.DirectorySeparatorChar) ? full : full + Path.DirectorySeparatorChar;
    }

    public string Root => _root;

    public string Resolve(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            throw new ArgumentException("A path is required.", nameof(relativePath));
        }

        string candidate = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!candidate.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"'{relativePath}' is outside the document folder.");
        }

        return candidate;
    }
}
