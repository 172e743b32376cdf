using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>
/// The scanned code's own suppressions, honoured as the compiler honours them: `#pragma warning disable`,
/// `[SuppressMessage]` and an `.editorconfig` severity of none hide a finding from the gate, but the report still
/// lists it, marked, with the justification, so a reviewer sees what the plugin silenced.
/// </summary>
public sealed class SuppressionTests
{
    private const string Plugin = """
        using System.Diagnostics;
        using System.Diagnostics.CodeAnalysis;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Ops;

        [McpServerToolType]
        public static class OpsTools
        {
            [McpServerTool(Name = "run")]
            [SuppressMessage("Tollgate", "TG1001", Justification = "Runs only inside the disposable build container")]
            public static int Run(string command) => Process.Start("bash", "-c " + command)!.Id;

            [McpServerTool(Name = "restart")]
            [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
            public static int Restart(string service) => Process.Start("systemctl", "restart " + service)!.Id;

            [McpServerTool(Name = "kill")]
            public static int Kill(string program)
            {
        #pragma warning disable TG1001
                return Process.Start("pkill", program)!.Id;
        #pragma warning restore TG1001
            }

            [McpServerTool(Name = "fetch")]
            public static Task<string> FetchAsync(string url) => new HttpClient().GetStringAsync(url);
        }
        """;

    [Fact]
    public void SuppressedFindingsAreReportedButDoNotFailTheGate()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Plugin);
        File.WriteAllText(Path.Combine(folder.Path, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.TG2002.severity = none\n");

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        var risks = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("risk").ValueKind == JsonValueKind.String).ToList();
        var run = risks.Single(f => f.GetProperty("entryPoint").GetString() == "Contoso.Ops.OpsTools.Run");
        Assert.Equal("inSource", run.GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal("Runs only inside the disposable build container", run.GetProperty("suppression").GetProperty("justification").GetString());
        Assert.Equal("error", run.GetProperty("severity").GetString());

        var placeholder = risks.Single(f => f.GetProperty("entryPoint").GetString() == "Contoso.Ops.OpsTools.Restart");
        Assert.Equal(JsonValueKind.Null, placeholder.GetProperty("suppression").GetProperty("justification").ValueKind);

        var kill = risks.Single(f => f.GetProperty("entryPoint").GetString() == "Contoso.Ops.OpsTools.Kill");
        Assert.Equal("inSource", kill.GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, kill.GetProperty("suppression").GetProperty("justification").ValueKind);

        var fetch = risks.Single(f => f.GetProperty("entryPoint").GetString() == "Contoso.Ops.OpsTools.FetchAsync");
        Assert.Equal("external", fetch.GetProperty("suppression").GetProperty("kind").GetString());

        // Each suppression in the code that does not say why is itself a note (TG9006), next to what it hides; the justified one
        // is not, nor the .editorconfig one, which names the configuration that sets it.
        var unjustified = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "TG9006").ToList();
        Assert.All(unjustified, f => Assert.Equal("note", f.GetProperty("severity").GetString()));
        var hidden = unjustified.Select(f => f.GetProperty("entryPoint").GetString()).ToHashSet();
        Assert.Contains("Contoso.Ops.OpsTools.Restart", hidden);
        Assert.Contains("Contoso.Ops.OpsTools.Kill", hidden);
        Assert.DoesNotContain("Contoso.Ops.OpsTools.Run", hidden);
    }

    [Fact]
    public void IgnoreSuppressionsCountsThemInTheGateAndStillMarksThem()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Plugin);
        File.WriteAllText(Path.Combine(folder.Path, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.TG2002.severity = none\n");

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress", "--ignore-suppressions");

        Assert.Equal(1, result.ExitCode);
        Assert.True(report.RootElement.GetProperty("summary").GetProperty("errors").GetInt32() >= 3);
        Assert.Equal(4, report.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.TryGetProperty("suppression", out _)));
    }

    [Fact]
    public void SarifCarriesTheSuppressionsAndStaysValid()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Plugin);
        var sarif = Path.Combine(folder.Path, "out.sarif");

        var result = Tool.Run("scan", Path.Combine(folder.Path, "OpsTools.cs"), "--no-progress", "--format", "sarif", "--output", sarif);

        Assert.Equal(1, result.ExitCode);
        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        var suppressed = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("suppressions", out _)).ToList();
        Assert.Equal(3, suppressed.Count);
        Assert.Contains(suppressed, r => r.GetProperty("suppressions")[0].GetProperty("justification").GetString() == "Runs only inside the disposable build container");
        Assert.Empty(SarifValidator.Errors(sarif));
    }

    [Fact]
    public void WithoutTheSuppressionsTheSameCodeFailsTheGate()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Plugin.Replace("[SuppressMessage", "// [SuppressMessage").Replace("#pragma", "// pragma"));

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.TryGetProperty("suppression", out _));
    }

    [Fact]
    public void AnEditorConfigSeverityChangesTheReportedSeverity()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "OpsTools.cs"), Plugin.Replace("[SuppressMessage", "// [SuppressMessage").Replace("#pragma", "// pragma"));
        File.WriteAllText(Path.Combine(folder.Path, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.TG1001.severity = suggestion\ndotnet_diagnostic.TG2002.severity = warning\n");

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        var risks = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("risk").ValueKind == JsonValueKind.String).ToList();
        Assert.All(risks.Where(f => f.GetProperty("ruleId").GetString() == "TG1001"), f => Assert.Equal("note", f.GetProperty("severity").GetString()));
        Assert.All(risks.Where(f => f.GetProperty("ruleId").GetString() == "TG2002"), f => Assert.Equal("warning", f.GetProperty("severity").GetString()));
        Assert.Contains(risks, f => f.GetProperty("ruleId").GetString() == "TG2002");
    }
}
