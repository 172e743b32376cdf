using System.Collections.Generic;
using System.Linq;
using Tollgate.Analysis;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.EntryPoints;

/// <summary>Semantic Kernel tools: <c>[KernelFunction]</c> methods and <c>KernelFunctionFactory.CreateFromMethod</c>.</summary>
public sealed class SemanticKernelEntryPointTests
{
    private const string ShellPlugin = """
        using System;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.Plugins;

        public sealed class ShellPlugin
        {
            [KernelFunction, Description("Runs a shell command and returns its exit code")]
            public int RunCommand([Description("The command line to run")] string command, int timeoutSeconds)
            {
                using var process = Process.Start("/bin/sh", "-c " + command);
                process.WaitForExit(timeoutSeconds * 1000);
                return process.ExitCode;
            }

            [KernelFunction]
            private string ReadLog(string name) => File.ReadAllText(Path.Combine("logs", name));

            [KernelFunction]
            public static string Echo(string text) => text;

            [KernelFunction]
            internal static Task<string> GetCwdAsync() => Task.FromResult(Environment.CurrentDirectory);

            // Looks like a tool, but nothing declares it to the model.
            public int RunScript(string script) => Process.Start("/bin/sh", script).Id;
        }
        """;

    [Fact]
    public void KernelFunctionMethodsAreEntryPointsWhateverTheirAccessibilityOrStaticness()
    {
        var result = Scan.Sources(ShellPlugin);

        Assert.Equal(
            new[] { "Contoso.Plugins.ShellPlugin.Echo", "Contoso.Plugins.ShellPlugin.GetCwdAsync", "Contoso.Plugins.ShellPlugin.ReadLog", "Contoso.Plugins.ShellPlugin.RunCommand" },
            result.EntryPoints.Select(e => e.Id).OrderBy(id => id, System.StringComparer.Ordinal));
        Assert.All(result.EntryPoints, e => Assert.Equal("semantic-kernel", e.Framework));
        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Plugins.ShellPlugin.RunCommand"));
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Plugins.ShellPlugin.ReadLog"));
        Assert.Empty(result.CapabilitiesOf("Contoso.Plugins.ShellPlugin.Echo"));
        Assert.Equal(
            new[] { "Contoso.Plugins.ShellPlugin.RunCommand", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Plugins.ShellPlugin.RunCommand", "process.exec").Trace);
    }

    [Fact]
    public void MethodWithoutTheAttributeIsNotAnEntryPoint()
    {
        var result = Scan.Sources(ShellPlugin);

        Assert.DoesNotContain(result.EntryPoints, e => e.Id == "Contoso.Plugins.ShellPlugin.RunScript");
        var unreached = Assert.Single(result.Unreached(), f => f.Trace[0] == "Contoso.Plugins.ShellPlugin.RunScript");
        Assert.Equal("process.exec", unreached.Capability);
        Assert.Null(unreached.EntryPoint);
    }

    [Fact]
    public void NameIsTheMethodNameUnlessTheAttributeGivesOne()
    {
        var result = Scan.Sources("""
            using System.IO;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public sealed class FilesPlugin
            {
                [KernelFunction("list_files")]
                public string[] ListFiles(string folder) => Directory.GetFiles(folder);

                [KernelFunction]
                public string[] ListFolders(string folder) => Directory.GetDirectories(folder);
            }
            """);

        Assert.Equal("list_files", result.Tool("Contoso.Plugins.FilesPlugin.ListFiles").Name);
        Assert.Equal("ListFolders", result.Tool("Contoso.Plugins.FilesPlugin.ListFolders").Name);
    }

    [Theory]
    [InlineData("GetWeatherAsync", "GetWeather")]
    [InlineData("CountAsync", "Count")]
    [InlineData("StreamAsync", "Stream")]
    [InlineData("FormatAsync", "FormatAsync")]
    [InlineData("SaveAsync", "SaveAsync")]
    [InlineData("Async", "Async")]
    public void DefaultNameDropsAsyncOnlyForAwaitableMethods(string method, string expectedName)
    {
        var result = Scan.Sources("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public sealed class NamingPlugin
            {
                [KernelFunction] public Task<string> GetWeatherAsync(string city) => Task.FromResult(city);
                [KernelFunction] public ValueTask<int> CountAsync() => new ValueTask<int>(1);
                [KernelFunction] public async IAsyncEnumerable<int> StreamAsync() { await Task.Yield(); yield return 1; }
                [KernelFunction] public string FormatAsync(string text) => text;
                [KernelFunction] public void SaveAsync(string text) { }
                [KernelFunction] public Task Async() => Task.CompletedTask;
            }
            """);

        Assert.Equal(expectedName, result.Tool("Contoso.Plugins.NamingPlugin." + method).Name);
    }

    [Fact]
    public void DescriptionsOfTheMethodAndItsParametersAreRecorded()
    {
        var result = Scan.Sources(ShellPlugin);

        var tool = result.Tool("Contoso.Plugins.ShellPlugin.RunCommand");
        Assert.Equal("Runs a shell command and returns its exit code", tool.Declared.Description);
        Assert.Equal("The command line to run", tool.Parameters.Single(p => p.Name == "command").Description);
        Assert.Null(tool.Parameters.Single(p => p.Name == "timeoutSeconds").Description);
        Assert.Null(result.Tool("Contoso.Plugins.ShellPlugin.Echo").Declared.Description);
    }

    [Fact]
    public void CreateFromMethodWithALambdaIsAnEntryPointNamedByFunctionName()
    {
        var result = Scan.Sources("""
            using System.Collections.Generic;
            using System.Diagnostics;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public static class Startup
            {
                public static void Register(Kernel kernel)
                {
                    var fetch = KernelFunctionFactory.CreateFromMethod(
                        (string url) => Process.Start("curl", "-sL " + url).Id,
                        functionName: "fetch_url",
                        description: "Downloads a URL with curl");
                    kernel.Plugins.AddFromFunctions("web", new[] { fetch });
                }

                public static void Warmup(List<string> hosts) => hosts.ForEach(h => Process.Start("ping", h));
            }
            """);

        var tool = result.Tool("Contoso.Plugins.Startup.Register.<lambda>1");
        Assert.Equal("fetch_url", tool.Name);
        Assert.Equal("semantic-kernel", tool.Framework);
        Assert.Equal("Downloads a URL with curl", tool.Declared.Description);
        Assert.True(Assert.Single(tool.Parameters).ModelControlled);
        Assert.Equal(new[] { "process.exec" }, tool.Capabilities);
        Assert.Equal(
            new[] { "Contoso.Plugins.Startup.Register.<lambda>1", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Plugins.Startup.Register.<lambda>1", "process.exec").Trace);

        // A lambda handed to something other than a tool factory is not a tool.
        Assert.Single(result.EntryPoints);
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Plugins.Startup.Warmup" && f.Capability == "process.exec");
    }

    [Fact]
    public void CreateFromMethodWithAMethodGroupUsesTheMethodsId()
    {
        var result = Scan.Sources("""
            using System;
            using System.ComponentModel;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public sealed class EnvTools
            {
                [Description("Reads an environment variable")]
                public string ReadVariable(string name) => Environment.GetEnvironmentVariable(name) ?? "";

                public string Unregistered(string name) => Environment.GetEnvironmentVariable(name) ?? "";

                public static KernelFunction[] Functions(EnvTools tools) => new[]
                {
                    KernelFunctionFactory.CreateFromMethod(tools.ReadVariable, "read_env"),
                };
            }
            """);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Plugins.EnvTools.ReadVariable", tool.Id);
        Assert.Equal("read_env", tool.Name);
        Assert.Equal("Reads an environment variable", tool.Declared.Description);
        Assert.Equal(new[] { "environment.read" }, tool.Capabilities);
    }

    [Fact]
    public void ParametersTheKernelSuppliesAreNotModelControlled()
    {
        var result = Scan.Sources("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public interface IWeatherService { Task<string> ForecastAsync(string city); }
            public sealed class UnitConverter { public double ToCelsius(double f) => (f - 32) * 5 / 9; }
            public sealed record Location(double Latitude, double Longitude);

            public sealed class WeatherPlugin
            {
                [KernelFunction]
                public Task<string> GetForecastAsync(
                    string city,
                    int days,
                    Location location,
                    Kernel kernel,
                    KernelArguments arguments,
                    CancellationToken cancellationToken,
                    [FromKernelServices] UnitConverter converter,
                    ILogger logger,
                    IServiceProvider services,
                    IWeatherService weather) => weather.ForecastAsync(city);
            }
            """);

        var parameters = result.Tool("Contoso.Plugins.WeatherPlugin.GetForecastAsync").Parameters.ToDictionary(p => p.Name, p => p.ModelControlled);
        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["city"] = true, ["days"] = true, ["location"] = true,
                ["kernel"] = false, ["arguments"] = false, ["cancellationToken"] = false, ["converter"] = false,
                ["logger"] = false, ["services"] = false, ["weather"] = false,
            },
            parameters);
    }

    [Fact]
    public void NestedTypesAreJoinedWithDots()
    {
        var result = Scan.Sources("""
            using System.IO;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public static class Outer
            {
                public sealed class Inner
                {
                    [KernelFunction] public void Touch(string path) => File.WriteAllText(path, "");
                }
            }
            """);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Plugins.Outer.Inner.Touch"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnAttributeOfTheSameNameInAnotherNamespaceIsNotAnEntryPoint(bool withFrameworks)
    {
        var sources = new[]
        {
            """
            using System;

            namespace MyCompany;

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class KernelFunctionAttribute : Attribute { }
            """,
            """
            using System.Diagnostics;
            using MyCompany;

            namespace MyCompany.Jobs;

            public sealed class JobRunner
            {
                [KernelFunction]
                public void Run(string job) => Process.Start("/opt/jobs/" + job);
            }
            """,
        };

        var result = Scan.Run(withFrameworks, sources);

        Assert.Empty(result.EntryPoints);
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "MyCompany.Jobs.JobRunner.Run" && f.Capability == "process.exec");
    }

    [Fact]
    public void WithoutTheFrameworksTheSameToolsAreFoundByFullName()
    {
        var withFrameworks = Scan.Sources(ShellPlugin);
        var withoutFrameworks = Scan.SourcesWithoutFrameworks(ShellPlugin);

        Assert.Equal(Describe(withFrameworks), Describe(withoutFrameworks));
        Assert.Equal(4, withoutFrameworks.EntryPoints.Count);
        Assert.Equal(new[] { "process.exec" }, withoutFrameworks.CapabilitiesOf("Contoso.Plugins.ShellPlugin.RunCommand"));
    }

    [Fact]
    public void WithoutTheFrameworksInjectedKernelParametersAreRecognisedByName()
    {
        var result = Scan.SourcesWithoutFrameworks("""
            using System.Threading;
            using Microsoft.Extensions.Logging;
            using Microsoft.SemanticKernel;

            namespace Contoso.Plugins;

            public sealed class Settings { public string Region { get; set; } = ""; }

            public sealed class LookupPlugin
            {
                [KernelFunction]
                public string Lookup(string key, Kernel kernel, KernelArguments arguments, [FromKernelServices] Settings settings, ILogger<LookupPlugin> logger, CancellationToken cancellationToken) => key;
            }
            """);

        var parameters = result.Tool("Contoso.Plugins.LookupPlugin.Lookup").Parameters.ToDictionary(p => p.Name, p => p.ModelControlled);
        Assert.Equal(
            new Dictionary<string, bool> { ["key"] = true, ["kernel"] = false, ["arguments"] = false, ["settings"] = false, ["logger"] = false, ["cancellationToken"] = false },
            parameters);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutTheUsingDirectiveTheAttributeIsNotTheFrameworks(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[]
        {
            """
            using System.Diagnostics;

            namespace Contoso.Plugins;

            public sealed class ShellPlugin
            {
                [KernelFunction]
                public void Run(string command) => Process.Start(command);

                [Microsoft.SemanticKernel.KernelFunction]
                public void RunQualified(string command) => Process.Start(command);
            }
            """,
        });

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Plugins.ShellPlugin.RunQualified", tool.Id);
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Plugins.ShellPlugin.Run");
    }

    private static IEnumerable<string> Describe(AnalysisResult result) => result.EntryPoints
        .Select(e => $"{e.Id}|{e.Name}|{e.Framework}|{e.Declared.Description}|{string.Join(",", e.Parameters.Select(p => p.Name + ":" + p.ModelControlled + ":" + p.Description))}")
        .OrderBy(s => s, System.StringComparer.Ordinal);
}
