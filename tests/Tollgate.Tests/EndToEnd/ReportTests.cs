using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>The report contract of TAXONOMY.md: JSON shape, SARIF validity, determinism, rule pages.</summary>
public sealed class ReportTests
{
    [Fact]
    public void JsonFollowsTheContract()
    {
        var (report, _) = Tool.ScanJson("samples/ShellRunner", "--no-progress");
        var root = report.RootElement;

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("tollgate", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.All(root.GetProperty("inputs").EnumerateArray(), input =>
        {
            Assert.Contains(input.GetProperty("kind").GetString(), new[] { "source", "project", "assembly", "package", "manifest" });
            Assert.Contains(input.GetProperty("status").GetString(), new[] { "scanned", "skipped", "failed" });
            Assert.DoesNotContain("\\", input.GetProperty("path").GetString());
            Assert.False(Path.IsPathRooted(input.GetProperty("path").GetString()));
        });

        var entry = root.GetProperty("entryPoints").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "run_command");
        Assert.Equal("ShellRunner.Tools.ShellTools.RunCommand", entry.GetProperty("id").GetString());
        Assert.Equal("mcp", entry.GetProperty("framework").GetString());
        Assert.True(entry.GetProperty("declared").GetProperty("destructive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("declared").GetProperty("readOnly").ValueKind);

        var finding = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("entryPoint").GetString() == "ShellRunner.Tools.ShellTools.RunCommand" && f.GetProperty("risk").ValueKind == JsonValueKind.Null);
        Assert.Equal("TG1100", finding.GetProperty("ruleId").GetString());
        Assert.Equal("note", finding.GetProperty("severity").GetString());
        Assert.Equal("process.exec", finding.GetProperty("capability").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("risk").ValueKind);
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("mitigation").ValueKind);
        Assert.Equal("Helpers/ShellHelper.cs", finding.GetProperty("location").GetProperty("path").GetString());
        var trace = finding.GetProperty("trace").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal("ShellRunner.Tools.ShellTools.RunCommand", trace[0]);
        Assert.Equal("ShellRunner.Helpers.ShellHelper.RunBashAsync", trace[1]);

        var summary = root.GetProperty("summary");
        Assert.Equal(root.GetProperty("entryPoints").GetArrayLength(), summary.GetProperty("entryPoints").GetInt32());
        Assert.Equal(root.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("severity").GetString() == "note"), summary.GetProperty("notes").GetInt32());
    }

    [Fact]
    public void SarifOfAllSamplesIsValidAndListsEveryRuleWithItsPage()
    {
        using var folder = new TempFolder();
        var sarif = Path.Combine(folder.Path, "samples.sarif");
        var result = Tool.Run("scan", "samples", "--no-progress", "--format", "sarif", "--output", sarif);

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        Assert.Empty(SarifValidator.Errors(sarif));

        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var run = document.RootElement.GetProperty("runs").EnumerateArray().Single();
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(Tollgate.Rules.RuleRegistry.All.Count, rules.Count);
        foreach (var rule in rules)
        {
            var id = rule.GetProperty("id").GetString()!;
            Assert.EndsWith($"rules/{id}.md", rule.GetProperty("helpUri").GetString());
            Assert.True(File.Exists(Path.Combine(Scan.RepositoryRoot, "rules", id + ".md")), $"rules/{id}.md is missing");
        }

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            Assert.True(r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!.Length == 32);
            Assert.True(r.GetProperty("properties").TryGetProperty("trace", out _));
        });
    }

    [Fact]
    public void IdenticalInputGivesByteIdenticalOutput()
    {
        using var folder = new TempFolder();
        foreach (var run in new[] { "first", "second" })
        {
            Tool.Run("scan", "samples", "--no-progress",
                "--format", "json", "--output", Path.Combine(folder.Path, run + ".json"),
                "--format", "sarif", "--output", Path.Combine(folder.Path, run + ".sarif"),
                "--format", "markdown", "--output", Path.Combine(folder.Path, run + ".md"));
        }

        foreach (var extension in new[] { ".json", ".sarif", ".md" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, "first" + extension)), File.ReadAllBytes(Path.Combine(folder.Path, "second" + extension)));
        }
    }

    [Fact]
    public void SeveralFormatsInOneRun()
    {
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "r.json");
        var markdown = Path.Combine(folder.Path, "r.md");
        var result = Tool.Run("scan", "samples/WeatherClient", "--no-progress", "--format", "json", "--output", json, "--format", "markdown", "--output", markdown, "--format", "console");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{", File.ReadAllText(json));
        Assert.Contains("| `WeatherClient.Tools.WeatherTools.GetAlerts` | mcp | `get_alerts` | `network.outbound` |", File.ReadAllText(markdown));
        Assert.Contains("WeatherClient.Tools.WeatherTools.GetAlerts", result.StdOut);
    }
}
