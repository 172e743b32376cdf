using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Tollgate.Tests.Infrastructure;

/// <summary>
/// The official SARIF validator (@microsoft/sarif-multitool from npm). CI installs it and names it in
/// TOLLGATE_SARIF_VALIDATOR; on a developer machine it is installed into .ci/.tools on first use.
/// </summary>
public static class SarifValidator
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>Validates a SARIF file and returns the validator's error messages (empty when valid).</summary>
    public static string[] Errors(string sarifPath)
    {
        var output = Path.Combine(Path.GetTempPath(), "tollgate-validation-" + Guid.NewGuid().ToString("N") + ".sarif");
        try
        {
            var start = new ProcessStartInfo(Executable.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "validate", sarifPath, "--output", output, "--log", "ForceOverwrite" })
            {
                start.ArgumentList.Add(arg);
            }

            using (var process = Process.Start(start)!)
            {
                var stdout = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (!File.Exists(output))
                {
                    return new[] { $"validator produced no log (exit {process.ExitCode}): {stdout}" };
                }
            }

            using var log = JsonDocument.Parse(File.ReadAllText(output));
            return log.RootElement.GetProperty("runs").EnumerateArray()
                .SelectMany(run => run.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Where(r => r.TryGetProperty("level", out var level) && level.GetString() == "error")
                .Select(r => r.GetRawText())
                .ToArray();
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TOLLGATE_SARIF_VALIDATOR");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var tools = Path.Combine(Scan.RepositoryRoot, ".ci", ".tools");
        var executable = Path.Combine(tools, "node_modules", ".bin", "sarif-multitool");
        if (!File.Exists(executable))
        {
            Directory.CreateDirectory(tools);
            var install = new ProcessStartInfo("npm") { WorkingDirectory = tools, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--silent", "@microsoft/sarif-multitool" })
            {
                install.ArgumentList.Add(arg);
            }

            using var process = Process.Start(install)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException("could not install @microsoft/sarif-multitool with npm: " + error);
            }
        }

        return executable;
    }
}
