using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Server;

namespace WeatherClient.Tools;

[McpServerToolType]
public sealed class WeatherTools
{
    // Well-known cities, so the model can ask by name. The host never changes.
    private static readonly Dictionary<string, (double Lat, double Lon)> Cities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Seattle"] = (47.6062, -122.3321),
        ["New York"] = (40.7128, -74.0060),
        ["Chicago"] = (41.8781, -87.6298),
        ["Denver"] = (39.7392, -104.9903),
        ["Miami"] = (25.7617, -80.1918),
    };

    [McpServerTool(ReadOnly = true, OpenWorld = true), Description("Get active weather alerts for a US state.")]
    public static async Task<string> GetAlerts(
        HttpClient client,
        [Description("The two-letter US state code, e.g. WA.")] string state,
        CancellationToken cancellationToken)
    {
        // Only the query-string value is model-chosen; scheme, host and path are fixed.
        string area = Uri.EscapeDataString(state.Trim().ToUpperInvariant());
        using var json = await client.ReadJsonDocumentAsync($"/alerts/active?area={area}", cancellationToken);

        var alerts = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        if (alerts.Count == 0)
        {
            return "No active alerts for this state.";
        }

        return string.Join("\n--\n", alerts.Select(alert =>
        {
            JsonElement p = alert.GetProperty("properties");
            return $"""
                Event: {p.GetProperty("event").GetString()}
                Area: {p.GetProperty("areaDesc").GetString()}
                Severity: {p.GetProperty("severity").GetString()}
                """;
        }));
    }

    [McpServerTool(ReadOnly = true, OpenWorld = true), Description("Get the weather forecast for a latitude/longitude.")]
    public static async Task<string> GetForecast(
        HttpClient client,
        [Description("Latitude of the location.")] double latitude,
        [Description("Longitude of the location.")] double longitude,
        CancellationToken cancellationToken)
    {
        string point = string.Create(CultureInfo.InvariantCulture, $"{latitude:F4},{longitude:F4}");
        using var pointDoc = await client.ReadJsonDocumentAsync($"/points/{point}", cancellationToken);

        // Build the gridpoint forecast path ourselves, so every request stays on api.weather.gov.
        JsonElement props = pointDoc.RootElement.GetProperty("properties");
        string office = Uri.EscapeDataString(props.GetProperty("gridId").GetString() ?? "");
        int gridX = props.GetProperty("gridX").GetInt32();
        int gridY = props.GetProperty("gridY").GetInt32();

        using var forecast = await client.ReadJsonDocumentAsync($"/gridpoints/{office}/{gridX},{gridY}/forecast", cancellationToken);
        var periods = forecast.RootElement.GetProperty("properties").GetProperty("periods").EnumerateArray();

        return string.Join("\n--\n", periods.Take(4).Select(period => $"""
            {period.GetProperty("name").GetString()}
            Temperature: {period.GetProperty("temperature").GetInt32()}°F
            Wind: {period.GetProperty("windSpeed").GetString()} {period.GetProperty("windDirection").GetString()}
            Forecast: {period.GetProperty("detailedForecast").GetString()}
            """));
    }

    [McpServerTool(ReadOnly = true, OpenWorld = true), Description("Get the weather forecast for a well-known US city.")]
    public static Task<string> GetForecastForCityAsync(
        HttpClient client,
        [Description("City name, e.g. Seattle.")] string city,
        CancellationToken cancellationToken)
    {
        if (!Cities.TryGetValue(city, out var location))
        {
            return Task.FromResult($"Unknown city. Known cities: {string.Join(", ", Cities.Keys)}.");
        }

        return GetForecast(client, location.Lat, location.Lon, cancellationToken);
    }
}
