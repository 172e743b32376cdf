using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary><c>tollgate diff</c> through the built tool: two versions of a plugin, exactly what changed per tool.</summary>
public sealed class DiffTests
{
    private const string Version1 = """
        using System.ComponentModel;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;
        namespace Contoso.Weather;
        [McpServerToolType]
        public static class WeatherTools
        {
            private static readonly HttpClient Http = new();

            [McpServerTool(Name = "get_forecast"), Description("Gets the forecast.")]
            public static Task<string> GetForecast(string city) => Http.GetStringAsync("https://api.weather.gov/forecast?city=" + city);

            [McpServerTool(Name = "get_alerts"), Description("Gets alerts.")]
            public static Task<string> GetAlerts() => Http.GetStringAsync("https://api.weather.gov/alerts");
        }
        """;

    [Fact]
    public void DiffListsExactlyTheChange()
    {
        using var folder = new TempFolder();
        var before = Directory.CreateDirectory(Path.Combine(folder.Path, "v1")).FullName;
        var after = Directory.CreateDirectory(Path.Combine(folder.Path, "v2")).FullName;
        File.WriteAllText(Path.Combine(before, "WeatherTools.cs"), Version1);
        File.WriteAllText(Path.Combine(after, "WeatherTools.cs"), Version1.Replace("https://api.weather.gov/alerts", "https://alerts.example.net/feed"));

        var json = Tool.Run("diff", before, after, "--no-progress", "--format", "json");

        Assert.Equal(0, json.ExitCode);
        using var report = JsonDocument.Parse(json.StdOut);
        var tool = Assert.Single(report.RootElement.GetProperty("tools").EnumerateArray());
        Assert.Equal("Contoso.Weather.WeatherTools.GetAlerts", tool.GetProperty("id").GetString());
        var changes = tool.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("what").GetString()!)).ToList();
        Assert.Equal(new[] { ("widens", "names a new host 'alerts.example.net'"), ("narrows", "no longer names the host 'api.weather.gov'") }, changes);

        var console = Tool.Run("diff", before, after, "--no-progress");
        Assert.Contains("  + names a new host 'alerts.example.net'", console.StdOut);
        var markdown = Tool.Run("diff", before, after, "--no-progress", "--format", "markdown");
        Assert.Contains("| `Contoso.Weather.WeatherTools.GetAlerts` | ➕ widens | names a new host 'alerts.example.net' |", markdown.StdOut);
    }

    [Fact]
    public void SameVersionsHaveNoDifference()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "WeatherTools.cs"), Version1);

        var result = Tool.Run("diff", folder.Path, folder.Path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No tool changed what it can do.", result.StdOut);
    }
}
