using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>model.unverified-download (TG6001): weights downloaded and used without a pinned digest compared first, or from a source the model controls.</summary>
public sealed class ModelUnverifiedDownloadTests
{
    private const string Rule = "TG6001";
    private const string Risk = "model.unverified-download";

    private const string ModelPlugin = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.LocalLlm;

        public sealed class ModelPlugin
        {
            private const string WeightsUrl = "https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf";
            private const string PinnedSha256 = "08A5566D61D7CB6B420C3E4387A39E0078E1F2FE5F055F3A03887385304D4BFA";
            private static readonly HttpClient Http = new();

            [KernelFunction("prepare_model")]
            public async Task<string> PrepareModelAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                return "/models/llama-2-7b.gguf";
            }

            [KernelFunction("prepare_verified_model")]
            public async Task<string> PrepareVerifiedModelAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                var actual = Convert.ToHexString(SHA256.HashData(bytes));
                if (!string.Equals(actual, PinnedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                return "/models/llama-2-7b.gguf";
            }

            [KernelFunction("prepare_logged_model")]
            public async Task<string> PrepareLoggedModelAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (bytes.Length == 0)
                {
                    throw new InvalidDataException("empty download");
                }

                Console.WriteLine($"downloaded model sha256={Convert.ToHexString(SHA256.HashData(bytes))}");
                await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                return "/models/llama-2-7b.gguf";
            }

            [KernelFunction("prepare_model_with_digest")]
            public async Task<string> PrepareModelWithDigestAsync(string expectedSha256)
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (Convert.ToHexString(SHA256.HashData(bytes)) != expectedSha256)
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                return "/models/llama-2-7b.gguf";
            }

            [KernelFunction("forecast")]
            public Task<string> ForecastAsync() => Http.GetStringAsync("https://api.weather.example/v1/forecast.json");
        }
        """;

    private const string Id = "Contoso.LocalLlm.ModelPlugin.";

    [Fact]
    public void WeightsDownloadedWithoutADigestAreAnError()
    {
        var result = Scan.Sources(ModelPlugin);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "PrepareModelAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
        Assert.Equal("model.download", finding.Capability);
        Assert.Equal(new[] { Id + "PrepareModelAsync", "System.Net.Http.HttpClient.GetByteArrayAsync" }, finding.Trace);
    }

    [Fact]
    public void APinnedDigestComparedBeforeUseMitigates()
    {
        var result = Scan.Sources(ModelPlugin);

        RiskAssert.Mitigated(result, Rule, Risk, Id + "PrepareVerifiedModelAsync", "digest comparison in " + Id + "PrepareVerifiedModelAsync");
    }

    [Fact]
    public void AHashThatIsOnlyLoggedIsNotAVerification()
    {
        var result = Scan.Sources(ModelPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "PrepareLoggedModelAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
    }

    [Fact]
    public void ADigestTheModelSuppliesIsNotPinned()
    {
        var result = Scan.Sources(ModelPlugin);

        RiskAssert.Error(result, Rule, Risk, Id + "PrepareModelWithDigestAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
    }

    [Fact]
    public void AnOrdinaryApiDownloadIsNotAModelDownload()
    {
        var result = Scan.Sources(ModelPlugin);

        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf(Id + "ForecastAsync"));
        RiskAssert.None(result, Risk, Id + "ForecastAsync");
    }

    [Fact]
    public void ARepositoryTheModelChoosesIsAnError()
    {
        var result = Scan.Sources(
            """
            using System.Threading.Tasks;
            using HuggingfaceHub;
            using ModelContextProtocol.Server;

            namespace Contoso.Hub;

            [McpServerToolType]
            public static class HubTools
            {
                [McpServerTool(Name = "download_model")]
                public static Task<string> DownloadModel(string repoId) => HFDownloader.DownloadFileAsync(repoId, "model.onnx");
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Hub.HubTools.DownloadModel", "HuggingfaceHub.HFDownloader.DownloadFileAsync");
        Assert.Contains("'repoId'", finding.Message);
    }

    [Fact]
    public void AnAllowListOfRepositoriesMitigatesTheModelsChoice()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Threading.Tasks;
            using HuggingfaceHub;
            using ModelContextProtocol.Server;

            namespace Contoso.Hub;

            [McpServerToolType]
            public static class HubTools
            {
                [McpServerTool(Name = "download_model")]
                public static Task<string> DownloadModel(string repoId)
                {
                    if (repoId != "microsoft/Phi-3-mini-4k-instruct-onnx" && repoId != "BAAI/bge-small-en-v1.5")
                    {
                        throw new ArgumentException("repository not allowed");
                    }

                    return HFDownloader.DownloadFileAsync(repoId, "model.onnx");
                }
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Hub.HubTools.DownloadModel", "allow-list check in Contoso.Hub.HubTools.DownloadModel");
    }

    [Fact]
    public void WeightsFromAUrlTheModelChoosesAreAnError()
    {
        var result = Scan.Sources(
            """
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.ML.OnnxRuntime;
            using Microsoft.SemanticKernel;

            namespace Contoso.Onnx;

            public sealed class OnnxPlugin
            {
                private static readonly HttpClient Http = new();

                [KernelFunction("load_model_from_url")]
                public async Task<int> LoadModelFromUrlAsync(string modelUrl)
                {
                    var bytes = await Http.GetByteArrayAsync(modelUrl);
                    await File.WriteAllBytesAsync("/tmp/model.onnx", bytes);
                    using var session = new InferenceSession("/tmp/model.onnx");
                    return session.InputMetadata.Count;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Onnx.OnnxPlugin.LoadModelFromUrlAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
    }

    [Fact]
    public void ADownloaderInAnotherFileIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Embeddings;

            [McpServerToolType]
            public sealed partial class EmbeddingTools
            {
                [McpServerTool(Name = "init_embeddings")]
                public Task InitAsync() => EnsureModelAsync();
            }
            """,
            """
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace Contoso.Embeddings;

            public sealed partial class EmbeddingTools
            {
                private Task EnsureModelAsync() => ModelCache.FetchAsync("https://huggingface.co/BAAI/bge-small-en-v1.5/resolve/main/onnx/model.onnx", "/models/bge.onnx");
            }

            internal static class ModelCache
            {
                private static readonly HttpClient Http = new();

                public static async Task FetchAsync(string url, string target)
                {
                    using var response = await Http.GetAsync(url);
                    await using var file = File.Create(target);
                    await response.Content.CopyToAsync(file);
                }
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Embeddings.EmbeddingTools.InitAsync", "System.Net.Http.HttpClient.GetAsync");
        Assert.Equal(
            new[] { "Contoso.Embeddings.EmbeddingTools.InitAsync", "Contoso.Embeddings.EmbeddingTools.EnsureModelAsync", "Contoso.Embeddings.ModelCache.FetchAsync", "System.Net.Http.HttpClient.GetAsync" },
            finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void InterfaceDispatchLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Fetch;

            public interface IWeightsSource
            {
                Task<byte[]> GetAsync();
            }

            public sealed class HubWeights : IWeightsSource
            {
                private readonly HttpClient _http = new();

                public Task<byte[]> GetAsync() => _http.GetByteArrayAsync("https://huggingface.co/openai-community/gpt2/resolve/main/model.safetensors");
            }

            [McpServerToolType]
            public sealed class FetchTools
            {
                private static readonly HttpClient Http = new();
                private readonly IWeightsSource _source;
                private readonly Func<Task<byte[]>> _fetch = () => Http.GetByteArrayAsync("https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/model.safetensors");

                public FetchTools(IWeightsSource source) => _source = source;

                [McpServerTool(Name = "fetch_via_interface")]
                public async Task<int> ViaInterface() => (await _source.GetAsync()).Length;

                [McpServerTool(Name = "fetch_in_background")]
                public async Task<int> InBackground() =>
                    (await Task.Run(() => Http.GetByteArrayAsync("https://huggingface.co/openai-community/gpt2/resolve/main/model.safetensors"))).Length;

                [McpServerTool(Name = "fetch_via_field")]
                public async Task<int> ViaField() => (await _fetch()).Length;
            }
            """);

        var viaInterface = RiskAssert.Error(result, Rule, Risk, "Contoso.Fetch.FetchTools.ViaInterface", "System.Net.Http.HttpClient.GetByteArrayAsync");
        Assert.Contains("Contoso.Fetch.HubWeights.GetAsync", viaInterface.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Fetch.FetchTools.InBackground", "System.Net.Http.HttpClient.GetByteArrayAsync");
        var viaField = RiskAssert.Error(result, Rule, Risk, "Contoso.Fetch.FetchTools.ViaField", "System.Net.Http.HttpClient.GetByteArrayAsync");
        Assert.Contains("Contoso.Fetch.FetchTools._fetch", viaField.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System.IO;
            using System.Net.Http;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class SetupTools
            {
                private static readonly HttpClient Http = new();

            #pragma warning disable MEAI001
                public static AIFunction Install() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(async () =>
                    {
                        var bytes = await Http.GetByteArrayAsync("https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf");
                        await File.WriteAllBytesAsync("phi3.gguf", bytes);
                    }, "install_model"));
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.SetupTools.Install.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }
}
