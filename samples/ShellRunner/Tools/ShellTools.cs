using System.ComponentModel;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;
using ShellRunner.Helpers;

namespace ShellRunner.Tools;

[McpServerToolType]
public sealed class ShellTools(ShellRunnerOptions options, ILogger<ShellTools> logger)
{
    [McpServerTool(Name = "run_command", Destructive = true, OpenWorld = true)]
    [Description("Runs a shell command with bash and returns its exit code and output.")]
    public async Task<string> RunCommand(
        McpServer server,
        [Description("The command line to run, e.g. 'ls -la | head'.")] string command,
        [Description("Optional working directory.")] string? workingDirectory,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Client {Client} runs: {Command}", server.ClientInfo?.Name, command);

        var result = await ShellHelper.RunBashAsync(
            command,
            workingDirectory ?? options.DefaultWorkingDirectory,
            TimeSpan.FromSeconds(options.TimeoutSeconds),
            cancellationToken);

        return $"exit code: {result.ExitCode}\n--- stdout ---\n{result.StdOut}\n--- stderr ---\n{result.StdErr}";
    }

    [McpServerTool, Description("Shows how long the machine has been up.")]
    public static string GetUptime() => ShellHelper.RunFixed("uptime");
}
