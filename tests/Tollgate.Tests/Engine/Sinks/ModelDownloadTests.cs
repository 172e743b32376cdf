using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Sinks;

/// <summary>An HTTP request whose constant URL points at model weights downloads a model.</summary>
public sealed class ModelDownloadTests
{
    private const string Source = """
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.Models;

        public static class Downloader
        {
            private static readonly HttpClient Http = new HttpClient();

            public static async Task SaveAsync(string url, string target)
            {
                using var response = await Http.GetAsync(url);
                await using var file = File.Create(target);
                await response.Content.CopyToAsync(file);
            }

            public static Task<string> GetJsonAsync(string url) => Http.GetStringAsync(url);
        }

        public sealed class ModelPlugin
        {
            [KernelFunction]
            public async Task<int> FetchDirect()
            {
                using var client = new HttpClient();
                var response = await client.GetAsync("https://huggingface.co/x/y/resolve/main/m.gguf");
                return (int)response.StatusCode;
            }

            [KernelFunction]
            public Task FetchQuantized(string repository, string quantization) =>
                Downloader.SaveAsync($"https://huggingface.co/{repository}/resolve/main/model-{quantization}.gguf", "model.gguf");

            [KernelFunction]
            public async Task<int> FetchOnnx(string baseUrl)
            {
                using var client = new HttpClient();
                var bytes = await client.GetByteArrayAsync(baseUrl + "/encoder.onnx");
                return bytes.Length;
            }

            [KernelFunction]
            public Task<string> Weather(string city) => Downloader.GetJsonAsync("https://api.weather.example/v1/forecast?city=" + city);

            [KernelFunction]
            public async Task<int> Status()
            {
                using var client = new HttpClient();
                var response = await client.GetAsync("https://status.example.com/api/v2/summary.json");
                return (int)response.StatusCode;
            }
        }
        """;

    [Fact]
    public void AHuggingFaceWeightsUrlIsAModelDownload()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "model.download", "network.outbound" }, result.CapabilitiesOf("Contoso.Models.ModelPlugin.FetchDirect"));
        Assert.Equal(
            new[] { "Contoso.Models.ModelPlugin.FetchDirect", "System.Net.Http.HttpClient.GetAsync" },
            result.Trace("Contoso.Models.ModelPlugin.FetchDirect", "model.download").Trace);
    }

    [Fact]
    public void AUrlBuiltByTheCallerAndPassedToAHelperIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Contains("model.download", result.CapabilitiesOf("Contoso.Models.ModelPlugin.FetchQuantized"));
        Assert.Equal(
            new[] { "Contoso.Models.ModelPlugin.FetchQuantized", "Contoso.Models.Downloader.SaveAsync", "System.Net.Http.HttpClient.GetAsync" },
            result.Trace("Contoso.Models.ModelPlugin.FetchQuantized", "model.download").Trace);
    }

    [Fact]
    public void AWeightsFileExtensionAloneIsEnough()
    {
        var result = Scan.Sources(Source);

        Assert.Contains("model.download", result.CapabilitiesOf("Contoso.Models.ModelPlugin.FetchOnnx"));
    }

    [Fact]
    public void AnOrdinaryApiUrlIsNetworkButNotAModelDownload()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf("Contoso.Models.ModelPlugin.Status"));
        Assert.DoesNotContain("model.download", result.CapabilitiesOf("Contoso.Models.ModelPlugin.Weather"));
        Assert.Contains("network.outbound", result.CapabilitiesOf("Contoso.Models.ModelPlugin.Weather"));
    }
}
