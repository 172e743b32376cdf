using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG1001 and TG1100 in the IDE: on the sink call, naming the tool; mitigated at suggestion level.</summary>
public sealed class ProcessAnalyzerTests
{
    [Fact]
    public async Task ModelDataReachingAShellIsAWarningOnTheSinkCall()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class ShellTools
            {
                [McpServerTool(Name = "run")]
                public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1001", DiagnosticSeverity.Warning).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithMessage("Tool 'run' (mcp): model-controlled parameter 'command' reaches the command line of System.Diagnostics.Process.Start"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1100", DiagnosticSeverity.Info).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithMessage("Tool 'run' (mcp) can reach process.exec through System.Diagnostics.Process.Start"));

        await test.RunAsync();
    }
}
