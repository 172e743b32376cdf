using System;
using System.Collections.Generic;
using Tollgate.Model;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>
/// The digests a tool's code compares its downloads with, recorded as the tool's "digests" targets (what a lockfile pins and a
/// policy checks): the same lowercase hex however the code writes the digest, from sources and from the built assembly alike.
/// </summary>
public sealed class PinnedDigestTests
{
    private const string Hex = "fc5a1047f5919892fcdf8aa79ea5d6bb6531b5c176939ef0110906cb225941c1";
    private const string OtherHex = "7f754d3dbef2f9c8be86a085d505d9bf943e8a9d0c2d84c5015e92e97c53040d";

    private const string Plugin = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.LocalLlm;

        public sealed class ModelPlugin
        {
            private const string WeightsUrl = "https://huggingface.co/contoso/llama-mini/resolve/main/model.gguf";
            private const string PinnedSha256 = "FC5A1047F5919892FCDF8AA79EA5D6BB6531B5C176939EF0110906CB225941C1";
            private static readonly byte[] PinnedBytes = Convert.FromHexString("7f754d3dbef2f9c8be86a085d505d9bf943e8a9d0c2d84c5015e92e97c53040d");
            private static readonly HttpClient Http = new();

            [KernelFunction("hex_pinned")]
            public async Task<string> HexPinnedAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), PinnedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("bytes_pinned")]
            public async Task<string> BytesPinnedAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), PinnedBytes))
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("base64_pinned_in_helper")]
            public async Task<string> Base64PinnedInHelperAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                Verify(bytes);
                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("model_chooses_digest")]
            public async Task<string> ModelChoosesDigestAsync(string expectedSha256)
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (Convert.ToHexString(SHA256.HashData(bytes)) != expectedSha256)
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("model_chooses_digest_ignoring_case")]
            public async Task<string> ModelChoosesDigestIgnoringCaseAsync(string expectedSha256)
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), expectedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("url_hashed")]
            public async Task<string> UrlHashedAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WeightsUrl))) != PinnedSha256)
                {
                    throw new InvalidDataException("unexpected source");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            [KernelFunction("hash_helper")]
            public async Task<string> HashHelperAsync()
            {
                var bytes = await Http.GetByteArrayAsync(WeightsUrl);
                if (!string.Equals(Sha256Hex(bytes), PinnedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("model digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "/models/llama-mini.gguf";
            }

            private static string Sha256Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

            private static void Verify(byte[] bytes)
            {
                if (Convert.ToBase64String(SHA256.HashData(bytes)) != "/FoQR/WRmJL834qnnqXWu2UxtcF2k57wEQkGyyJZQcE=")
                {
                    throw new InvalidDataException("model digest mismatch");
                }
            }
        }
        """;

    private const string Id = "Contoso.LocalLlm.ModelPlugin.";

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AHexConstantComparedIgnoringCaseIsPinnedAsLowercaseHex(string engine)
    {
        var tool = Analyze(engine).Tool(Id + "HexPinnedAsync");

        Assert.Equal(new[] { Hex }, Digests(tool));
        Assert.Equal(new[] { "https://huggingface.co/contoso/llama-mini/resolve/main/model.gguf" }, tool.Targets[TargetKinds.Models]);
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void BytesReadFromHexInAFieldArePinned(string engine)
    {
        Assert.Equal(new[] { OtherHex }, Digests(Analyze(engine).Tool(Id + "BytesPinnedAsync")));
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void ABase64DigestComparedInAHelperIsPinnedAsTheSameHex(string engine)
    {
        Assert.Equal(new[] { Hex }, Digests(Analyze(engine).Tool(Id + "Base64PinnedInHelperAsync")));
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void ADigestTheModelSuppliesIsNoTarget(string engine)
    {
        Assert.Empty(Digests(Analyze(engine).Tool(Id + "ModelChoosesDigestAsync")));
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void TheComparisonsOptionIsNotAPinnedDigest(string engine)
    {
        var result = Analyze(engine);

        Assert.Empty(Digests(result.Tool(Id + "ModelChoosesDigestIgnoringCaseAsync")));
        RiskAssert.Error(result, "TG6001", "model.unverified-download", Id + "ModelChoosesDigestIgnoringCaseAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AHashOfSomethingElseThanTheDownloadVerifiesNothing(string engine)
    {
        var result = Analyze(engine);

        RiskAssert.Error(result, "TG6001", "model.unverified-download", Id + "UrlHashedAsync", "System.Net.Http.HttpClient.GetByteArrayAsync");
        RiskAssert.Mitigated(result, "TG6001", "model.unverified-download", Id + "Base64PinnedInHelperAsync", "digest comparison in " + Id + "Verify");
        RiskAssert.Mitigated(result, "TG6001", "model.unverified-download", Id + "BytesPinnedAsync", "digest comparison in " + Id + "BytesPinnedAsync");
        RiskAssert.Mitigated(result, "TG6001", "model.unverified-download", Id + "HashHelperAsync", "digest comparison in " + Id + "HashHelperAsync");
    }

    [Theory]
    [InlineData("FC5A1047F5919892FCDF8AA79EA5D6BB6531B5C176939EF0110906CB225941C1", Hex)]
    [InlineData("sha256:fc5a1047f5919892fcdf8aa79ea5d6bb6531b5c176939ef0110906cb225941c1", Hex)]
    [InlineData("/FoQR/WRmJL834qnnqXWu2UxtcF2k57wEQkGyyJZQcE=", Hex)]
    [InlineData("v1.2", "v1.2")]
    public void WrittenDigestsReadAsLowercaseHex(string written, string expected)
    {
        Assert.Equal(expected, Tollgate.Analysis.PinnedDigest.Normalize(written));
    }

    private static readonly Dictionary<string, Tollgate.Analysis.AnalysisResult> Results = new();

    private static Tollgate.Analysis.AnalysisResult Analyze(string engine)
    {
        lock (Results)
        {
            if (!Results.TryGetValue(engine, out var result))
            {
                Results[engine] = result = Scan.With(engine, Plugin);
            }

            return result;
        }
    }

    private static IReadOnlyList<string> Digests(EntryPoint tool) =>
        tool.Targets.TryGetValue(TargetKinds.Digests, out var digests) ? digests : Array.Empty<string>();
}
