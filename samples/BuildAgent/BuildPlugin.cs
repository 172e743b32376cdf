using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Proseware.BuildAgent;

public sealed class BuildPlugin
{
    private readonly IExecutor _executor;
    private readonly string _logDir;
    private readonly Func<string, string> _readLog;

    public BuildPlugin(IExecutor executor, BuildAgentOptions options)
    {
        _executor = executor;
        _logDir = options.LogDirectory;

        // Stored as a delegate; the read happens only when a tool invokes it.
        _readLog = path => File.ReadAllText(path);
    }

    /// <summary>Tail of the most recent build log; reads the file on every access.</summary>
    private string LastLogTail
    {
        get
        {
            string path = Path.Combine(_logDir, "last-build.log");
            string[] lines = File.ReadAllLines(path);
            return string.Join("\n", lines.TakeLast(20));
        }
    }

    [KernelFunction("run_build"), Description("Builds a project or solution with 'dotnet build'.")]
    public async Task<string> RunBuildAsync(
        [Description("Project or solution path.")] string target,
        [Description("Build configuration.")] string configuration = "Debug",
        CancellationToken cancellationToken = default)
    {
        int exitCode = await _executor.RunAsync("dotnet", ["build", target, "-c", configuration], cancellationToken);
        return exitCode == 0 ? "Build succeeded." : $"Build failed with exit code {exitCode}.";
    }

    [KernelFunction, Description("Reads a build log by name.")]
    public string ReadBuildLog([Description("Log file name, e.g. 'last-build.log'.")] string logName) =>
        _readLog(Path.Combine(_logDir, logName));

    [KernelFunction, Description("Shows which executor is configured.")]
    public string GetExecutorInfo() => _executor.Describe();

    [KernelFunction, Description("Shows the end of the most recent build log.")]
    public string GetLastBuildSummary() => LastLogTail;
}
