using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Tollgate.CodeFixes;
using Xunit;

namespace Tollgate.Tests.CodeFixes;

/// <summary>A risk in a tool registered with AIFunctionFactory.Create: the fix puts the registration behind human approval.</summary>
public sealed class RequireApprovalCodeFixTests
{
    private static DiagnosticResult Shell(int location) =>
        new DiagnosticResult("TG1001", DiagnosticSeverity.Warning).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static DiagnosticResult MitigatedShell(int location) =>
        new DiagnosticResult("TG1001", DiagnosticSeverity.Info).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    private static DiagnosticResult Exec(int location) =>
        new DiagnosticResult("TG1100", DiagnosticSeverity.Info).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public async Task ALambdaThatRunsAShellIsWrappedInApprovalRequiredAIFunction()
    {
        var test = new CodeFixTest<ProcessAnalyzer, RequireApprovalCodeFixProvider>(
            """
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            public static class AgentTools
            {
                public static AITool[] Create() =>
                [
                    AIFunctionFactory.Create((string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id, "run_command"),
                ];
            }
            """,
            """
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            public static class AgentTools
            {
                public static AITool[] Create() =>
                [
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id, "run_command")),
                ];
            }
            """);
        test.ExpectedDiagnostics.Add(Shell(0).WithMessage("Tool 'run_command' (microsoft-extensions-ai): model-controlled parameter 'command' reaches the command line of System.Diagnostics.Process.Start"));
        test.ExpectedDiagnostics.Add(Exec(0));
        test.FixedState.ExpectedDiagnostics.Add(MitigatedShell(0).WithMessage("Tool 'run_command' (microsoft-extensions-ai): model-controlled parameter 'command' reaches the command line of System.Diagnostics.Process.Start (mitigated: human approval (ApprovalRequiredAIFunction))"));
        test.FixedState.ExpectedDiagnostics.Add(Exec(0));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal(RequireApprovalCodeFixProvider.EquivalenceKey, action.EquivalenceKey);

        await test.RunAsync();
    }

    [Fact]
    public async Task TheRegistrationInAnotherDocumentIsWrappedAndItsUsingAdded()
    {
        var test = new CodeFixTest<ProcessAnalyzer, RequireApprovalCodeFixProvider>();
        test.TestState.Sources.Add(("ShellCommands.cs",
            """
            using System.Diagnostics;

            namespace Contoso.Agent;

            public static class ShellCommands
            {
                public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
            }
            """));
        test.TestState.Sources.Add(("ToolRegistry.cs",
            """
            namespace Contoso.Agent;

            public static class ToolRegistry
            {
                public static Microsoft.Extensions.AI.AIFunction RunCommand() =>
                    Microsoft.Extensions.AI.AIFunctionFactory.Create(ShellCommands.Run, "run_command", "Runs a shell command.");
            }
            """));
        test.FixedState.Sources.Add(("ShellCommands.cs",
            """
            using System.Diagnostics;

            namespace Contoso.Agent;

            public static class ShellCommands
            {
                public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;
            }
            """));
        test.FixedState.Sources.Add(("ToolRegistry.cs",
            """
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class ToolRegistry
            {
                public static Microsoft.Extensions.AI.AIFunction RunCommand() =>
                    new ApprovalRequiredAIFunction(Microsoft.Extensions.AI.AIFunctionFactory.Create(ShellCommands.Run, "run_command", "Runs a shell command."));
            }
            """));
        test.ExpectedDiagnostics.Add(Shell(0));
        test.ExpectedDiagnostics.Add(Exec(0));
        test.FixedState.ExpectedDiagnostics.Add(MitigatedShell(0));
        test.FixedState.ExpectedDiagnostics.Add(Exec(0));

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllWrapsEveryRegistrationThatReachesTheSink()
    {
        var test = new CodeFixTest<ProcessAnalyzer, RequireApprovalCodeFixProvider>(
            """
            using System.Collections.Generic;
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            public static class DevOpsTools
            {
                public static List<AITool> All() => new()
                {
                    AIFunctionFactory.Create((string target) => Make(target), "build"),
                    AIFunctionFactory.Create(
                        (string target) => Make("test " + target),
                        "test"),
                    AIFunctionFactory.Create((string pid) => {|#1:Process.Start("kill", "-9 " + pid)|}!.Id, "kill_process"),
                };

                private static int Make(string arguments) => {|#0:Process.Start("make", arguments)|}!.Id;
            }
            """,
            """
            using System.Collections.Generic;
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            public static class DevOpsTools
            {
                public static List<AITool> All() => new()
                {
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string target) => Make(target), "build")),
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(
                        (string target) => Make("test " + target),
                        "test")),
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string pid) => {|#1:Process.Start("kill", "-9 " + pid)|}!.Id, "kill_process")),
                };

                private static int Make(string arguments) => {|#0:Process.Start("make", arguments)|}!.Id;
            }
            """);

        // Two tools reach Make: two diagnostics on its sink, each pointing at its own registration.
        test.ExpectedDiagnostics.AddRange(new[] { Shell(0), Exec(0), Shell(0), Exec(0), Shell(1), Exec(1) });
        test.FixedState.ExpectedDiagnostics.AddRange(new[] { MitigatedShell(0), Exec(0), MitigatedShell(0), Exec(0), MitigatedShell(1), Exec(1) });

        await test.RunAsync();
    }

    [Fact]
    public async Task NotOfferedWhenAlreadyWrappedNorForAttributeToolsNorOtherFactories()
    {
        const string Source = """
            using System.Diagnostics;
            using Microsoft.Extensions.AI;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class ShellTools
            {
                [McpServerTool(Name = "run")]
                public static int Run(string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id;

                public static AIFunction Approved() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string command) => {|#1:Process.Start("sh", "-c " + command)|}!.Id, "run_approved"));

                public static McpServerTool Registered() =>
                    McpServerTool.Create((string script) => {|#2:Process.Start("pwsh", "-Command " + script)|}!.Id, new McpServerToolCreateOptions { Name = "run_script" });
            }
            """;
        var test = new CodeFixTest<ProcessAnalyzer, RequireApprovalCodeFixProvider>(Source, Source);
        var expected = new[] { Shell(0), Exec(0), MitigatedShell(1), Exec(1), Shell(2), Exec(2) };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);

        await test.RunAsync();
    }
}
