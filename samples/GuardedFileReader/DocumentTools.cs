using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Northwind.Ai.GuardedFileReader;

/// <summary>Read-only access to a document folder for a chat agent.</summary>
public sealed class DocumentTools
{
    private const int MaxChars = 64 * 1024;
    private readonly PathGuard _guard;

    public DocumentTools(string documentRoot) => _guard = new PathGuard(documentRoot);

    [Description("Reads a text document from the document folder. Paths are relative to that folder.")]
    public string ReadDocument([Description("Relative path, e.g. 'policies/travel.md'.")] string relativePath)
    {
        string path = _guard.Resolve(relativePath);
        string text = File.ReadAllText(path, Encoding.UTF8);
        return text.Length <= MaxChars ? text : text[..MaxChars] + "\n[truncated]";
    }

    [Description("Lists documents in the document folder or one of its subfolders.")]
    public IReadOnlyList<string> ListDocuments([Description("Optional subfolder, relative to the document folder.")] string? subfolder = null)
    {
        string dir = subfolder is null ? _guard.Root : _guard.Resolve(subfolder);
        return Directory
            .EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(_guard.Root, f))
            .Order(StringComparer.Ordinal)
            .Take(500)
            .ToList();
    }

    [Description("Finds lines containing a search term across all documents.")]
    public async Task<string> SearchDocumentsAsync(
        [Description("Case-insensitive text to look for.")] string term,
        CancellationToken cancellationToken = default)
    {
        var hits = new List<string>();
        await foreach (var hit in FindAsync(term, cancellationToken))
        {
            hits.Add(hit);
            if (hits.Count >= 50) break;
        }

        return hits.Count == 0 ? "No matches." : string.Join(Environment.NewLine, hits);
    }

    private async IAsyncEnumerable<string> FindAsync(string term, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (string relative in ListDocuments())
        {
            int lineNo = 0;
            await foreach (string line in File.ReadLinesAsync(_guard.Resolve(relative), cancellationToken))
            {
                lineNo++;
                if (line.Contains(term, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{relative}:{lineNo}: {line.Trim()}";
                }
            }
        }
    }
}
