using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace Tollgate.Tests.Infrastructure;

/// <summary>Runs the built <c>tollgate</c> tool as a separate process, as a user or a CI job would.</summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => RunIn(Scan.RepositoryRoot, args);

    public static Result RunIn(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tollgate.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tollgate did not finish within 5 minutes: " + string.Join(" ", args));
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Scans and returns the parsed JSON report and the exit code.</summary>
    public static (JsonDocument Report, Result Result) ScanJson(params string[] args)
    {
        var output = Path.Combine(Path.GetTempPath(), "tollgate-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var all = new string[args.Length + 5];
            all[0] = "scan";
            Array.Copy(args, 0, all, 1, args.Length);
            all[args.Length + 1] = "--format";
            all[args.Length + 2] = "json";
            all[args.Length + 3] = "--output";
            all[args.Length + 4] = output;
            var result = Run(all);
            if (!File.Exists(output))
            {
                throw new InvalidOperationException($"no report written (exit {result.ExitCode}): {result.StdErr}");
            }

            return (JsonDocument.Parse(File.ReadAllText(output)), result);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
