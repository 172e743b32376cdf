using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>model.unsafe-format (TG6002): a checkpoint format that can run code on load (pickle-based .pt/.pth/.pkl/.bin) is loaded.</summary>
public sealed class ModelUnsafeFormatTests
{
    private const string Rule = "TG6002";
    private const string Risk = "model.unsafe-format";

    private const string VisionTools = """
        using System.IO;
        using LLama;
        using LLama.Common;
        using Microsoft.ML.OnnxRuntime;
        using ModelContextProtocol.Server;
        using TorchSharp;
        using TorchSharp.PyBridge;

        namespace Contoso.Vision;

        [McpServerToolType]
        public static class VisionTools
        {
            private const string ModelsDir = "/opt/contoso/models";

            [McpServerTool(Name = "load_classifier")]
            public static string LoadClassifier() => torch.load("/opt/contoso/models/classifier.pt").ToString();

            [McpServerTool(Name = "load_state_dict")]
            public static int LoadStateDict(Stream checkpoint) => PyTorchUnpickler.UnpickleStateDict(checkpoint).Count;

            [McpServerTool(Name = "load_named_checkpoint")]
            public static string LoadNamedCheckpoint(string name) => torch.load(Path.Combine(ModelsDir, name + ".pth")).ToString();

            [McpServerTool(Name = "load_onnx")]
            public static int LoadOnnx()
            {
                using var session = new InferenceSession("/opt/contoso/models/detector.onnx");
                return session.InputMetadata.Count;
            }

            [McpServerTool(Name = "load_gguf")]
            public static int LoadGguf()
            {
                var parameters = new ModelParams("/opt/contoso/models/phi-3-mini.Q4_K_M.gguf") { ContextSize = 4096 };
                using var weights = LLamaWeights.LoadFromFile(parameters);
                return 1;
            }

            [McpServerTool(Name = "load_safetensors")]
            public static int LoadSafetensors() => Safetensors.LoadStateDict("/opt/contoso/models/vit.safetensors").Count;

            [McpServerTool(Name = "load_quantized_onnx")]
            public static int LoadQuantizedOnnx()
            {
                using var session = new InferenceSession("/opt/contoso/models/resnet50.ptq.onnx");
                return session.InputMetadata.Count;
            }
        }
        """;

    private const string Id = "Contoso.Vision.VisionTools.";

    [Fact]
    public void APickleCheckpointLoadedByPathIsAnError()
    {
        var result = Scan.Sources(VisionTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "LoadClassifier", "TorchSharp.torch.load");
        Assert.Equal("model.load", finding.Capability);
        Assert.Equal(new[] { Id + "LoadClassifier", "TorchSharp.torch.load" }, finding.Trace);
    }

    [Fact]
    public void AnUnpicklerIsAnErrorWhateverItReads()
    {
        var result = Scan.Sources(VisionTools);

        RiskAssert.Error(result, Rule, Risk, Id + "LoadStateDict", "TorchSharp.PyBridge.PyTorchUnpickler.UnpickleStateDict");
    }

    [Fact]
    public void APickleExtensionAfterAModelChosenNameIsAnError()
    {
        var result = Scan.Sources(VisionTools);

        RiskAssert.Error(result, Rule, Risk, Id + "LoadNamedCheckpoint", "TorchSharp.torch.load");
        Assert.Single(RiskAssert.Of(result, "filesystem.traversal", Id + "LoadNamedCheckpoint"));
    }

    [Fact]
    public void OnnxGgufAndSafetensorsAreSafeFormats()
    {
        var result = Scan.Sources(VisionTools);

        foreach (var tool in new[] { "LoadOnnx", "LoadGguf", "LoadSafetensors" })
        {
            Assert.Contains("model.load", result.CapabilitiesOf(Id + tool));
            RiskAssert.None(result, Risk, Id + tool);
        }
    }

    [Fact]
    public void APtInsideALongerFileNameIsNotACheckpointExtension()
    {
        var result = Scan.Sources(VisionTools);

        RiskAssert.None(result, Risk, Id + "LoadQuantizedOnnx");
    }

    [Fact]
    public void ALoaderInAnotherFileWithTheCallersConstantPathIsFollowed()
    {
        var result = Scan.Sources(
            """
            using Microsoft.SemanticKernel;

            namespace Contoso.Speech;

            public sealed partial class SpeechPlugin
            {
                [KernelFunction("warm_up")]
                public string WarmUp() => Checkpoints.Load("/var/lib/contoso/whisper-small/pytorch_model.bin");
            }
            """,
            """
            using TorchSharp;

            namespace Contoso.Speech;

            internal static class Checkpoints
            {
                public static string Load(string file) => torch.load(file).ToString();
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Speech.SpeechPlugin.WarmUp", "TorchSharp.torch.load");
        Assert.Equal(new[] { "Contoso.Speech.SpeechPlugin.WarmUp", "Contoso.Speech.Checkpoints.Load", "TorchSharp.torch.load" }, finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void InterfaceDispatchLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;
            using TorchSharp;

            namespace Contoso.Ranker;

            public interface ICheckpointLoader
            {
                string Load();
            }

            public sealed class TorchCheckpointLoader : ICheckpointLoader
            {
                public string Load() => torch.load("/models/ranker.ckpt").ToString();
            }

            [McpServerToolType]
            public sealed class RankerTools
            {
                private readonly ICheckpointLoader _loader;
                private readonly Func<string> _loadLegacy = () => torch.load("/models/legacy_ranker.pkl").ToString();

                public RankerTools(ICheckpointLoader loader) => _loader = loader;

                [McpServerTool(Name = "init_ranker")]
                public string Init() => _loader.Load();

                [McpServerTool(Name = "init_ranker_async")]
                public Task<string> InitAsync() => Task.Run(() => torch.load("/models/ranker.pth").ToString());

                [McpServerTool(Name = "init_legacy_ranker")]
                public string InitLegacy() => _loadLegacy();
            }
            """);

        var viaInterface = RiskAssert.Error(result, Rule, Risk, "Contoso.Ranker.RankerTools.Init", "TorchSharp.torch.load");
        Assert.Contains("Contoso.Ranker.TorchCheckpointLoader.Load", viaInterface.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Ranker.RankerTools.InitAsync", "TorchSharp.torch.load");
        var viaField = RiskAssert.Error(result, Rule, Risk, "Contoso.Ranker.RankerTools.InitLegacy", "TorchSharp.torch.load");
        Assert.Contains("Contoso.Ranker.RankerTools._loadLegacy", viaField.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using Microsoft.Extensions.AI;
            using TorchSharp;

            namespace Contoso.Agent;

            public static class TorchTools
            {
            #pragma warning disable MEAI001
                public static AIFunction Load() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(() => torch.load("/models/finetuned.pt").ToString(), "load_finetuned"));
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.TorchTools.Load.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }
}
