using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>
/// One set of rules for IDE and CLI: every sample is built by the compiler with the Tollgate analyzers (as the
/// package adds them), and the compiler's SARIF log must list exactly the findings `tollgate scan` reports on the
/// same sources — same rule, file, line, column and message.
/// </summary>
public sealed class BuildParityTests
{
    [Fact]
    public void TheBuildAndTheScanReportTheSameFindingsOnEverySample()
    {
        // A copy, so building does not write obj/ folders into the samples that other tests scan at the same time.
        var logs = Dotnet.TempDirectory("tollgate-parity");
        try
        {
            var samples = Path.Combine(logs, "samples");
            CopySamples(Path.Combine(Scan.RepositoryRoot, "samples"), samples);
            var analyzers = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var build = Dotnet.Run(samples, TimeSpan.FromMinutes(10), "build", "Samples.slnx", "--no-incremental", "-nologo",
                "-p:TollgateAnalyzerDirectory=" + analyzers, "-p:TollgateErrorLogDirectory=" + logs + Path.DirectorySeparatorChar);
            Assert.True(build.ExitCode == 0, "the samples did not build:\n" + build.StdOut + build.StdErr);

            var fromBuild = new SortedSet<string>(StringComparer.Ordinal);
            var logFiles = Directory.GetFiles(logs, "*.sarif", SearchOption.TopDirectoryOnly);
            Assert.Equal(13, logFiles.Length);
            foreach (var log in logFiles)
            {
                using var sarif = JsonDocument.Parse(File.ReadAllText(log));
                foreach (var result in sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
                {
                    var rule = result.GetProperty("ruleId").GetString()!;
                    if (!rule.StartsWith("TG", StringComparison.Ordinal) || result.TryGetProperty("suppressions", out _))
                    {
                        continue;
                    }

                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    var file = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                    var region = location.GetProperty("region");
                    fromBuild.Add(Key(rule, Path.GetRelativePath(samples, file).Replace('\\', '/'), region.GetProperty("startLine").GetInt32(),
                        region.GetProperty("startColumn").GetInt32(), result.GetProperty("message").GetProperty("text").GetString()!));
                }
            }

            var (report, scan) = Tool.ScanJson(samples, "--no-progress", "--fail-on", "none");
            Assert.Equal(0, scan.ExitCode);
            var fromScan = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var finding in report.RootElement.GetProperty("findings").EnumerateArray())
            {
                var rule = finding.GetProperty("ruleId").GetString()!;
                var location = finding.GetProperty("location");
                var path = location.GetProperty("path").GetString()!;
                if (rule.StartsWith("TG9", StringComparison.Ordinal) || path.StartsWith("consumer/", StringComparison.Ordinal))
                {
                    continue;
                }

                fromScan.Add(Key(rule, path, location.GetProperty("line").GetInt32(), location.GetProperty("column").GetInt32(), finding.GetProperty("message").GetString()!));
            }

            Assert.True(fromScan.Count > 50, $"only {fromScan.Count} findings scanned");
            Assert.Equal(Describe(fromScan.Except(fromBuild)), Describe(Enumerable.Empty<string>()));
            Assert.Equal(Describe(fromBuild.Except(fromScan)), Describe(Enumerable.Empty<string>()));

            CompiledSamplesMatchTheirSources(samples, report);
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    /// <summary>
    /// What the compiler built from each sample, scanned as assemblies (bin/, with PDBs and deps.json), gives the tools,
    /// capabilities and risks its sources give, with no difference.
    /// </summary>
    private static void CompiledSamplesMatchTheirSources(string samples, JsonDocument sourceReport)
    {
        var outputs = Directory.GetDirectories(samples).Select(d => Path.Combine(d, "bin", "Debug", "net10.0")).Where(Directory.Exists).ToArray();
        Assert.Equal(13, outputs.Length);
        var (compiledReport, compiled) = Tool.ScanJson(outputs.Concat(new[] { "--no-progress", "--fail-on", "none" }).ToArray());
        Assert.Equal(0, compiled.ExitCode);

        var source = Facts(sourceReport);
        var fromAssemblies = Facts(compiledReport);
        Assert.True(source.Count > 150, $"only {source.Count} facts from sources");
        var differences = source.Except(fromAssemblies).Select(f => "source only: " + f)
            .Concat(fromAssemblies.Except(source).Select(f => "assemblies only: " + f)).OrderBy(f => f, StringComparer.Ordinal).ToList();

        // No difference remains on the samples. The build's native SQLite libraries (DbQuery's runtimes/) are TG9001 errors
        // in the assembly scan, which Facts leaves out with the rest of family 9.
        var expected = Array.Empty<string>();
        Assert.Equal(Describe(expected), Describe(differences));

        // Locations come from the PDBs: a risk is reported on the line of the call, as in source.
        var sourceLines = Lines(sourceReport);
        var compiledLines = Lines(compiledReport);
        var sameLine = compiledLines.Count(l => sourceLines.Contains(l));
        Assert.True(sameLine * 10 >= compiledLines.Count * 8, $"only {sameLine} of {compiledLines.Count} risk locations are on the source's file and line");
    }

    /// <summary>Tools (id, exposed name, framework, which parameters the model controls), capabilities and targets per tool, targets outside tools, findings per tool and rule.</summary>
    private static SortedSet<string> Facts(JsonDocument report)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in report.RootElement.GetProperty("entryPoints").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            if (id.StartsWith("Contoso.Consumer", StringComparison.Ordinal))
            {
                continue;
            }

            var parameters = string.Join(",", entry.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString() + (p.GetProperty("modelControlled").GetBoolean() ? "*" : "")));
            facts.Add($"tool {id} \"{entry.GetProperty("name").GetString()}\" {entry.GetProperty("framework").GetString()} ({parameters})");
            foreach (var capability in entry.GetProperty("capabilities").EnumerateArray())
            {
                facts.Add($"capability {id} {capability.GetString()}");
            }

            // Targets too: a lock written from the sources holds for the package built from them.
            foreach (var kind in entry.TryGetProperty("targets", out var targets) ? targets.EnumerateObject() : default)
            {
                foreach (var value in kind.Value.EnumerateArray())
                {
                    facts.Add($"target {id} {kind.Name} {value.GetString()}");
                }
            }
        }

        foreach (var plugin in report.RootElement.GetProperty("outsideTools").EnumerateArray())
        {
            foreach (var kind in plugin.GetProperty("targets").EnumerateObject())
            {
                foreach (var value in kind.Value.EnumerateArray())
                {
                    facts.Add($"outside tools {plugin.GetProperty("assembly").GetString()} {kind.Name} {value.GetString()}");
                }
            }
        }

        foreach (var finding in report.RootElement.GetProperty("findings").EnumerateArray())
        {
            var rule = finding.GetProperty("ruleId").GetString()!;
            if (rule.StartsWith("TG9", StringComparison.Ordinal) || !finding.TryGetProperty("entryPoint", out var entryPoint) || entryPoint.ValueKind != JsonValueKind.String
                || entryPoint.GetString()!.StartsWith("Contoso.Consumer", StringComparison.Ordinal))
            {
                continue;
            }

            var mitigated = finding.TryGetProperty("mitigation", out var mitigation) && mitigation.ValueKind == JsonValueKind.String;
            facts.Add($"finding {rule} {entryPoint.GetString()} {(mitigated ? "mitigated" : "unmitigated")}");
        }

        return facts;
    }

    /// <summary>Where each risk is, as file name and line.</summary>
    private static HashSet<string> Lines(JsonDocument report) => report.RootElement.GetProperty("findings").EnumerateArray()
        .Where(f => f.TryGetProperty("risk", out var risk) && risk.ValueKind == JsonValueKind.String && f.TryGetProperty("location", out _))
        .Select(f => f.GetProperty("location"))
        .Select(l => Path.GetFileName(l.GetProperty("path").GetString()!) + ":" + l.GetProperty("line").GetInt32())
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The samples' sources and projects, without build output and without the package consumer.</summary>
    private static void CopySamples(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "consumer"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Key(string rule, string path, int line, int column, string message) => $"{rule} {path}({line},{column}): {message}";

    private static string Describe(IEnumerable<string> keys) => string.Join("\n", keys);
}
