using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Northwind.Ai.GuardedFileReader;

/// <summary>
/// Usage:
/// <code>
/// var options = new ChatOptions { Tools = [.. DocumentToolset.Create("/srv/handbook")] };
/// </code>
/// </summary>
public static class DocumentToolset
{
    public static IList<AITool> Create(string documentRoot)
    {
        var docs = new DocumentTools(documentRoot);

        return
        [
            AIFunctionFactory.Create(docs.ReadDocument, name: "read_document"),
            AIFunctionFactory.Create(docs.ListDocuments),
            AIFunctionFactory.Create(docs.SearchDocumentsAsync),
            AIFunctionFactory.Create(
                (string text) => TextStats.CountWords(text),
                name: "count_words",
                description: "Counts the words in a piece of text."),
        ];
    }
}
