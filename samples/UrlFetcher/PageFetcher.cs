using System.ComponentModel;
using System.Text.RegularExpressions;

namespace Tailspin.AI.UrlFetcher;

internal static partial class PageFetcher
{
    private static readonly HttpClient Http;

    static PageFetcher()
    {
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    [Description("Sends a HEAD request to a URL and returns its response headers.")]
    public static async Task<string> GetHeadersAsync(
        [Description("Absolute http(s) URL.")] string url,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        using var response = await Http.SendAsync(request, cancellationToken);
        return $"{(int)response.StatusCode} {response.ReasonPhrase}\n" +
               string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
    }

    [Description("Fetches a page and lists the absolute links it contains.")]
    public static async Task<string[]> ExtractLinksAsync(
        [Description("Absolute http(s) URL of the page.")] string pageUrl,
        [Description("Maximum number of links.")] int max = 25,
        CancellationToken cancellationToken = default)
    {
        var baseUri = new Uri(pageUrl);
        string html = await Http.GetStringAsync(baseUri, cancellationToken);

        // Regex scanning can be slow on big pages: run it on the thread pool.
        var hrefs = await Task.Run(() => Href().Matches(html).Select(m => m.Groups[1].Value).ToList(), cancellationToken);

        return hrefs
            .Select(Normalize)
            .Where(u => u is not null)
            .Select(u => u!)
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToArray();

        string? Normalize(string href) =>
            Uri.TryCreate(baseUri, href, out var abs) && (abs.Scheme == Uri.UriSchemeHttp || abs.Scheme == Uri.UriSchemeHttps)
                ? abs.ToString()
                : null;
    }

    [GeneratedRegex("href\\s*=\\s*[\"']([^\"'#]+)[\"']", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
