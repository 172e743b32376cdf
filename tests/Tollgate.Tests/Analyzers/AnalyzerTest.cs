using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Tollgate.Tests.Analyzers;

/// <summary>
/// Microsoft.CodeAnalysis.Testing set up for Tollgate: .NET 10 reference assemblies and the real agent frameworks
/// (Semantic Kernel, MCP, Microsoft.Extensions.AI, Json.NET) as references, the way a restored plugin project compiles.
/// </summary>
public static class TollgateTest
{
    public static readonly ReferenceAssemblies Net100 = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
        Path.Combine("ref", "net10.0"));

    public static readonly MetadataReference[] Frameworks = new[]
    {
        typeof(Microsoft.SemanticKernel.KernelFunctionAttribute).Assembly,
        typeof(ModelContextProtocol.Server.McpServerToolAttribute).Assembly,
        typeof(Microsoft.Extensions.AI.AIFunctionFactory).Assembly,
        typeof(Microsoft.Extensions.AI.AIFunction).Assembly,
        typeof(Newtonsoft.Json.JsonConvert).Assembly,
    }.Select(a => a.Location).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
}

/// <summary>An analyzer test with Tollgate's references.</summary>
public sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest(string source)
    {
        TestCode = source;
        ReferenceAssemblies = TollgateTest.Net100;
        TestState.AdditionalReferences.AddRange(TollgateTest.Frameworks);
    }
}
