using System;
using System.IO;
using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>0 the gate passes, 1 the gate fails, 2 the scan could not be done as asked.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public void BenignPluginPassesTheDefaultGate()
    {
        var result = Tool.Run("scan", "samples/Calculator", "--no-progress");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gate passed", result.StdOut);
    }

    [Fact]
    public void CapabilityNotesFailAGateSetAtNote()
    {
        var result = Tool.Run("scan", "samples/ShellRunner", "--no-progress", "--fail-on", "note");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GATE FAILED", result.StdOut);
    }

    [Fact]
    public void FailOnNoneNeverFails()
    {
        Assert.Equal(0, Tool.Run("scan", "samples/ShellRunner", "--no-progress", "--fail-on", "none").ExitCode);
    }

    [Theory]
    [InlineData("scan", "does/not/exist")]
    [InlineData("scan", "samples", "--format", "yaml")]
    [InlineData("scan", "samples", "--fail-on", "sometimes")]
    [InlineData("scan")]
    [InlineData("scan", "samples", "--format", "json", "--format", "sarif")]
    [InlineData("scan", "samples", "--catalog", "no-such.catalog")]
    [InlineData("frobnicate")]
    public void BadArgumentsAreUsageErrors(params string[] args)
    {
        var result = Tool.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tollgate", result.StdErr);
    }

    [Fact]
    public void NothingToScanIsAUsageError()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "README.md"), "no code here");

        var result = Tool.Run("scan", folder.Path, "--no-progress");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No C# sources", result.StdErr);
    }

    [Fact]
    public void BrokenCatalogEntryIsAnErrorNamingFileAndLine()
    {
        using var folder = new TempFolder();
        var catalog = Path.Combine(folder.Path, "mine.catalog");
        File.WriteAllText(catalog, "# my APIs\napi process.exec M:Contoso.Runner.Run(*) command=cmd\napi shell M:Contoso.Runner.Go(*)\n");

        var (report, result) = Tool.ScanJson("samples/Calculator", "--no-progress", "--catalog", catalog);

        Assert.Equal(1, result.ExitCode);
        var finding = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TG9002");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.EndsWith("mine.catalog", finding.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(3, finding.GetProperty("location").GetProperty("line").GetInt32());
        Assert.Contains("unknown capability 'shell'", finding.GetProperty("message").GetString());
    }

    [Fact]
    public void UserCatalogEntriesAddCapabilities()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "Tool.cs"), """
            using System.ComponentModel;
            using ModelContextProtocol.Server;
            namespace Contoso;
            public static class Runner { public static void Run(string cmd) { } }
            [McpServerToolType]
            public static class Tools
            {
                [McpServerTool, Description("Runs it.")]
                public static void Go(string cmd) => Runner.Run(cmd);
            }
            """);
        var catalog = Path.Combine(folder.Path, "mine.catalog");
        File.WriteAllText(catalog, "api process.exec M:Contoso.Runner.Run(*) command=cmd\n");

        var (without, _) = Tool.ScanJson(folder.Path, "--no-progress");
        var (with, _) = Tool.ScanJson(folder.Path, "--no-progress", "--catalog", catalog);

        Assert.Empty(without.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities").EnumerateArray());
        Assert.Equal("process.exec", with.RootElement.GetProperty("entryPoints")[0].GetProperty("capabilities")[0].GetString());
    }

    [Fact]
    public void HelpTeachesTheOptions()
    {
        var result = Tool.Run("scan", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--format", "--output", "--fail-on", "--catalog", "--no-packages" })
        {
            Assert.Contains(option, result.StdOut);
        }
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tollgate-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
