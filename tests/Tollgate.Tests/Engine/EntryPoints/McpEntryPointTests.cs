using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Server;
using Tollgate.Analysis;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.EntryPoints;

/// <summary>MCP tools: <c>[McpServerTool]</c> methods and <c>McpServerTool.Create</c>.</summary>
public sealed class McpEntryPointTests
{
    private const string WeatherTools = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using ModelContextProtocol;
        using ModelContextProtocol.Server;

        namespace Contoso.Mcp;

        [McpServerToolType]
        public sealed class WeatherTools
        {
            [McpServerTool, Description("Gets the forecast for a city")]
            public static async Task<string> GetForecastForCityAsync(
                [Description("City name")] string city,
                McpServer server,
                IProgress<ProgressNotificationValue> progress,
                CancellationToken cancellationToken)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync("https://api.weather.example/v1/forecast?city=" + city, cancellationToken);
            }

            [McpServerTool(Name = "purge_cache", Title = "Purge the cache", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
            internal void Purge(string folder) => Directory.Delete(Path.Combine("/var/cache/weather", folder), true);

            [McpServerTool]
            private string ReadStationList() => File.ReadAllText("stations.csv");

            public string DumpStations() => File.ReadAllText("stations.csv");
        }
        """;

    [Fact]
    public void StaticInstanceAndNonPublicToolMethodsAreEntryPoints()
    {
        var result = Scan.Sources(WeatherTools);

        Assert.Equal(
            new[] { "Contoso.Mcp.WeatherTools.GetForecastForCityAsync", "Contoso.Mcp.WeatherTools.Purge", "Contoso.Mcp.WeatherTools.ReadStationList" },
            result.EntryPoints.Select(e => e.Id));
        Assert.All(result.EntryPoints, e => Assert.Equal("mcp", e.Framework));
        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf("Contoso.Mcp.WeatherTools.GetForecastForCityAsync"));
        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Mcp.WeatherTools.Purge"));
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Mcp.WeatherTools.ReadStationList"));
        Assert.Equal(
            new[] { "Contoso.Mcp.WeatherTools.Purge", "System.IO.Directory.Delete" },
            result.Trace("Contoso.Mcp.WeatherTools.Purge", "filesystem.write").Trace);
    }

    [Fact]
    public void AMethodWithoutTheAttributeIsNotAToolEvenInAToolType()
    {
        var result = Scan.Sources(WeatherTools);

        Assert.DoesNotContain(result.EntryPoints, e => e.Id == "Contoso.Mcp.WeatherTools.DumpStations");
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Mcp.WeatherTools.DumpStations" && f.Capability == "filesystem.read");
    }

    [Fact]
    public void AnnotationsAreRecordedInDeclared()
    {
        var result = Scan.Sources(WeatherTools);

        var purge = result.Tool("Contoso.Mcp.WeatherTools.Purge");
        Assert.Equal("purge_cache", purge.Name);
        Assert.Equal("Purge the cache", purge.Declared.Title);
        Assert.False(purge.Declared.ReadOnly);
        Assert.True(purge.Declared.Destructive);
        Assert.True(purge.Declared.Idempotent);
        Assert.False(purge.Declared.OpenWorld);

        var stations = result.Tool("Contoso.Mcp.WeatherTools.ReadStationList");
        Assert.Null(stations.Declared.Title);
        Assert.Null(stations.Declared.ReadOnly);
        Assert.Null(stations.Declared.Destructive);
        Assert.Null(stations.Declared.Idempotent);
        Assert.Null(stations.Declared.OpenWorld);
    }

    [Fact]
    public void DescriptionsOfTheToolAndItsParametersAreRecorded()
    {
        var result = Scan.Sources(WeatherTools);

        var tool = result.Tool("Contoso.Mcp.WeatherTools.GetForecastForCityAsync");
        Assert.Equal("Gets the forecast for a city", tool.Declared.Description);
        Assert.Equal("City name", tool.Parameters.Single(p => p.Name == "city").Description);
    }

    [Theory]
    [InlineData("GetForecastForCityAsync", "get_forecast_for_city")]
    [InlineData("FormatAsync", "format_async")]
    [InlineData("CountAsync", "count")]
    [InlineData("GetHTTPResponse", "get_http_response")]
    [InlineData("IOCheck", "io_check")]
    [InlineData("ParseJSON2Xml", "parse_json2_xml")]
    [InlineData("Run_Job", "run_job")]
    public void DefaultNameIsTheSdksSnakeCaseWithoutAsync(string method, string expectedName)
    {
        var result = Scan.Sources("""
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            [McpServerToolType]
            public static class NamingTools
            {
                [McpServerTool] public static Task<string> GetForecastForCityAsync(string city) => Task.FromResult(city);
                [McpServerTool] public static string FormatAsync(string text) => text;
                [McpServerTool] public static ValueTask<int> CountAsync() => new ValueTask<int>(1);
                [McpServerTool] public static string GetHTTPResponse() => "";
                [McpServerTool] public static string IOCheck() => "";
                [McpServerTool] public static string ParseJSON2Xml() => "";
                [McpServerTool] public static void Run_Job() { }
            }
            """);

        Assert.Equal(expectedName, result.Tool("Contoso.Mcp.NamingTools." + method).Name);

        // The expectation is the SDK's own: the same method given to the real McpServerTool.Create.
        var sdkName = McpServerTool.Create(typeof(NamingSamples).GetMethod(method)!).ProtocolTool.Name;
        Assert.Equal(expectedName, sdkName);
    }

    [Fact]
    public void McpServerToolCreateWithALambdaReadsTheOptions()
    {
        var result = Scan.Sources("""
            using System.Collections.Generic;
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            public static class ToolRegistry
            {
                public static IEnumerable<McpServerTool> Build()
                {
                    yield return McpServerTool.Create(
                        (string script) => Process.Start("pwsh", "-Command " + script).Id,
                        new McpServerToolCreateOptions { Name = "run_script", ReadOnly = true, Description = "Runs a PowerShell script" });
                }
            }
            """);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Mcp.ToolRegistry.Build.<lambda>1", tool.Id);
        Assert.Equal("run_script", tool.Name);
        Assert.Equal("mcp", tool.Framework);
        Assert.True(tool.Declared.ReadOnly);
        Assert.Null(tool.Declared.Destructive);
        Assert.Equal("Runs a PowerShell script", tool.Declared.Description);
        Assert.Equal(new[] { "process.exec" }, tool.Capabilities);
    }

    [Fact]
    public void McpServerToolCreateWithAMethodInfoUsesTheMethodsId()
    {
        var result = Scan.Sources("""
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            public sealed class NotesTools
            {
                public string ReadNote(string name) => File.ReadAllText(Path.Combine("notes", name));

                public static McpServerTool Build(NotesTools target) =>
                    McpServerTool.Create(typeof(NotesTools).GetMethod("ReadNote"), target, new McpServerToolCreateOptions { ReadOnly = true });
            }
            """);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Mcp.NotesTools.ReadNote", tool.Id);
        Assert.Equal("read_note", tool.Name);
        Assert.True(tool.Declared.ReadOnly);
        Assert.Equal(new[] { "filesystem.read" }, tool.Capabilities);
    }

    [Fact]
    public void McpServerToolCreateWithANullForgivenMethodInfoUsesTheMethodsId()
    {
        var result = Scan.Sources("""
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            public sealed class NotesTools
            {
                public string ReadNote(string name) => File.ReadAllText(Path.Combine("notes", name));

                public static McpServerTool Build(NotesTools target) =>
                    McpServerTool.Create(typeof(NotesTools).GetMethod("ReadNote")!, target);
            }
            """);

        Assert.Equal("Contoso.Mcp.NotesTools.ReadNote", Assert.Single(result.EntryPoints).Id);
    }

    [Fact]
    public void ParametersTheServerSuppliesAreNotModelControlled()
    {
        var result = Scan.Sources(WeatherTools);

        var parameters = result.Tool("Contoso.Mcp.WeatherTools.GetForecastForCityAsync").Parameters.ToDictionary(p => p.Name, p => p.ModelControlled);
        Assert.Equal(
            new Dictionary<string, bool> { ["city"] = true, ["server"] = false, ["progress"] = false, ["cancellationToken"] = false },
            parameters);
        Assert.True(result.Tool("Contoso.Mcp.WeatherTools.Purge").Parameters.Single().ModelControlled);
    }

    [Fact]
    public void WithoutTheFrameworksTheSameToolsAreFoundByFullName()
    {
        var withFrameworks = Scan.Sources(WeatherTools);
        var withoutFrameworks = Scan.SourcesWithoutFrameworks(WeatherTools);

        Assert.Equal(Describe(withFrameworks), Describe(withoutFrameworks));
        Assert.Equal(3, withoutFrameworks.EntryPoints.Count);
        Assert.True(withoutFrameworks.Tool("Contoso.Mcp.WeatherTools.Purge").Declared.Destructive);
    }

    [Fact]
    public void WithoutTheFrameworksMcpServerToolCreateIsFoundByFullName()
    {
        var result = Scan.SourcesWithoutFrameworks("""
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            public static class ToolRegistry
            {
                public static McpServerTool Build() =>
                    McpServerTool.Create((string script) => Process.Start("pwsh", "-Command " + script).Id, new McpServerToolCreateOptions { Name = "run_script", ReadOnly = true });
            }
            """);

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Mcp.ToolRegistry.Build.<lambda>1", tool.Id);
        Assert.Equal("run_script", tool.Name);
        Assert.True(tool.Declared.ReadOnly);
        Assert.Equal(new[] { "process.exec" }, tool.Capabilities);
    }

    [Fact]
    public void WithoutTheFrameworksTheRegistrationCallIsNotMistakenForFileCreate()
    {
        var result = Scan.SourcesWithoutFrameworks("""
            using System.Diagnostics;
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Mcp;

            public static class ToolRegistry
            {
                public static McpServerTool Build() =>
                    McpServerTool.Create((string script) => Process.Start("pwsh", "-Command " + script).Id, new McpServerToolCreateOptions { Name = "run_script" });
            }
            """);

        Assert.DoesNotContain(result.Findings, f => f.Capability == "filesystem.write");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutTheUsingDirectiveTheAttributeIsNotTheFrameworks(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[]
        {
            """
            using System.IO;

            namespace Contoso.Mcp;

            [McpServerToolType]
            public sealed class FileTools
            {
                [McpServerTool]
                public string Read(string path) => File.ReadAllText(path);

                [ModelContextProtocol.Server.McpServerTool]
                public string ReadQualified(string path) => File.ReadAllText(path);
            }
            """,
        });

        var tool = Assert.Single(result.EntryPoints);
        Assert.Equal("Contoso.Mcp.FileTools.ReadQualified", tool.Id);
        Assert.Equal("read_qualified", tool.Name);
    }

    private static IEnumerable<string> Describe(AnalysisResult result) => result.EntryPoints
        .Select(e => $"{e.Id}|{e.Name}|{e.Framework}|{e.Declared}|{string.Join(",", e.Parameters.Select(p => p.Name + ":" + p.ModelControlled + ":" + p.Description))}")
        .OrderBy(s => s, System.StringComparer.Ordinal);

    /// <summary>The methods of the naming theory, compiled, for the real SDK to name.</summary>
    public static class NamingSamples
    {
        public static Task<string> GetForecastForCityAsync(string city) => Task.FromResult(city);
        public static string FormatAsync(string text) => text;
        public static ValueTask<int> CountAsync() => new ValueTask<int>(1);
        public static string GetHTTPResponse() => "";
        public static string IOCheck() => "";
        public static string ParseJSON2Xml() => "";
        public static void Run_Job() { }
    }
}
