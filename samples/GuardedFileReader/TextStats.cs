using System;
using System.Linq;

namespace Northwind.Ai.GuardedFileReader;

internal static class TextStats
{
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
