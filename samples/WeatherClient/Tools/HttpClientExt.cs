using System.Text.Json;

namespace WeatherClient.Tools;

internal static class HttpClientExt
{
    /// <summary>GETs a path relative to the client's fixed BaseAddress and parses the JSON body.</summary>
    public static async Task<JsonDocument> ReadJsonDocumentAsync(
        this HttpClient client, string requestUri, CancellationToken cancellationToken = default)
    {
        using var response = await client.GetAsync(requestUri, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }
}
