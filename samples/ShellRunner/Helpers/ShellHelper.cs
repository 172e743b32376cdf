using System.Diagnostics;
using System.Text;

namespace ShellRunner.Helpers;

internal static class ShellHelper
{
    public sealed record ShellResult(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs <paramref name="commandLine"/> through <c>bash -c</c>.</summary>
    public static async Task<ShellResult> RunBashAsync(string commandLine, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo
        {
            FileName = "/bin/bash",
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(commandLine);

        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.AppendLine(e.Data); };

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        // On timeout the wait is abandoned and the caller gets an OperationCanceledException.
        await process.WaitForExitAsync(cts.Token);

        return new ShellResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a fixed program with no model-chosen arguments.</summary>
    public static string RunFixed(string fileName)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    /// <summary>Kills a process tree by id. Kept for a future "cancel" tool; nothing calls it yet.</summary>
    public static void KillProcessTree(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
    }
}
