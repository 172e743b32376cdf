using System.ComponentModel;
using Microsoft.ML.OnnxRuntime;
using Microsoft.SemanticKernel;

namespace Adatum.LocalModels;

/// <summary>
/// Lets an agent fetch small open models from Hugging Face and run them locally.
/// Usage: <c>kernel.Plugins.AddFromObject(new LocalModelPlugin("/var/cache/models"), "models");</c>
/// </summary>
public sealed class LocalModelPlugin : IDisposable
{
    private const string HubBase = "https://huggingface.co";
    private const string EmbeddingModelUrl =
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx";

    private readonly string _modelsDir;
    private readonly HubDownloader _downloader = new();
    private InferenceSession? _session;

    public LocalModelPlugin(string modelsDir)
    {
        _modelsDir = Path.GetFullPath(modelsDir);
        Directory.CreateDirectory(_modelsDir);
    }

    [KernelFunction("download_model")]
    [Description("Downloads a GGUF or ONNX model file from a Hugging Face repository into the local model cache.")]
    public async Task<string> DownloadModelAsync(
        [Description("Repository id, e.g. 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF'.")] string repoId,
        [Description("File in the repository, e.g. 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf'.")] string fileName,
        CancellationToken cancellationToken = default)
    {
        if (!fileName.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) &&
            !fileName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return "Only .gguf and .onnx files are supported.";
        }

        string url = $"{HubBase}/{repoId}/resolve/main/{fileName}";
        string target = Path.Combine(_modelsDir, fileName);
        long bytes = await _downloader.DownloadToFileAsync(url, target, cancellationToken);
        return $"Saved {bytes:N0} bytes to {target}.";
    }

    [KernelFunction, Description("Downloads (if needed) and loads the default sentence-embedding model.")]
    public async Task<string> PrepareEmbeddingModelAsync(CancellationToken cancellationToken = default)
    {
        string target = Path.Combine(_modelsDir, "all-MiniLM-L6-v2.onnx");
        await _downloader.DownloadToFileAsync(EmbeddingModelUrl, target, cancellationToken);
        return LoadModel("all-MiniLM-L6-v2.onnx");
    }

    [KernelFunction, Description("Loads an ONNX model from the local model cache.")]
    public string LoadModel([Description("File name in the model cache.")] string fileName)
    {
        _session?.Dispose();
        _session = new InferenceSession(Path.Combine(_modelsDir, fileName));
        var inputs = string.Join(", ", _session.InputMetadata.Keys);
        return $"Loaded {fileName}; inputs: {inputs}.";
    }

    [KernelFunction, Description("Lists the models in the local cache.")]
    public string ListLocalModels() =>
        string.Join("\n", Directory.EnumerateFiles(_modelsDir).Select(Path.GetFileName));

    public void Dispose()
    {
        _session?.Dispose();
        _downloader.Dispose();
    }
}
