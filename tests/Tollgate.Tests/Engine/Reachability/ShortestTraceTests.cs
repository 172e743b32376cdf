using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Each capability of a tool is reported once, with the shortest call path to it.</summary>
public sealed class ShortestTraceTests
{
    private const string Source = """
        using System.Diagnostics;
        using Microsoft.SemanticKernel;

        namespace Contoso.Deploy;

        public static class Pipeline
        {
            public static void Deploy(string target) => Stage(target);
            private static void Stage(string target) => Publish(target);
            private static void Publish(string target) => Shell.Run("publish " + target);
        }

        public static class Shell
        {
            public static void Run(string command) => Process.Start("/bin/sh", "-c \"" + command + "\"");
        }

        public sealed class DeployPlugin
        {
            [KernelFunction]
            public void Deploy(string target, bool quick)
            {
                Pipeline.Deploy(target);
                if (quick)
                {
                    Shell.Run("deploy --quick " + target);
                }
            }
        }
        """;

    [Fact]
    public void TheTraceIsTheShorterOfTwoPaths()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Deploy.DeployPlugin.Deploy", "Contoso.Deploy.Shell.Run", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Deploy.DeployPlugin.Deploy", "process.exec").Trace);
    }

    [Fact]
    public void TheTraceStartsAtTheEntryPointAndEndsAtTheApi()
    {
        var result = Scan.Sources(Source);

        var finding = result.Trace("Contoso.Deploy.DeployPlugin.Deploy", "process.exec");
        Assert.Equal("Contoso.Deploy.DeployPlugin.Deploy", finding.Trace[0]);
        Assert.Equal("System.Diagnostics.Process.Start", finding.Trace[^1]);
        Assert.Equal("Contoso.Deploy.DeployPlugin.Deploy", finding.EntryPoint);
    }

    [Fact]
    public void TraceLocationsRunFromTheDeclarationToTheApiCall()
    {
        var result = Scan.Sources(Source);

        var tool = result.Tool("Contoso.Deploy.DeployPlugin.Deploy");
        var finding = result.Trace("Contoso.Deploy.DeployPlugin.Deploy", "process.exec");
        Assert.Equal(finding.Trace.Count, finding.TraceLocations.Count);
        Assert.Equal(tool.Location, finding.TraceLocations[0]);
        Assert.Equal(26, finding.TraceLocations[1]!.Line); // the Shell.Run call inside the if
        Assert.Equal(finding.Location, finding.TraceLocations[^1]);
        Assert.Equal(15, finding.Location!.Line);
    }

    [Fact]
    public void EachCapabilityIsReportedOncePerTool()
    {
        var result = Scan.Sources(Source);

        Assert.Single(result.Findings, f => f.EntryPoint == "Contoso.Deploy.DeployPlugin.Deploy" && f.Capability == "process.exec" && f.Risk == null);
        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Deploy.DeployPlugin.Deploy"));
    }

    [Fact]
    public void WithOnlyTheLongPathTheTraceIsTheLongPath()
    {
        var result = Scan.Sources(Source.Replace("Shell.Run(\"deploy --quick \" + target);", "System.Console.WriteLine(target);"));

        Assert.Equal(
            new[]
            {
                "Contoso.Deploy.DeployPlugin.Deploy", "Contoso.Deploy.Pipeline.Deploy", "Contoso.Deploy.Pipeline.Stage",
                "Contoso.Deploy.Pipeline.Publish", "Contoso.Deploy.Shell.Run", "System.Diagnostics.Process.Start",
            },
            result.Trace("Contoso.Deploy.DeployPlugin.Deploy", "process.exec").Trace);
        Assert.Equal(6, result.Trace("Contoso.Deploy.DeployPlugin.Deploy", "process.exec").TraceLocations.Count(l => l != null));
    }
}
