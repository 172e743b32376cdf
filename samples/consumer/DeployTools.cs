using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using ModelContextProtocol.Server;

namespace Contoso.DeployPlugin;

[McpServerToolType]
public static class DeployTools
{
    private static readonly string[] Environments = { "staging", "production" };

    // Risky: the model writes the shell command line, and the tool claims to be read-only.
    [McpServerTool(Name = "run_deploy_script", ReadOnly = true), Description("Runs a deployment script on the build agent")]
    public static string RunDeployScript(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", "-c \"" + script + "\"") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    // Guarded: the environment is checked against a fixed list before it reaches the command line.
    [McpServerTool(Name = "deploy"), Description("Deploys the current build to an environment")]
    public static int Deploy(string environment)
    {
        if (System.Array.IndexOf(Environments, environment) < 0)
        {
            throw new System.ArgumentException("unknown environment", nameof(environment));
        }

        using var process = Process.Start("dotnet", "publish -c Release -p:Environment=" + environment)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    // Benign: reads the plugin's own constant file.
    [McpServerTool(Name = "deploy_log", ReadOnly = true), Description("Shows the last deployment log")]
    public static string DeployLog() => File.ReadAllText("/var/log/contoso/deploy.log");
}
