using System.Linq;
using Tollgate.Model;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>
/// Targets named by code no tool reaches (a typed client's base address set in a constructor, a client configured at startup)
/// are kept per assembly: that is where a relative URL of a tool goes, and what a lock must pin.
/// </summary>
public sealed class OutsideToolsTests
{
    private const string Plugin = """
        using System;
        using System.Diagnostics;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Weather;

        [McpServerToolType]
        public sealed class WeatherTools
        {
            private readonly HttpClient _http;

            public WeatherTools(HttpClient http)
            {
                _http = http;
                _http.BaseAddress = new Uri("https://api.weather.gov/");
            }

            [McpServerTool(Name = "get_forecast")]
            public Task<string> GetForecast(string city) => _http.GetStringAsync("forecast?city=" + Uri.EscapeDataString(city));

            [McpServerTool(Name = "get_alerts")]
            public Task<string> GetAlerts() => new HttpClient().GetStringAsync("https://alerts.weather.gov/active");
        }

        public static class Startup
        {
            public static HttpClient Telemetry() => new() { BaseAddress = new Uri("https://telemetry.contoso.example/v1/") };

            public static void Update() => Process.Start("/usr/bin/apt-get", "upgrade -y");
        }
        """;

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void CodeNoToolReachesNamesItsTargetsByAssembly(string engine)
    {
        var result = Scan.With(engine, Plugin);

        var outside = Assert.Single(result.OutsideTools);
        Assert.Equal("Plugin", outside.Assembly);
        Assert.Equal(new[] { "api.weather.gov", "telemetry.contoso.example" }, outside.Targets[TargetKinds.Hosts]);
        Assert.Equal(new[] { "/usr/bin/apt-get" }, outside.Targets[TargetKinds.Commands]);

        // A host a tool names is the tool's, not repeated outside.
        Assert.Equal(new[] { "alerts.weather.gov" }, result.Tool("Contoso.Weather.WeatherTools.GetAlerts").Targets[TargetKinds.Hosts]);
        Assert.DoesNotContain("alerts.weather.gov", outside.Targets[TargetKinds.Hosts]);
    }
}
