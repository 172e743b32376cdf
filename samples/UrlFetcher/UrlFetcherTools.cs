using System.Net.Http.Headers;
using Microsoft.Extensions.AI;

namespace Tailspin.AI.UrlFetcher;

/// <summary>
/// Web access tools for chat agents.
/// <code>
/// var options = new ChatOptions { Tools = [.. UrlFetcherTools.Create(new HttpClient())] };
/// </code>
/// </summary>
public static class UrlFetcherTools
{
    private const int MaxChars = 20_000;

    public static IList<AITool> Create(HttpClient http)
    {
        // Host configuration (read when the tools are built, not by any tool).
        string userAgent = Environment.GetEnvironmentVariable("URLFETCHER_USER_AGENT") ?? "TailspinUrlFetcher/2.0";
        http.DefaultRequestHeaders.UserAgent.Clear();
        http.DefaultRequestHeaders.UserAgent.Add(ProductInfoHeaderValue.Parse(userAgent));

        var tools = new List<AITool>
        {
            AIFunctionFactory.Create(
                async (string url, CancellationToken cancellationToken) =>
                {
                    string body = await http.GetStringAsync(url, cancellationToken);
                    return body.Length <= MaxChars ? body : body[..MaxChars];
                },
                name: "fetch_url",
                description: "Downloads a web page or API response and returns its text."),

            AIFunctionFactory.Create(PageFetcher.GetHeadersAsync, name: "get_headers"),

            AIFunctionFactory.Create(PageFetcher.ExtractLinksAsync),

            AIFunctionFactory.Create(
                (string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "not an absolute URL",
                name: "get_host",
                description: "Returns the host name part of a URL, without contacting it."),
        };

        // Not tools: ordinary LINQ over the list built above.
        var names = tools.OfType<AIFunction>().Select(f => f.Name).ToArray();
        Console.Error.WriteLine($"UrlFetcher tools: {string.Join(", ", names)}");

        return tools;
    }
}
