using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Calls from a tool into helpers declared in other files of the same compilation.</summary>
public sealed class CallsAcrossFilesTests
{
    private const string Tool = """
        using System.ComponentModel;
        using ModelContextProtocol.Server;
        using Contoso.Build.Internal;

        namespace Contoso.Build;

        [McpServerToolType]
        public sealed class BuildTools
        {
            [McpServerTool, Description("Builds the solution")]
            public static string Build(string configuration) => BuildRunner.Run(configuration);

            [McpServerTool, Description("Shows the version")]
            public static string Version() => "1.0";
        }
        """;

    private const string Runner = """
        namespace Contoso.Build.Internal;

        public static class BuildRunner
        {
            public static string Run(string configuration) => new DotnetCli().Invoke("build -c " + configuration);
        }
        """;

    private const string Cli = """
        using System.Diagnostics;
        using System.IO;

        namespace Contoso.Build.Internal;

        public sealed class DotnetCli
        {
            public string Invoke(string arguments)
            {
                using var process = Process.Start(new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true })!;
                return process.StandardOutput.ReadToEnd();
            }

            public static void Clean() => Directory.Delete("bin", true);
        }
        """;

    [Fact]
    public void ACapabilityTwoFilesAwayIsReachedWithEveryStepInTheTrace()
    {
        var result = Scan.Sources(Tool, Runner, Cli);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Build.BuildTools.Build"));
        var finding = result.Trace("Contoso.Build.BuildTools.Build", "process.exec");
        Assert.Equal(
            new[] { "Contoso.Build.BuildTools.Build", "Contoso.Build.Internal.BuildRunner.Run", "Contoso.Build.Internal.DotnetCli.Invoke", "System.Diagnostics.Process.Start" },
            finding.Trace);
        Assert.Equal("Source2.cs", finding.Location!.Path);
        Assert.Equal(new[] { "Source0.cs", "Source0.cs", "Source1.cs", "Source2.cs" }, finding.TraceLocations.Select(l => l!.Path));
    }

    [Fact]
    public void FileOrderDoesNotMatter()
    {
        var forward = Scan.Sources(Tool, Runner, Cli);
        var backward = Scan.Sources(Cli, Runner, Tool);

        Assert.Equal(
            forward.Trace("Contoso.Build.BuildTools.Build", "process.exec").Trace,
            backward.Trace("Contoso.Build.BuildTools.Build", "process.exec").Trace);
    }

    [Fact]
    public void AToolThatCallsNoHelperReachesNothing()
    {
        var result = Scan.Sources(Tool, Runner, Cli);

        Assert.Empty(result.CapabilitiesOf("Contoso.Build.BuildTools.Version"));
    }

    [Fact]
    public void AHelperInAnotherFileThatNoToolCallsIsUnreached()
    {
        var result = Scan.Sources(Tool, Runner, Cli);

        Assert.DoesNotContain("filesystem.write", result.CapabilitiesOf("Contoso.Build.BuildTools.Build"));
        var clean = Assert.Single(result.Unreached(), f => f.Capability == "filesystem.write");
        Assert.Equal(new[] { "Contoso.Build.Internal.DotnetCli.Clean", "System.IO.Directory.Delete" }, clean.Trace);
        Assert.Equal("Source2.cs", clean.Location!.Path);
    }

    [Fact]
    public void WithoutTheHelperFileTheCapabilityIsNotReached()
    {
        var result = Scan.Sources(Tool, Runner);

        Assert.Empty(result.CapabilitiesOf("Contoso.Build.BuildTools.Build"));
    }
}
