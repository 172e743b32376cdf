using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Capability uses no tool reaches are reported without an entry point, and only those.</summary>
public sealed class UnreachedTests
{
    private const string Plugin = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Maintenance;

        public static class Disk
        {
            public static string[] List(string folder) => Directory.GetFiles(folder);
            public static void Wipe(string folder) => Directory.Delete(folder, true);
        }

        [McpServerToolType]
        public sealed class MaintenanceTools
        {
            [McpServerTool] public static string[] ListLogs() => Disk.List("/var/log/contoso");
            [McpServerTool] public static string Version() => "3.0";

            internal static void Reinstall() => Process.Start("msiexec", "/i contoso.msi /quiet");
        }
        """;

    private const string Program = """
        using System;
        using System.IO;

        var settings = File.ReadAllText("appsettings.json");
        Environment.SetEnvironmentVariable("CONTOSO_SETTINGS", settings);
        Console.WriteLine("ready");
        """;

    [Fact]
    public void AUseInAMethodNothingCallsIsReportedWithoutAnEntryPoint()
    {
        var result = Scan.Sources(Plugin, Program);

        var reinstall = Assert.Single(result.Unreached(), f => f.Capability == "process.exec");
        Assert.Null(reinstall.EntryPoint);
        Assert.Equal(new[] { "Contoso.Maintenance.MaintenanceTools.Reinstall", "System.Diagnostics.Process.Start" }, reinstall.Trace);
        Assert.Equal("Source0.cs", reinstall.Location!.Path);
        Assert.Equal(20, reinstall.Location.Line);
        Assert.DoesNotContain(result.EntryPoints, e => e.Capabilities.Contains("process.exec"));
    }

    [Fact]
    public void UsesInTopLevelStatementsAreReportedWithoutAnEntryPoint()
    {
        var result = Scan.Sources(Plugin, Program);

        var read = Assert.Single(result.Unreached(), f => f.Location!.Path == "Source1.cs" && f.Capability == "filesystem.read");
        Assert.Equal(new[] { "<top-level statements>", "System.IO.File.ReadAllText" }, read.Trace);
        var modify = Assert.Single(result.Unreached(), f => f.Capability == "system.modify");
        Assert.Equal(new[] { "<top-level statements>", "System.Environment.SetEnvironmentVariable" }, modify.Trace);
        Assert.DoesNotContain(result.EntryPoints, e => e.Capabilities.Contains("system.modify"));
    }

    [Fact]
    public void AHelperReachedByOneToolIsNotUnreached()
    {
        var result = Scan.Sources(Plugin, Program);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Maintenance.MaintenanceTools.ListLogs"));
        Assert.Empty(result.CapabilitiesOf("Contoso.Maintenance.MaintenanceTools.Version"));
        Assert.DoesNotContain(result.Unreached(), f => f.Trace[0] == "Contoso.Maintenance.Disk.List");
    }

    [Fact]
    public void AnUncalledMethodBesideACalledOneIsStillUnreached()
    {
        var result = Scan.Sources(Plugin, Program);

        var wipe = Assert.Single(result.Unreached(), f => f.Trace[0] == "Contoso.Maintenance.Disk.Wipe");
        Assert.Equal("filesystem.write", wipe.Capability);
    }

    [Fact]
    public void ExactlyTheUnreachedUsesAreReported()
    {
        var result = Scan.Sources(Plugin, Program);

        Assert.Equal(
            new[]
            {
                "<top-level statements>|filesystem.read",
                "<top-level statements>|system.modify",
                "Contoso.Maintenance.Disk.Wipe|filesystem.write",
                "Contoso.Maintenance.MaintenanceTools.Reinstall|process.exec",
            },
            result.Unreached().Select(f => f.Trace[0] + "|" + f.Capability).OrderBy(s => s, System.StringComparer.Ordinal));
    }

    [Fact]
    public void WhenAToolCallsTheHelperItIsNoLongerUnreached()
    {
        var result = Scan.Sources(Plugin.Replace("public static string Version() => \"3.0\";", "public static void Reset() => Reinstall();"), Program);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Maintenance.MaintenanceTools.Reset"));
        Assert.DoesNotContain(result.Unreached(), f => f.Capability == "process.exec");
    }
}
