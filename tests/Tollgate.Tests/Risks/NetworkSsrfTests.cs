using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>network.ssrf (TG2002): model-controlled data chooses the destination of an outbound request with no allow-list check.</summary>
public sealed class NetworkSsrfTests
{
    private const string Rule = "TG2002";
    private const string Risk = "network.ssrf";

    private const string WebPlugin = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.Web;

        public sealed class WebPlugin
        {
            private static readonly HashSet<string> AllowedHosts = new(StringComparer.OrdinalIgnoreCase) { "learn.microsoft.com", "docs.github.com" };
            private readonly HttpClient _http = new();

            [KernelFunction("fetch_page"), Description("Downloads a web page")]
            public Task<string> FetchPageAsync(string url) => _http.GetStringAsync(url);

            [KernelFunction("call_service")]
            public async Task<string> CallServiceAsync(string host, string path)
            {
                var response = await _http.GetAsync($"https://{host}/{path}");
                return await response.Content.ReadAsStringAsync();
            }

            [KernelFunction("check_port")]
            public bool CheckPort(string host, int port)
            {
                using var client = new TcpClient(host, port);
                return client.Connected;
            }

            [KernelFunction("check_internal_port")]
            public bool CheckInternalPort(int port)
            {
                using var client = new TcpClient("db.contoso.internal", port);
                return client.Connected;
            }

            [KernelFunction("fetch_docs")]
            public Task<string> FetchDocsAsync(string url)
            {
                var uri = new Uri(url);
                if (!AllowedHosts.Contains(uri.Host))
                {
                    throw new ArgumentException($"{uri.Host} is not an allowed host");
                }

                return _http.GetStringAsync(uri);
            }

            [KernelFunction("fetch_checked")]
            public Task<string> FetchCheckedAsync(string url)
            {
                if (url is null || url == null)
                {
                    throw new ArgumentNullException(nameof(url));
                }

                return _http.GetStringAsync(url);
            }

            [KernelFunction("fetch_https")]
            public Task<string> FetchHttpsAsync(string url)
            {
                var uri = new Uri(url);
                if (uri.Scheme != "https" || !uri.IsAbsoluteUri)
                {
                    throw new ArgumentException("https only");
                }

                return _http.GetStringAsync(uri);
            }

            [KernelFunction("weather")]
            public Task<string> WeatherAsync(string city, string units) =>
                _http.GetStringAsync($"https://api.weather.example/v1/forecast?city={Uri.EscapeDataString(city)}&units={units}");

            [KernelFunction("repository")]
            public Task<string> RepositoryAsync(string owner, string name) =>
                _http.GetStringAsync("https://api.github.com/repos/" + owner + "/" + name);

            [KernelFunction("status")]
            public Task<string> StatusAsync() => _http.GetStringAsync("https://www.githubstatus.com/api/v2/status.json");
        }
        """;

    private const string Id = "Contoso.Web.WebPlugin.";

    [Fact]
    public void AModelUrlFetchedDirectlyIsAnError()
    {
        var result = Scan.Sources(WebPlugin);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "FetchPageAsync", "System.Net.Http.HttpClient.GetStringAsync");
        Assert.Equal("network.outbound", finding.Capability);
        Assert.Equal(new[] { Id + "FetchPageAsync", "System.Net.Http.HttpClient.GetStringAsync" }, finding.Trace);
        Assert.Contains("'url'", finding.Message);
    }

    [Fact]
    public void AModelHostInAnInterpolatedUrlIsAnError()
    {
        var result = Scan.Sources(WebPlugin);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "CallServiceAsync", "System.Net.Http.HttpClient.GetAsync");
        Assert.Contains("'host'", finding.Message);
    }

    [Fact]
    public void AModelHostAndPortForASocketAreAnError()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "CheckPort", "System.Net.Sockets.TcpClient..ctor");
    }

    [Fact]
    public void AModelPortOnAConstantHostChoosesTheDestination()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "CheckInternalPort", "System.Net.Sockets.TcpClient..ctor");
    }

    [Fact]
    public void AHostAllowListMitigates()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.Mitigated(result, Rule, Risk, Id + "FetchDocsAsync", "allow-list check in " + Id + "FetchDocsAsync");
    }

    [Fact]
    public void SemanticKernelsOwnDownloadPluginWithItsAllowListsSetMitigates()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Plugins.Core;
            using Microsoft.SemanticKernel.Plugins.Web;

            namespace Contoso.Research;

            public sealed class ResearchPlugin
            {
                private readonly WebFileDownloadPlugin _guarded = new()
                {
                    AllowedDomains = new[] { "arxiv.org", "github.com" },
                    AllowedFolders = new[] { Path.Combine(Path.GetTempPath(), "papers") },
                };

                private readonly WebFileDownloadPlugin _open = new();
                private readonly FileIOPlugin _files;

                public ResearchPlugin()
                {
                    _files = new FileIOPlugin();
                    _files.AllowedFolders = new[] { "/srv/notes" };
                }

                [KernelFunction("download_paper")]
                public Task DownloadPaperAsync(Uri url, string fileName) => _guarded.DownloadToFileAsync(url, fileName);

                [KernelFunction("download_anything")]
                public Task DownloadAnythingAsync(Uri url, string fileName) => _open.DownloadToFileAsync(url, fileName);

                [KernelFunction("read_note")]
                public Task<string> ReadNoteAsync(string path) => _files.ReadAsync(path);

                [KernelFunction("fetch")]
                public Task<string> FetchAsync(string uri) => new HttpPlugin().GetAsync(uri);
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Research.ResearchPlugin.DownloadPaperAsync", "allow-list check in WebFileDownloadPlugin.AllowedDomains");
        RiskAssert.Mitigated(result, "TG3001", "filesystem.traversal", "Contoso.Research.ResearchPlugin.DownloadPaperAsync", "path containment check in WebFileDownloadPlugin.AllowedFolders");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Research.ResearchPlugin.DownloadAnythingAsync", "Microsoft.SemanticKernel.Plugins.Web.WebFileDownloadPlugin.DownloadToFileAsync");
        RiskAssert.Error(result, "TG3001", "filesystem.traversal", "Contoso.Research.ResearchPlugin.DownloadAnythingAsync", "Microsoft.SemanticKernel.Plugins.Web.WebFileDownloadPlugin.DownloadToFileAsync");
        RiskAssert.Mitigated(result, "TG3001", "filesystem.traversal", "Contoso.Research.ResearchPlugin.ReadNoteAsync", "path containment check in FileIOPlugin.AllowedFolders");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Research.ResearchPlugin.FetchAsync", "Microsoft.SemanticKernel.Plugins.Core.HttpPlugin.GetAsync");
    }

    [Fact]
    public void ANullCheckIsNotAnAllowList()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "FetchCheckedAsync", "System.Net.Http.HttpClient.GetStringAsync");
    }

    [Fact]
    public void ASchemeCheckIsNotAnAllowList()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "FetchHttpsAsync", "System.Net.Http.HttpClient.GetStringAsync");
    }

    [Fact]
    public void AConstantHostWithAModelQueryIsNotSsrf()
    {
        var result = Scan.Sources(WebPlugin);

        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf(Id + "WeatherAsync"));
        RiskAssert.None(result, Risk, Id + "WeatherAsync");
    }

    [Fact]
    public void AConstantHostWithAModelPathIsNotSsrf()
    {
        var result = Scan.Sources(WebPlugin);

        RiskAssert.None(result, Risk, Id + "RepositoryAsync");
    }

    [Fact]
    public void AConstantUrlIsACapabilityButNotARisk()
    {
        var result = Scan.Sources(WebPlugin);

        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf(Id + "StatusAsync"));
        RiskAssert.None(result, Risk, Id + "StatusAsync");
    }

    [Fact]
    public void AConstantHostThatEndsWithoutASlashIsNotConstant()
    {
        var result = Scan.Sources(
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Tricks;

            [McpServerToolType]
            public static class TrickTools
            {
                private static readonly HttpClient Http = new();

                [McpServerTool(Name = "lookup")]
                public static Task<string> Lookup(string suffix) => Http.GetStringAsync("https://api.contoso.com" + suffix);
            }
            """);

        // "https://api.contoso.com" + "@evil.example/" or ".evil.example/" moves the request to another host.
        RiskAssert.Error(result, Rule, Risk, "Contoso.Tricks.TrickTools.Lookup", "System.Net.Http.HttpClient.GetStringAsync");
    }

    [Fact]
    public void AHelperInAnotherFileMakesTheRequest()
    {
        var result = Scan.Sources(
            """
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Feeds;

            [McpServerToolType]
            public static class FeedTools
            {
                [McpServerTool(Name = "read_feed")]
                public static Task<string> ReadFeed(string feedUrl) => FeedReader.DownloadAsync(feedUrl);
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace Contoso.Feeds;

            internal static class FeedReader
            {
                private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

                public static async Task<string> DownloadAsync(string address)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, address);
                    using var response = await Http.SendAsync(request);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """);

        var finding = RiskAssert.Single(result, Risk, "Contoso.Feeds.FeedTools.ReadFeed");
        Assert.Equal(Tollgate.Model.Severity.Error, finding.Severity);
        Assert.Equal(
            new[] { "Contoso.Feeds.FeedTools.ReadFeed", "Contoso.Feeds.FeedReader.DownloadAsync", "System.Net.Http.HttpRequestMessage..ctor" },
            finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void AnAllowListInAHelperMitigatesAndIsNamed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Feeds;

            [McpServerToolType]
            public static class SafeFeedTools
            {
                private static readonly HttpClient Http = new();

                [McpServerTool(Name = "read_feed")]
                public static Task<string> ReadFeed(string feedUrl)
                {
                    var uri = FeedPolicy.Check(feedUrl);
                    return Http.GetStringAsync(uri);
                }
            }

            internal static class FeedPolicy
            {
                private static readonly string[] Hosts = { "devblogs.microsoft.com", "github.blog" };

                public static Uri Check(string url)
                {
                    var uri = new Uri(url);
                    if (Array.IndexOf(Hosts, uri.Host) < 0)
                    {
                        throw new ArgumentException("feed host not allowed");
                    }

                    return uri;
                }
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Feeds.SafeFeedTools.ReadFeed", "allow-list check in Contoso.Feeds.FeedPolicy.Check");
    }

    [Fact]
    public void InterfaceDispatchLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Probe;

            public interface IProbe
            {
                Task<bool> ProbeAsync(Uri target);
            }

            public sealed class HttpProbe : IProbe
            {
                private readonly HttpClient _http = new();

                public async Task<bool> ProbeAsync(Uri target) => (await _http.GetAsync(target)).IsSuccessStatusCode;
            }

            [McpServerToolType]
            public sealed class ProbeTools
            {
                private static readonly HttpClient Http = new();
                private readonly IProbe _probe;
                private readonly Func<string, Task<string>> _get = address => Http.GetStringAsync(address);

                public ProbeTools(IProbe probe) => _probe = probe;

                [McpServerTool(Name = "probe")]
                public Task<bool> Probe(string url) => _probe.ProbeAsync(new Uri(url));

                [McpServerTool(Name = "probe_all")]
                public async Task<bool[]> ProbeAll(string[] urls) =>
                    await Task.WhenAll(urls.Select(u => Task.Run(() => _probe.ProbeAsync(new Uri(u)))));

                [McpServerTool(Name = "get")]
                public Task<string> Get(string url) => _get(url);
            }
            """);

        var viaInterface = RiskAssert.Error(result, Rule, Risk, "Contoso.Probe.ProbeTools.Probe", "System.Net.Http.HttpClient.GetAsync");
        Assert.Contains("Contoso.Probe.HttpProbe.ProbeAsync", viaInterface.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Probe.ProbeTools.ProbeAll", "System.Net.Http.HttpClient.GetAsync");
        var viaField = RiskAssert.Error(result, Rule, Risk, "Contoso.Probe.ProbeTools.Get", "System.Net.Http.HttpClient.GetStringAsync");
        Assert.Contains("Contoso.Probe.ProbeTools._get", viaField.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System.Net.Http;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class BrowseTools
            {
                private static readonly HttpClient Http = new();

            #pragma warning disable MEAI001
                public static AIFunction Browse() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string url) => Http.GetStringAsync(url), "browse"));
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.BrowseTools.Browse.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }

    private const string BaseAddressPlugin = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Catalog;

        [McpServerToolType]
        public sealed class CatalogTools(HttpClient http)
        {
            [McpServerTool(Name = "get_item")]
            public Task<string> GetItem(string id) => http.GetStringAsync($"v1/items/{Uri.EscapeDataString(id)}");

            [McpServerTool(Name = "search")]
            public Task<string> Search(string query) => http.GetStringAsync("/search?q=" + query);

            [McpServerTool(Name = "open_path")]
            public Task<string> OpenPath(string path) => http.GetStringAsync("/" + path);

            [McpServerTool(Name = "open_scheme")]
            public Task<string> OpenScheme(string rest) => http.GetStringAsync("https:" + rest);
        }
        """;

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void ARelativeUrlWithAWrittenPathStaysOnTheClientsHost(string engine)
    {
        var result = Scan.With(engine, BaseAddressPlugin);

        RiskAssert.None(result, Risk, "Contoso.Catalog.CatalogTools.GetItem");
        RiskAssert.None(result, Risk, "Contoso.Catalog.CatalogTools.Search");

        // "/" + data can be "//evil.example/": a network-path reference, another host; "https:" + data chooses the host.
        RiskAssert.Error(result, Rule, Risk, "Contoso.Catalog.CatalogTools.OpenPath", "System.Net.Http.HttpClient.GetStringAsync");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Catalog.CatalogTools.OpenScheme", "System.Net.Http.HttpClient.GetStringAsync");
    }
}
