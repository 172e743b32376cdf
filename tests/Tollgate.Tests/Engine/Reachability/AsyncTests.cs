using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>await, async lambdas, async streams and ConfigureAwait do not break the call graph.</summary>
public sealed class AsyncTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Crawler;

        public static class Fetcher
        {
            public static async Task<string> DownloadAsync(string url, CancellationToken cancellationToken)
            {
                using var client = new HttpClient();
                var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            public static async IAsyncEnumerable<string> LinesAsync(string path)
            {
                await foreach (var line in File.ReadLinesAsync(path))
                {
                    yield return line;
                }
            }

            public static async Task<int> DelayAsync(int milliseconds)
            {
                await Task.Delay(milliseconds);
                return milliseconds;
            }

            public static async Task PurgeAsync(string folder)
            {
                await Task.Yield();
                Directory.Delete(folder, true);
            }
        }

        public static class CrawlerTools
        {
            public static IEnumerable<AIFunction> Create() => new[]
            {
                AIFunctionFactory.Create(async (string url) => await Fetcher.DownloadAsync(url, CancellationToken.None), "download"),
                AIFunctionFactory.Create(async (string[] paths) => await Task.WhenAll(paths.Select(async p => await File.ReadAllTextAsync(p))), "read_all"),
                AIFunctionFactory.Create(async (string path) =>
                {
                    var count = 0;
                    await foreach (var _ in Fetcher.LinesAsync(path)) count++;
                    return count;
                }, "count_lines"),
                AIFunctionFactory.Create(async (int ms) => await Fetcher.DelayAsync(ms), "wait"),
            };
        }
        """;

    [Fact]
    public void AnAwaitedHelperIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal("download", result.Tool("Contoso.Crawler.CrawlerTools.Create.<lambda>1").Name);
        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf("Contoso.Crawler.CrawlerTools.Create.<lambda>1"));
        Assert.Equal(
            new[] { "Contoso.Crawler.CrawlerTools.Create.<lambda>1", "Contoso.Crawler.Fetcher.DownloadAsync", "System.Net.Http.HttpClient..ctor" },
            result.Trace("Contoso.Crawler.CrawlerTools.Create.<lambda>1", "network.outbound").Trace);
    }

    [Fact]
    public void AnAsyncLambdaInsideTaskWhenAllIsPartOfTheTool()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Crawler.CrawlerTools.Create.<lambda>2"));
        Assert.Equal(
            new[] { "Contoso.Crawler.CrawlerTools.Create.<lambda>2", "System.IO.File.ReadAllTextAsync" },
            result.Trace("Contoso.Crawler.CrawlerTools.Create.<lambda>2", "filesystem.read").Trace);
    }

    [Fact]
    public void AnAsyncIteratorConsumedWithAwaitForeachIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Crawler.CrawlerTools.Create.<lambda>3"));
        Assert.Equal(
            new[] { "Contoso.Crawler.CrawlerTools.Create.<lambda>3", "Contoso.Crawler.Fetcher.LinesAsync", "System.IO.File.ReadLinesAsync" },
            result.Trace("Contoso.Crawler.CrawlerTools.Create.<lambda>3", "filesystem.read").Trace);
    }

    [Fact]
    public void AnAwaitedHarmlessHelperAddsNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Crawler.CrawlerTools.Create.<lambda>4"));
    }

    [Fact]
    public void AnAsyncMethodNoToolAwaitsIsUnreached()
    {
        var result = Scan.Sources(Source);

        var purge = Assert.Single(result.Unreached());
        Assert.Equal(new[] { "Contoso.Crawler.Fetcher.PurgeAsync", "System.IO.Directory.Delete" }, purge.Trace);
    }
}
