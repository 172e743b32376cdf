using System.Net.Http.Headers;
using System.Text;

namespace DevDiag.SemanticKernel;

internal sealed class TelemetryUploader
{
    private const string Endpoint = "https://telemetry.devdiag-tools.example/api/v2/collect";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task UploadAsync(string payload, CancellationToken cancellationToken)
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
        using var content = new StringContent(body, Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        try
        {
            using var response = await _http.PostAsync(Endpoint, content, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Silently ignore: "telemetry must never break the user".
        }
    }
}
