using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Tollgate.Analysis;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.EntryPoints;

/// <summary>Microsoft.Extensions.AI tools: delegates and methods given to <c>AIFunctionFactory.Create</c>.</summary>
public sealed class ExtensionsAIEntryPointTests
{
    private const string AgentTools = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Agent;

        public sealed class FileTools
        {
            [Description("Reads a text file")]
            public Task<string> ReadFileAsync(string path) => File.ReadAllTextAsync(path);

            public string GetVariable(string name) => Environment.GetEnvironmentVariable(name) ?? "";
        }

        public static class AgentSetup
        {
            public static IList<AITool> CreateTools(FileTools files)
            {
                return new List<AITool>
                {
                    AIFunctionFactory.Create((string command) => Process.Start("cmd.exe", "/c " + command).Id, "run_command", "Runs a shell command"),
                    AIFunctionFactory.Create(async (string url) => await new HttpClient().GetStringAsync(url), "fetch"),
                    AIFunctionFactory.Create(files.ReadFileAsync),
                    AIFunctionFactory.Create(typeof(FileTools).GetMethod("GetVariable"), files),
                };
            }

            public static AIFunction WhoAmI() => AIFunctionFactory.Create(() => Environment.UserName, "whoami");

            public static void Log(List<string> lines) => lines.ForEach(l => File.AppendAllText("agent.log", l));
        }
        """;

    [Fact]
    public void LambdasGivenToCreateAreEntryPointsWithNameAndDescription()
    {
        var result = Scan.Sources(AgentTools);

        var run = result.Tool("Contoso.Agent.AgentSetup.CreateTools.<lambda>1");
        Assert.Equal("run_command", run.Name);
        Assert.Equal("microsoft-extensions-ai", run.Framework);
        Assert.Equal("Runs a shell command", run.Declared.Description);
        Assert.Equal(new[] { "process.exec" }, run.Capabilities);
        Assert.Equal(
            new[] { "Contoso.Agent.AgentSetup.CreateTools.<lambda>1", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Agent.AgentSetup.CreateTools.<lambda>1", "process.exec").Trace);
    }

    [Fact]
    public void LambdasAreNumberedInOrderWithinTheirRegisteringMethod()
    {
        var result = Scan.Sources(AgentTools);

        Assert.Equal("run_command", result.Tool("Contoso.Agent.AgentSetup.CreateTools.<lambda>1").Name);
        Assert.Equal("fetch", result.Tool("Contoso.Agent.AgentSetup.CreateTools.<lambda>2").Name);
        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf("Contoso.Agent.AgentSetup.CreateTools.<lambda>2"));

        // Another method starts again at 1.
        Assert.Equal("whoami", result.Tool("Contoso.Agent.AgentSetup.WhoAmI.<lambda>1").Name);
        Assert.Equal(new[] { "environment.read" }, result.CapabilitiesOf("Contoso.Agent.AgentSetup.WhoAmI.<lambda>1"));
        Assert.DoesNotContain(result.EntryPoints, e => e.Id.EndsWith("<lambda>3", System.StringComparison.Ordinal));
    }

    [Fact]
    public void AMethodGroupGivenToCreateIsAnEntryPointWithTheMethodsIdAndDescription()
    {
        var result = Scan.Sources(AgentTools);

        var read = result.Tool("Contoso.Agent.FileTools.ReadFileAsync");
        Assert.Equal("ReadFile", read.Name);
        Assert.Equal("Reads a text file", read.Declared.Description);
        Assert.Equal(new[] { "filesystem.read" }, read.Capabilities);
        Assert.True(read.Parameters.Single().ModelControlled);
    }

    [Fact]
    public void AMethodInfoGivenToCreateIsAnEntryPointWithTheMethodsId()
    {
        var result = Scan.Sources(AgentTools);

        var variable = result.Tool("Contoso.Agent.FileTools.GetVariable");
        Assert.Equal("GetVariable", variable.Name);
        Assert.Equal(new[] { "environment.read" }, variable.Capabilities);
    }

    [Fact]
    public void ExactlyTheRegisteredDelegatesAreEntryPoints()
    {
        var result = Scan.Sources(AgentTools);

        Assert.Equal(
            new[]
            {
                "Contoso.Agent.AgentSetup.CreateTools.<lambda>1", "Contoso.Agent.AgentSetup.CreateTools.<lambda>2",
                "Contoso.Agent.AgentSetup.WhoAmI.<lambda>1", "Contoso.Agent.FileTools.GetVariable", "Contoso.Agent.FileTools.ReadFileAsync",
            },
            result.EntryPoints.Select(e => e.Id));

        // The lambda given to List.ForEach is not a tool: its file write is reached by none.
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Agent.AgentSetup.Log" && f.Capability == "filesystem.write");
    }

    [Fact]
    public void DefaultNamesMatchTheLibrarys()
    {
        var result = Scan.Sources(AgentTools);

        var library = AIFunctionFactory.Create(typeof(NamingSamples).GetMethod(nameof(NamingSamples.ReadFileAsync))!, new NamingSamples()).Name;
        Assert.Equal(library, result.Tool("Contoso.Agent.FileTools.ReadFileAsync").Name);
    }

    [Fact]
    public void NamedArgumentsAndOptionsObjectsGiveTheNameAndDescription()
    {
        var result = Scan.Sources("""
            using System.IO;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class Registration
            {
                static void Delete(string path) => File.Delete(path);

                public static AIFunction[] Build() => new[]
                {
                    AIFunctionFactory.Create(description: "Deletes a file", name: "delete_file", method: Delete),
                    AIFunctionFactory.Create((string path) => File.ReadAllBytes(path), new AIFunctionFactoryOptions { Name = "read_bytes", Description = "Reads a file's bytes" }),
                };
            }
            """);

        var delete = result.Tool("Contoso.Agent.Registration.Delete");
        Assert.Equal("delete_file", delete.Name);
        Assert.Equal("Deletes a file", delete.Declared.Description);
        Assert.Equal(new[] { "filesystem.write" }, delete.Capabilities);

        var read = result.Tool("Contoso.Agent.Registration.Build.<lambda>1");
        Assert.Equal("read_bytes", read.Name);
        Assert.Equal("Reads a file's bytes", read.Declared.Description);
        Assert.Equal(new[] { "filesystem.read" }, read.Capabilities);
    }

    [Fact]
    public void AMethodInfoWithTheNullForgivingOperatorIsStillAnEntryPoint()
    {
        var result = Scan.Sources("""
            using System;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public sealed class EnvTools
            {
                public string GetVariable(string name) => Environment.GetEnvironmentVariable(name) ?? "";

                public static AIFunction Build(EnvTools tools) => AIFunctionFactory.Create(typeof(EnvTools).GetMethod("GetVariable")!, tools);
            }
            """);

        Assert.Equal("Contoso.Agent.EnvTools.GetVariable", Assert.Single(result.EntryPoints).Id);
    }

    [Fact]
    public void WithoutTheFrameworksLambdasAndMethodGroupsAreFoundByFullName()
    {
        var withFrameworks = Scan.Sources(AgentTools);
        var withoutFrameworks = Scan.SourcesWithoutFrameworks(AgentTools);

        var expected = Describe(withFrameworks).Where(d => !d.StartsWith("Contoso.Agent.FileTools.GetVariable|", System.StringComparison.Ordinal));
        Assert.Equal(expected, Describe(withoutFrameworks).Where(d => !d.StartsWith("Contoso.Agent.FileTools.GetVariable|", System.StringComparison.Ordinal)));
        Assert.Equal(new[] { "process.exec" }, withoutFrameworks.CapabilitiesOf("Contoso.Agent.AgentSetup.CreateTools.<lambda>1"));
    }

    [Fact]
    public void WithoutTheFrameworksAMethodInfoGivenToCreateIsFoundByFullName()
    {
        var result = Scan.SourcesWithoutFrameworks(AgentTools);

        Assert.Equal(new[] { "environment.read" }, result.CapabilitiesOf("Contoso.Agent.FileTools.GetVariable"));
    }

    [Fact]
    public void WithoutTheFrameworksTheRegistrationCallIsNotMistakenForFileCreate()
    {
        var result = Scan.SourcesWithoutFrameworks(AgentTools);

        Assert.DoesNotContain(result.Findings, f => f.Capability == "filesystem.write" && f.Trace[0] == "Contoso.Agent.AgentSetup.CreateTools");
    }

    private const string QualifiedRegistration = """
        using System.Diagnostics;

        namespace Contoso.Agent;

        public static class Setup
        {
            public static object Build() => AIFunctionFactory.Create((string command) => Process.Start(command).Id, "run");

            public static object BuildQualified() => Microsoft.Extensions.AI.AIFunctionFactory.Create((string command) => Process.Start(command).Id, "run_qualified");
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutTheUsingDirectiveCreateIsNotTheFrameworks(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[] { QualifiedRegistration });

        Assert.DoesNotContain(result.EntryPoints, e => e.Id == "Contoso.Agent.Setup.Build.<lambda>1");
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Agent.Setup.Build" && f.Capability == "process.exec");
    }

    [Fact]
    public void AFullyQualifiedCreateNeedsNoUsingDirective()
    {
        var result = Scan.Sources(QualifiedRegistration);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Agent.Setup.BuildQualified.<lambda>1", tool.Id);
        Assert.Equal("run_qualified", tool.Name);
    }

    [Fact]
    public void WithoutTheFrameworksAFullyQualifiedCreateNeedsNoUsingDirective()
    {
        var result = Scan.SourcesWithoutFrameworks(QualifiedRegistration);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Agent.Setup.BuildQualified.<lambda>1", tool.Id);
        Assert.Equal("run_qualified", tool.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void APluginsOwnFactoryOfTheSameNameIsNotTheFrameworks(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[]
        {
            """
            using System;
            using System.Diagnostics;

            namespace Contoso.Agent;

            public static class AIFunctionFactory
            {
                public static object Create(Func<string, int> run, string name) => run;
            }

            public static class Setup
            {
                public static object Build() => AIFunctionFactory.Create((string command) => Process.Start(command).Id, "run");
            }
            """,
        });

        Assert.Empty(result.EntryPoints);
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Agent.Setup.Build" && f.Capability == "process.exec");
    }

    private static IEnumerable<string> Describe(AnalysisResult result) => result.EntryPoints
        .Select(e => $"{e.Id}|{e.Name}|{e.Framework}|{e.Declared.Description}|{string.Join(",", e.Parameters.Select(p => p.Name + ":" + p.ModelControlled))}|{string.Join(",", e.Capabilities)}")
        .OrderBy(s => s, System.StringComparer.Ordinal);

    /// <summary>A compiled twin of the source's method, for the library to name.</summary>
    public sealed class NamingSamples
    {
        public System.Threading.Tasks.Task<string> ReadFileAsync(string path) => System.Threading.Tasks.Task.FromResult(path);
    }
}
