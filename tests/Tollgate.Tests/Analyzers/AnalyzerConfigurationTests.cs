using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>What the project's configuration does to Tollgate's diagnostics: severities, report_unreached, in-code suppressions.</summary>
public sealed class AnalyzerConfigurationTests
{
    private const string Shell = "Tool 'run' (mcp): model-controlled parameter 'command' reaches the command line of System.Diagnostics.Process.Start";
    private const string Start = "System.Diagnostics.Process.Start";

    private const string ShellTool = """
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        namespace Contoso.DevTools;

        [McpServerToolType]
        public static class ShellTools
        {
            [McpServerTool(Name = "run")]
            public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
        }
        """;

    [Fact]
    public async Task AGlobalConfigSeverityRaisesTheRiskToAnError()
    {
        var diagnostics = await ConfiguredCompilation.AnalyzeAsync(new ProcessAnalyzer(), ShellTool.Replace("{|#0:", "").Replace("|}", ""),
            ("/.globalconfig", "is_global = true\ndotnet_diagnostic.TG1001.severity = error\n"));

        Assert.Collection(
            diagnostics,
            risk =>
            {
                Assert.Equal("TG1001", risk.Id);
                Assert.Equal(DiagnosticSeverity.Error, risk.Severity);
                Assert.True(risk.IsWarningAsError);
                Assert.Equal(Shell, risk.GetMessage());
                Assert.Equal("Process.Start(\"bash\", \"-c \" + command)", risk.Location.SourceTree!.GetText().ToString(risk.Location.SourceSpan));
            },
            capability =>
            {
                Assert.Equal("TG1100", capability.Id);
                Assert.Equal(DiagnosticSeverity.Info, capability.Severity);
            });
    }

    [Fact]
    public async Task AnEditorConfigSeverityRaisesTheRiskToAnError()
    {
        var diagnostics = await ConfiguredCompilation.AnalyzeAsync(new ProcessAnalyzer(), ShellTool.Replace("{|#0:", "").Replace("|}", ""),
            ("/0/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.TG1001.severity = error\n"));

        Assert.Equal(new[] { ("TG1001", DiagnosticSeverity.Error), ("TG1100", DiagnosticSeverity.Info) }, diagnostics.Select(d => (d.Id, d.Severity)));
    }

    [Fact]
    public async Task WithoutConfigurationTheRiskIsAWarningInTheBuild()
    {
        var diagnostics = await ConfiguredCompilation.AnalyzeAsync(new ProcessAnalyzer(), ShellTool.Replace("{|#0:", "").Replace("|}", ""));

        Assert.Equal(new[] { ("TG1001", DiagnosticSeverity.Warning), ("TG1100", DiagnosticSeverity.Info) }, diagnostics.Select(d => (d.Id, d.Severity)));
        Assert.All(diagnostics, d => Assert.False(d.IsSuppressed));
    }

    [Fact]
    public async Task AnEditorConfigSeverityRaisesTheCapability()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ShellTool);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.TG1100.severity = warning\n"));
        test.ExpectedDiagnostics.Add(Expect.Risk("TG1001", 0, Shell));
        test.ExpectedDiagnostics.Add(Expect.At("TG1100", DiagnosticSeverity.Warning, 0));

        await test.RunAsync();
    }

    [Fact]
    public async Task SeverityNoneRemovesTheRule()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ShellTool);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ndotnet_diagnostic.TG1001.severity = none\n"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "run", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task AConfiguredSeverityAppliesToMitigatedFindingsToo()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class GitTools
            {
                [McpServerTool(Name = "git")]
                public static int Git(string subcommand)
                {
                    if (subcommand != "status" && subcommand != "log" && subcommand != "diff")
                    {
                        throw new ArgumentException("unsupported git subcommand");
                    }

                    return {|#0:Process.Start("git", subcommand)|}!.Id;
                }
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ndotnet_diagnostic.TG1001.severity = error\n"));
        test.ExpectedDiagnostics.Add(Expect.At("TG1001", DiagnosticSeverity.Error, 0)
            .WithMessage("Tool 'git' (mcp): model-controlled parameter 'subcommand' reaches the command line of System.Diagnostics.Process.Start (mitigated: allow-list check in Contoso.DevTools.GitTools.Git)"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    private const string ReachedAndUnreached = """
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        namespace Contoso.DevTools;

        [McpServerToolType]
        public static class GitTools
        {
            [McpServerTool(Name = "git_status")]
            public static int GitStatus() => {|#0:Process.Start("git", "status")|}!.Id;
        }

        public static class Startup
        {
            public static void WarmUp()
            {
                using var process = {|#1:Process.Start("dotnet", "--info")|}!;
                process.WaitForExit();
            }
        }
        """;

    [Fact]
    public async Task ByDefaultAnUnreachedUseIsReported()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ReachedAndUnreached);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git_status", "mcp", "process.exec", Start));
        test.ExpectedDiagnostics.Add(Expect.Unreached("TG1100", 1, "Contoso.DevTools.Startup.WarmUp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task ReportUnreachedFalseDropsTheUnreachedUseAndKeepsTheReachedOne()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ReachedAndUnreached);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nTG1100.report_unreached = false\n"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git_status", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task ReportUnreachedFalseInAGlobalConfigDropsTheUnreachedUse()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ReachedAndUnreached);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nTG1100.report_unreached = false\n"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git_status", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task ReportUnreachedIsPerRule()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ReachedAndUnreached);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nTG2100.report_unreached = false\n"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git_status", "mcp", "process.exec", Start));
        test.ExpectedDiagnostics.Add(Expect.Unreached("TG1100", 1, "Contoso.DevTools.Startup.WarmUp", "process.exec", Start));

        await test.RunAsync();
    }

    private const string PragmaSuppressed = """
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        namespace Contoso.DevTools;

        [McpServerToolType]
        public static class ShellTools
        {
            [McpServerTool(Name = "run")]
        #pragma warning disable TG1001 // The tool runs in a disposable sandbox container.
            public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
        #pragma warning restore TG1001
        }
        """;

    private const string AttributeSuppressed = """
        using System.Diagnostics;
        using System.Diagnostics.CodeAnalysis;
        using ModelContextProtocol.Server;

        namespace Contoso.DevTools;

        [McpServerToolType]
        public static class ShellTools
        {
            [McpServerTool(Name = "run")]
            [SuppressMessage("Tollgate", "TG1001", Justification = "The tool runs in a disposable sandbox container.")]
            public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
        }
        """;

    [Theory]
    [InlineData(PragmaSuppressed)]
    [InlineData(AttributeSuppressed)]
    public async Task ASuppressedRiskIsLeftOutAndTheCapabilityStays(string source)
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(source);

        // The testing framework leaves out diagnostics the compiler suppressed: only the capability is left.
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "run", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Theory]
    [InlineData(PragmaSuppressed)]
    [InlineData(AttributeSuppressed)]
    public async Task ASuppressedRiskIsStillReportedAsSuppressed(string source)
    {
        var diagnostics = await ConfiguredCompilation.AnalyzeAsync(new ProcessAnalyzer(), source.Replace("{|#0:", "").Replace("|}", ""));

        Assert.Equal(new[] { ("TG1001", true), ("TG1100", false) }, diagnostics.Select(d => (d.Id, d.IsSuppressed)));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
    }

    [Fact]
    public async Task RisksFalseLeavesTheCapabilityInventory()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(ShellTool);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ntollgate.risks = false\n"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "run", "mcp", "process.exec", Start));

        await test.RunAsync();
    }
}
