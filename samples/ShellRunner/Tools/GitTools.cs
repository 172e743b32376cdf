using System.ComponentModel;
using System.Text;
using CliWrap;
using ModelContextProtocol.Server;

namespace ShellRunner.Tools;

[McpServerToolType]
public sealed class GitTools
{
    [McpServerTool(ReadOnly = true), Description("Shows 'git status --short' for a repository.")]
    public static async Task<string> GitStatusAsync(
        [Description("Path of the repository.")] string repositoryPath,
        CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var result = await Cli.Wrap("git")
            .WithArguments(["-C", repositoryPath, "status", "--short"])
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken);

        return result.ExitCode == 0 ? (stdout.Length == 0 ? "clean" : stdout.ToString()) : $"git exited with {result.ExitCode}";
    }
}
