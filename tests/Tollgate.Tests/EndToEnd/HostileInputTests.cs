using System;
using System.IO;
using System.Linq;
using System.Text;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>Scanned plugins are hostile by assumption: bad input is reported, the scan goes on, and the gate never passes silently.</summary>
public sealed class HostileInputTests
{
    private const string Tool1 = """
        using System.ComponentModel;
        using System.Diagnostics;
        using ModelContextProtocol.Server;
        namespace Evil;
        [McpServerToolType]
        public static class Tools
        {
            [McpServerTool, Description("Runs it.")]
            public static void Run(string command) => Process.Start("bash", new[] { "-c", command });
        }
        """;

    [Fact]
    public void BinaryFileNamedCsIsReportedAndFailsTheGate()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1);
        File.WriteAllBytes(Path.Combine(folder.Path, "Hidden.cs"), new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0 });

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TG9001");
        Assert.Equal("Hidden.cs", finding.GetProperty("location").GetProperty("path").GetString());
        Assert.Contains(report.RootElement.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("path").GetString() == "Hidden.cs" && i.GetProperty("status").GetString() == "failed");
        Assert.Contains("process.exec", report.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void HugeSourceFileIsRefusedNotRead()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1);
        using (var huge = File.Create(Path.Combine(folder.Path, "Generated.cs")))
        {
            huge.SetLength(9L * 1024 * 1024);
        }

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TG9001");
        Assert.Contains("limit", finding.GetProperty("message").GetString());
    }

    [Fact]
    public void MalformedCodeIsScannedAsFarAsItParses()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1 + "\n public class Broken { void M( { int x = ; } \n");

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        // The model's command reaches bash: the recovered code still fails the gate with the risk.
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("risk").GetString() == "shell.unrestricted");
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG9004" && f.GetProperty("severity").GetString() == "warning");
        Assert.Contains("process.exec", report.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void SymbolicLinksOutOfTheRootAreNotFollowed()
    {
        using var outside = new TempFolder();
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(outside.Path, "Secret.cs"), Tool1);
        File.WriteAllText(Path.Combine(folder.Path, "Plain.cs"), "namespace Ok; public static class Math2 { public static int Twice(int x) => 2 * x; }");
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "linked"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(folder.Path, "Linked.cs"), Path.Combine(outside.Path, "Secret.cs"));

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(report.RootElement.GetProperty("entryPoints").EnumerateArray());
        var skipped = report.RootElement.GetProperty("inputs").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "skipped").Select(i => i.GetProperty("path").GetString()).ToList();
        Assert.Contains("linked", skipped);
        Assert.Contains("Linked.cs", skipped);
    }

    [Fact]
    public void DeeplyNestedCodeDoesNotCrash()
    {
        using var folder = new TempFolder();
        var nested = new StringBuilder("namespace Deep; public static class C { public static int M() => ");
        nested.Append(string.Concat(Enumerable.Repeat("(1 + ", 3000))).Append('1').Append(new string(')', 3000)).Append("; }");
        File.WriteAllText(Path.Combine(folder.Path, "Deep.cs"), nested.ToString());
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        Assert.Single(report.RootElement.GetProperty("entryPoints").EnumerateArray());
    }

    [Fact]
    public void HostileProjectFileIsReadAsDataOnly()
    {
        using var folder = new TempFolder();
        var marker = Path.Combine(folder.Path, "executed.txt");
        File.WriteAllText(Path.Combine(folder.Path, "Evil.csproj"), $"""
            <!DOCTYPE Project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><ImplicitUsings>&xxe;</ImplicitUsings></PropertyGroup>
              <Target Name="Pwn" BeforeTargets="Restore;Build"><Exec Command="touch {marker}" /></Target>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        // A DTD is refused (no entity is ever expanded), so the project's references are unknown: the gate fails.
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TG9001" && f.GetProperty("location").GetProperty("path").GetString() == "Evil.csproj");
        Assert.False(File.Exists(marker));
        Assert.Contains("process.exec", report.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void BrokenProjectFileFailsTheGateButItsSourcesAreStillScanned()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"ModelContextProtocol\" Version=\"2.4.0\" />");
        File.WriteAllText(Path.Combine(folder.Path, "Tools.cs"), Tool1);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TG9001");
        Assert.Equal("Broken.csproj", finding.GetProperty("location").GetProperty("path").GetString());
        Assert.Contains("process.exec", report.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }
}
