using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Tollgate.Tests.Analyzers;

/// <summary>
/// The diagnostics Tollgate's analyzers report, as the testing framework expects them: an unmitigated risk is a
/// warning, a mitigated one and a capability are suggestions (Info). Additional locations (the declaration and the
/// trace) are ignored unless a test asks for them.
/// </summary>
internal static class Expect
{
    /// <summary>An unmitigated risk on markup location <paramref name="markup"/>.</summary>
    public static DiagnosticResult Risk(string id, int markup, string message) =>
        At(id, DiagnosticSeverity.Warning, markup).WithMessage(message);

    /// <summary>A mitigated risk: Info, and the message names the guard.</summary>
    public static DiagnosticResult Mitigated(string id, int markup, string message, string mitigation) =>
        At(id, DiagnosticSeverity.Info, markup).WithMessage($"{message} (mitigated: {mitigation})");

    /// <summary>A capability reached by a tool.</summary>
    public static DiagnosticResult Capability(string id, int markup, string tool, string framework, string capability, string api) =>
        At(id, DiagnosticSeverity.Info, markup).WithMessage($"Tool '{tool}' ({framework}) can reach {capability} through {api}");

    /// <summary>A capability used by a member that no tool reaches.</summary>
    public static DiagnosticResult Unreached(string id, int markup, string member, string capability, string api) =>
        At(id, DiagnosticSeverity.Info, markup).WithMessage($"{member} uses {capability} through {api}; no tool reaches it");

    /// <summary>Id, severity and location only.</summary>
    public static DiagnosticResult At(string id, DiagnosticSeverity severity, int markup) =>
        new DiagnosticResult(id, severity).WithLocation(markup).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);
}

/// <summary>An analyzer test that runs several Tollgate analyzers together (as the build does).</summary>
public sealed class MultiAnalyzerTest : CSharpAnalyzerTest<Tollgate.Analyzers.Rules.CatalogAnalyzer, DefaultVerifier>
{
    private readonly DiagnosticAnalyzer[] _analyzers;

    public MultiAnalyzerTest(string source, params DiagnosticAnalyzer[] analyzers)
    {
        _analyzers = analyzers;
        TestCode = source;
        ReferenceAssemblies = TollgateTest.Net100;
        TestState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;
}
