using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Tests.Analyzers;

namespace Tollgate.Tests.CodeFixes;

/// <summary>
/// A code fix test with Tollgate's references in the source and the fixed states. Tollgate's diagnostics are reported
/// per document, so the testing library's local-diagnostic check applies as it does in the IDE's light bulb.
/// </summary>
public sealed class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest(string source, string fixedSource)
        : this()
    {
        TestCode = source;
        FixedCode = fixedSource;
    }

    public CodeFixTest()
    {
        ReferenceAssemblies = TollgateTest.Net100;
        TestState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
        FixedState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
    }
}
