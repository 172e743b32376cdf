using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>A baseline through the built tool: old findings hidden, new ones still fail, the file stable and reviewable.</summary>
public sealed class BaselineTests
{
    private const string Tools = """
        using System.ComponentModel;
        using System.Diagnostics;
        using ModelContextProtocol.Server;
        namespace Contoso.Ops;
        [McpServerToolType]
        public static class OpsTools
        {
            [McpServerTool, Description("Runs a command.")]
            public static void Run(string command) => Process.Start("bash", new[] { "-c", command });
        }
        """;

    private const string NewTool = """
        using System.ComponentModel;
        using System.IO;
        using ModelContextProtocol.Server;
        namespace Contoso.Ops;
        [McpServerToolType]
        public static class FileTools
        {
            [McpServerTool, Description("Reads a file.")]
            public static string Read(string path) => File.ReadAllText(path);
        }
        """;

    [Fact]
    public void TheBaselineHidesOldFindingsButANewOneStillFailsTheGate()
    {
        using var folder = new TempFolder();
        var plugin = Directory.CreateDirectory(Path.Combine(folder.Path, "plugin")).FullName;
        File.WriteAllText(Path.Combine(plugin, "OpsTools.cs"), Tools);
        var baseline = Path.Combine(folder.Path, "tollgate.baseline.json");

        var written = Tool.Run("baseline", plugin, "--output", baseline, "--no-progress");
        Assert.Equal(0, written.ExitCode);
        Assert.Contains("without a reason", written.StdOut);

        var (report, result) = Tool.ScanJson(plugin, "--no-progress", "--baseline", baseline);
        Assert.Equal(0, result.ExitCode);
        var shell = Assert.Single(Findings(report), f => f.GetProperty("ruleId").GetString() == "TG1001");
        Assert.Equal("unchanged", shell.GetProperty("baselineState").GetString());

        File.WriteAllText(Path.Combine(plugin, "FileTools.cs"), NewTool);
        var (after, failed) = Tool.ScanJson(plugin, "--no-progress", "--baseline", baseline);
        Assert.Equal(1, failed.ExitCode);
        var traversal = Assert.Single(Findings(after), f => f.GetProperty("ruleId").GetString() == "TG3001");
        Assert.Equal("new", traversal.GetProperty("baselineState").GetString());
        Assert.Equal("unchanged", Findings(after).Single(f => f.GetProperty("ruleId").GetString() == "TG1001").GetProperty("baselineState").GetString());

        // SARIF carries the same states for code scanning.
        var sarif = Path.Combine(folder.Path, "out.sarif");
        Tool.Run("scan", plugin, "--no-progress", "--baseline", baseline, "--format", "sarif", "--output", sarif);
        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var states = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("baselineState").GetString()).ToHashSet();
        Assert.Equal(new[] { "new", "unchanged" }, states.OrderBy(s => s));
        Assert.Empty(SarifValidator.Errors(sarif));
    }

    [Fact]
    public void TheBaselineIsByteIdenticalAcrossRunsAndSurvivesAnEditThatMovesLines()
    {
        using var folder = new TempFolder();
        var plugin = Directory.CreateDirectory(Path.Combine(folder.Path, "plugin")).FullName;
        File.WriteAllText(Path.Combine(plugin, "OpsTools.cs"), Tools);
        var first = Path.Combine(folder.Path, "first.json");
        var second = Path.Combine(folder.Path, "second.json");

        Assert.Equal(0, Tool.Run("baseline", plugin, "-o", first, "--no-progress").ExitCode);
        Assert.Equal(0, Tool.Run("baseline", plugin, "-o", second, "--no-progress").ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

        // An unrelated edit above the tool moves every line down; the baseline still hides everything.
        File.WriteAllText(Path.Combine(plugin, "OpsTools.cs"), "// A comment\n// and another\n\n" + Tools.Replace("public static class OpsTools", "public static class OpsTools\n    // spacing"));
        var (report, result) = Tool.ScanJson(plugin, "--no-progress", "--baseline", first, "--fail-on", "note");
        Assert.Equal(0, result.ExitCode);
        Assert.All(Findings(report), f => Assert.Equal("unchanged", f.GetProperty("baselineState").GetString()));

        // Rewriting the baseline keeps the reasons a reviewer wrote.
        var text = File.ReadAllText(first).Replace("\"reason\": \"\"", "\"reason\": \"accepted until the allow-list lands\"");
        File.WriteAllText(first, text);
        Assert.Equal(0, Tool.Run("baseline", plugin, "-o", first, "--no-progress").ExitCode);
        Assert.Contains("accepted until the allow-list lands", File.ReadAllText(first));
    }

    [Fact]
    public void AnUnreadableBaselineStopsTheScan()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Tools);
        var baseline = Path.Combine(folder.Path, "broken.json");
        File.WriteAllText(baseline, "{ not json");

        var result = Tool.Run("scan", folder.Path, "--no-progress", "--baseline", baseline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.StdErr);
    }

    private static JsonElement[] Findings(JsonDocument report) => report.RootElement.GetProperty("findings").EnumerateArray().ToArray();
}
