using System.Threading.Tasks;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG6001 (unverified downloads), TG6002 (unsafe formats), TG6100 (downloads) and TG6101 (loads) on the call.</summary>
public sealed class ModelAnalyzerTests
{
    private const string GetByteArray = "System.Net.Http.HttpClient.GetByteArrayAsync";

    /// <summary>The TorchSharp and ONNX Runtime members the tests call, declared in source as a vendored copy would be.</summary>
    private const string ModelLibraries = """
        namespace TorchSharp
        {
            public static class torch
            {
                public static object load(string location) => new object();
            }
        }

        namespace Microsoft.ML.OnnxRuntime
        {
            public sealed class InferenceSession : System.IDisposable
            {
                public InferenceSession(string modelPath) => ModelPath = modelPath;

                public string ModelPath { get; }

                public int InputCount => 1;

                public void Dispose()
                {
                }
            }
        }
        """;

    [Fact]
    public async Task WeightsDownloadedWithoutADigestAreAWarningOnTheDownload()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.LocalLlm;

            public sealed class ModelPlugin
            {
                private const string WeightsUrl = "https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf";
                private static readonly HttpClient Http = new();

                [KernelFunction("prepare_model")]
                public async Task<string> PrepareModelAsync()
                {
                    var bytes = await {|#0:Http.GetByteArrayAsync(WeightsUrl)|};
                    await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                    return "/models/llama-2-7b.gguf";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG6001", 0, "Tool 'prepare_model' (semantic-kernel): downloads model weights and uses them with no pinned digest compared first"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG6100", 0, "prepare_model", "semantic-kernel", "model.download", GetByteArray));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnOrdinaryApiDownloadIsNotAModelDownload()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            namespace Contoso.LocalLlm;

            public sealed class ForecastPlugin
            {
                private static readonly HttpClient Http = new();

                [KernelFunction("forecast")]
                public Task<byte[]> ForecastAsync() => Http.GetByteArrayAsync("https://api.weather.example/v1/forecast.json");
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task APinnedDigestComparedBeforeUseMitigates()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
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

                [KernelFunction("prepare_verified_model")]
                public async Task<string> PrepareVerifiedModelAsync()
                {
                    var bytes = await {|#0:Http.GetByteArrayAsync(WeightsUrl)|};
                    var actual = Convert.ToHexString(SHA256.HashData(bytes));
                    if (!string.Equals(actual, PinnedSha256, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidDataException("model digest mismatch");
                    }

                    await File.WriteAllBytesAsync("/models/llama-2-7b.gguf", bytes);
                    return "/models/llama-2-7b.gguf";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG6001", 0,
            "Tool 'prepare_verified_model' (semantic-kernel): downloads model weights",
            "digest comparison in Contoso.LocalLlm.ModelPlugin.PrepareVerifiedModelAsync"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG6100", 0, "prepare_verified_model", "semantic-kernel", "model.download", GetByteArray));

        await test.RunAsync();
    }

    [Fact]
    public async Task APickleCheckpointLoadedIsAWarningOnTheLoad()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using ModelContextProtocol.Server;
            using TorchSharp;

            namespace Contoso.Vision;

            [McpServerToolType]
            public static class VisionTools
            {
                [McpServerTool(Name = "load_classifier")]
                public static string LoadClassifier()
                {
                    var model = {|#0:torch.load("/opt/contoso/models/classifier.pt")|};
                    return model.ToString() ?? "";
                }
            }
            """);
        test.TestState.Sources.Add(("ModelLibraries.cs", ModelLibraries));
        test.ExpectedDiagnostics.Add(Expect.Risk("TG6002", 0, "Tool 'load_classifier' (mcp): loads a model format that can run code when loaded, through TorchSharp.torch.load"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG6101", 0, "load_classifier", "mcp", "model.load", "TorchSharp.torch.load"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnOnnxModelIsASafeFormat()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using Microsoft.ML.OnnxRuntime;
            using ModelContextProtocol.Server;

            namespace Contoso.Vision;

            [McpServerToolType]
            public static class VisionTools
            {
                [McpServerTool(Name = "load_detector")]
                public static int LoadDetector()
                {
                    using var session = {|#0:new InferenceSession("/opt/contoso/models/detector.onnx")|};
                    return session.InputCount;
                }
            }
            """);
        test.TestState.Sources.Add(("ModelLibraries.cs", ModelLibraries));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG6101", 0, "load_detector", "mcp", "model.load", "Microsoft.ML.OnnxRuntime.InferenceSession..ctor"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ApprovalMitigatesAnUnsafeFormat()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using Microsoft.Extensions.AI;
            using TorchSharp;

            namespace Contoso.Vision;

            public static class LegacyTools
            {
            #pragma warning disable MEAI001
                public static AIFunction LoadApproved() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(
                        () => {|#0:torch.load("/opt/contoso/models/legacy.pth")|},
                        "load_legacy_checkpoint"));
            #pragma warning restore MEAI001
            }
            """);
        test.TestState.Sources.Add(("ModelLibraries.cs", ModelLibraries));
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG6002", 0,
            "Tool 'load_legacy_checkpoint' (microsoft-extensions-ai): loads a model format that can run code when loaded, through TorchSharp.torch.load",
            "human approval (ApprovalRequiredAIFunction)"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG6101", 0, "load_legacy_checkpoint", "microsoft-extensions-ai", "model.load", "TorchSharp.torch.load"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ReadingAModelCardIsNotLoadingAModel()
    {
        var test = new AnalyzerTest<ModelAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Vision;

            [McpServerToolType]
            public static class CardTools
            {
                [McpServerTool(Name = "model_card")]
                public static string ModelCard() => File.ReadAllText("/opt/contoso/models/README.md");
            }
            """);

        await test.RunAsync();
    }
}
