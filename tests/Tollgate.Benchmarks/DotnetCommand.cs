using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Tollgate.Benchmarks;

/// <summary>What one <c>dotnet</c> command did: its exit code, its wall-clock time and everything it printed.</summary>
internal sealed record CommandResult(int ExitCode, double ElapsedMs, string Output, bool TimedOut);

/// <summary>
/// Runs the .NET CLI as a child process for the <c>build</c> phase, timed from its start to its exit.
/// Every command gets the same environment: no MSBuild node reuse (each build starts its own nodes, so no run
/// inherits a warm node from the previous one), no telemetry or first-run banners, and English messages (the
/// compiler's <c>ReportAnalyzer</c> table is parsed).
/// </summary>
internal static class DotnetCommand
{
    /// <summary>Any single command taking longer than this is stopped and reported as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    // Set by the CLI for the processes it starts (`dotnet run` included); they would steer MSBuild to another SDK.
    private static readonly string[] InheritedMsBuildVariables =
    [
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDTERMINALLOGGER", "MSBUILDNOINPROCNODE",
    ];

    /// <summary>The <c>dotnet</c> muxer: the one that started us (through <c>DOTNET_HOST_PATH</c> or directly), else the one on PATH.</summary>
    public static string HostPath { get; } = FindHost();

    public static CommandResult Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(HostPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedMsBuildVariables)
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var output = new StringBuilder();
        var gate = new object();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                output.Append(e.Data).Append('\n');
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;

        var stopwatch = Stopwatch.StartNew();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {HostPath}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExit(Timeout);
        stopwatch.Stop();
        if (!exited)
        {
            // Only the process tree this call started.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.WaitForExit();
        }
        else
        {
            // Drains the asynchronous readers.
            process.WaitForExit();
        }

        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        return new CommandResult(exited ? process.ExitCode : -1, stopwatch.Elapsed.TotalMilliseconds, text, !exited);
    }

    /// <summary>A one-line rendering of a command, for the log.</summary>
    public static string Describe(params string[] arguments)
        => "dotnet " + string.Join(' ', Array.ConvertAll(arguments, a => a.Contains(' ', StringComparison.Ordinal) ? '"' + a + '"' : a));

    private static string FindHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var self = Environment.ProcessPath;
        if (self is not null)
        {
            var name = Path.GetFileName(self);
            if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) || name.Equals("dotnet.exe", StringComparison.OrdinalIgnoreCase))
            {
                return self;
            }
        }

        return "dotnet";
    }
}
