using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG1001 and TG1100 in the IDE: on the sink call, naming the tool; mitigated at suggestion level.</summary>
public sealed class ProcessAnalyzerTests
{
    private const string Start = "System.Diagnostics.Process.Start";

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

    [Fact]
    public async Task AModelProgramInAProcessStartInfoIsAWarningOnTheAssignment()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System.Diagnostics;
            using Microsoft.SemanticKernel;

            namespace Contoso.Build;

            public sealed class BuildPlugin
            {
                [KernelFunction("run_tool")]
                public int RunTool(string program)
                {
                    var info = {|#1:new ProcessStartInfo { {|#0:FileName = program|}, UseShellExecute = false }|};
                    using var process = Process.Start(info)!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG1001", 0, "Tool 'run_tool' (semantic-kernel): model-controlled parameter 'program' reaches the program of System.Diagnostics.ProcessStartInfo.FileName"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 1, "run_tool", "semantic-kernel", "process.exec", "System.Diagnostics.ProcessStartInfo..ctor"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AConstantCommandLineIsACapabilityButNotARisk()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class GitTools
            {
                [McpServerTool(Name = "git_status")]
                public static int GitStatus() => {|#0:Process.Start("git", "status")|}!.Id;

                [McpServerTool(Name = "git_log")]
                public static int GitLog(int count) => {|#1:Process.Start("git", $"log -n {count} --oneline")|}!.Id;
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "git_status", "mcp", "process.exec", Start));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 1, "git_log", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnAllowListedProgramIsMitigatedAndReportedAsASuggestion()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class ShellTools
            {
                private static readonly HashSet<string> AllowedPrograms = new(StringComparer.Ordinal) { "git", "dotnet", "npm" };

                [McpServerTool(Name = "run_allowed")]
                public static int RunAllowed(string program)
                {
                    if (!AllowedPrograms.Contains(program))
                    {
                        throw new ArgumentException($"'{program}' is not allowed");
                    }

                    return {|#0:Process.Start(program)|}!.Id;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG1001", 0,
            "Tool 'run_allowed' (mcp): model-controlled parameter 'program' reaches the program of System.Diagnostics.Process.Start",
            "allow-list check in Contoso.DevTools.ShellTools.RunAllowed"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "run_allowed", "mcp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task AProcessStartedOnlyByStartupCodeIsAnUnreachedCapability()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class InfoTools
            {
                [McpServerTool(Name = "process_id")]
                public static int ProcessId() => System.Environment.ProcessId;
            }

            public static class Startup
            {
                public static void WarmUp()
                {
                    using var process = {|#0:Process.Start("dotnet", "--info")|}!;
                    process.WaitForExit();
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Unreached("TG1100", 0, "Contoso.DevTools.Startup.WarmUp", "process.exec", Start));

        await test.RunAsync();
    }

    [Fact]
    public async Task AToolThatStartsNoProcessHasNoDiagnostic()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class InfoTools
            {
                [McpServerTool(Name = "process_name")]
                public static string ProcessName(string prefix) => prefix + Process.GetCurrentProcess().ProcessName;
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task TheTraceAcrossFilesIsInTheAdditionalLocations()
    {
        var test = new AnalyzerTest<ProcessAnalyzer>(
            """
            using ModelContextProtocol.Server;

            namespace Contoso.Ops;

            [McpServerToolType]
            public static class OpsTools
            {
                [{|#0:McpServerTool(Name = "restart_service")|}]
                public static int {|#1:RestartService|}(string service) => {|#2:ServiceRunner.Restart(service)|};
            }
            """);
        test.TestState.Sources.Add(("ServiceRunner.cs",
            """
            using System.Diagnostics;

            namespace Contoso.Ops;

            internal static class ServiceRunner
            {
                public static int Restart(string service)
                {
                    using var process = {|#3:Process.Start("systemctl", "restart " + service)|}!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """));

        // The sink, then the declaration and every step of the trace: tool, helper call, sink.
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1001", DiagnosticSeverity.Warning)
            .WithLocation(3).WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
            .WithMessage("Tool 'restart_service' (mcp): model-controlled parameter 'service' reaches the command line of System.Diagnostics.Process.Start"));

        // A capability has no declaration among its locations: the trace only.
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG1100", DiagnosticSeverity.Info)
            .WithLocation(3).WithLocation(1).WithLocation(2).WithLocation(3)
            .WithMessage("Tool 'restart_service' (mcp) can reach process.exec through System.Diagnostics.Process.Start"));

        await test.RunAsync();
    }
}
