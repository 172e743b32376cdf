using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>The presets: 'strict' (tollgate.analysis_mode) makes unmitigated risks errors and leaves mitigated ones suggestions.</summary>
public sealed class AnalysisModeTests
{
    private const string Tools = """
        using System;
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        [McpServerToolType]
        public static class ShellTools
        {
            [McpServerTool(Name = "run")]
            public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;

            [McpServerTool(Name = "git")]
            public static int Git(string verb)
            {
                if (verb != "status" && verb != "log")
                {
                    throw new ArgumentException("not allowed");
                }

                return {|#1:Process.Start("git", verb)|}!.Id;
            }
        }
        """;

    [Theory]
    [InlineData(null, DiagnosticSeverity.Warning)]
    [InlineData("recommended", DiagnosticSeverity.Warning)]
    [InlineData("strict", DiagnosticSeverity.Error)]
    public async Task StrictMakesUnmitigatedRisksErrors(string? mode, DiagnosticSeverity unmitigated)
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(Tools);
        if (mode != null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\ntollgate.analysis_mode = {mode}\n"));
        }

        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1001", unmitigated).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1100", DiagnosticSeverity.Info).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1001", DiagnosticSeverity.Info).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1100", DiagnosticSeverity.Info).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;

        await test.RunAsync();
    }

    private const string WithUnreached = """
        using System;
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        [McpServerToolType]
        public static class ShellTools
        {
            [McpServerTool(Name = "uptime")]
            public static int Uptime() => {|#0:Process.Start("uptime")|}!.Id;
        }

        public static class Maintenance
        {
            public static string Home() => {|#1:Environment.GetEnvironmentVariable("HOME")|} ?? "";
        }
        """;

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task ThePresetsLeaveOutUsesNoToolReaches(string? report, bool expected)
    {
        var test = new MultiAnalyzerTest(WithUnreached, new ProcessAnalyzer(), new SecretsAnalyzer());
        if (report != null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\ntollgate.report_unreached = {report}\n"));
        }

        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1100", DiagnosticSeverity.Info).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        if (expected)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult("TG4100", DiagnosticSeverity.Info).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        await test.RunAsync();
    }
}
