using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Woodgrove.AI.Scripting;

/// <summary>Parses only: nothing is compiled, loaded or run.</summary>
internal static class SyntaxChecker
{
    public static string Check(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count == 0 ? "OK" : string.Join("\n", errors.Select(e => e.ToString()));
    }
}
