using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Tests.Analyzers;

namespace Tollgate.Tests.CodeFixes;

/// <summary>
/// A code fix test with Tollgate's references in the source and the fixed states. Tollgate's diagnostics are
/// compilation-end (non-local) diagnostics: the analysis follows calls across files, so the local-diagnostic check
/// of the testing library does not apply.
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
        CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        ReferenceAssemblies = TollgateTest.Net100;
        TestState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
        FixedState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
    }
}
