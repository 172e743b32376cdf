using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Sinks;

/// <summary>One small tool per capability of TAXONOMY.md, each using a typical API of that capability.</summary>
public sealed class CapabilityCoverageTests
{
    private const string ToolId = "Contoso.Coverage.CoverageTools.Use";

    /// <summary>Capability, the capabilities the tool must have exactly, the API that ends the trace, and the tool's body.</summary>
    public static TheoryData<string, string[], string, string> Cases => new()
    {
        { "process.exec", new[] { "process.exec" }, "System.Diagnostics.Process.Start",
            "public static int Use(string args) => Process.Start(\"git\", args)!.Id;" },
        { "network.outbound", new[] { "network.outbound" }, "System.Net.Http.HttpClient.GetStringAsync",
            "public static Task<string> Use(HttpClient client, string url) => client.GetStringAsync(url);" },
        { "filesystem.read", new[] { "filesystem.read" }, "System.IO.File.ReadAllText",
            "public static string Use(string path) => File.ReadAllText(path);" },
        { "filesystem.write", new[] { "filesystem.write" }, "System.IO.File.WriteAllText",
            "public static void Use(string path, string text) => File.WriteAllText(path, text);" },
        { "environment.read", new[] { "environment.read" }, "System.Environment.GetEnvironmentVariable",
            "public static string? Use(string name) => Environment.GetEnvironmentVariable(name);" },
        { "secrets.read", new[] { "secrets.read" }, "System.Security.Cryptography.X509Certificates.X509Store.Open",
            "public static int Use() { using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser); store.Open(OpenFlags.ReadOnly); return 0; }" },
        { "code.dynamic", new[] { "code.dynamic" }, "System.Reflection.Assembly.LoadFrom",
            "public static string Use(string path) => Assembly.LoadFrom(path).FullName ?? \"\";" },
        { "native.interop", new[] { "native.interop" }, "System.Runtime.InteropServices.NativeLibrary.Load",
            "public static IntPtr Use(string library) => NativeLibrary.Load(library);" },
        { "model.download", new[] { "model.download", "network.outbound" }, "System.Net.Http.HttpClient.GetByteArrayAsync",
            "public static Task<byte[]> Use(HttpClient client) => client.GetByteArrayAsync(\"https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf\");" },
        { "model.load", new[] { "model.load" }, "Microsoft.ML.OnnxRuntime.InferenceSession..ctor",
            "public static object Use(string modelPath) => new InferenceSession(modelPath);" },
        { "deserialization.unsafe", new[] { "deserialization.unsafe" }, "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter..ctor",
            "public static object Use(Stream payload) => new BinaryFormatter().Deserialize(payload);" },
        { "database.access", new[] { "database.access" }, "System.Data.Common.DbConnection.CreateCommand",
            "public static int Use(DbConnection connection, string sql) { using var command = connection.CreateCommand(); command.CommandText = sql; return command.ExecuteNonQuery(); }" },
        { "system.modify", new[] { "system.modify" }, "System.Environment.SetEnvironmentVariable",
            "public static void Use(string value) => Environment.SetEnvironmentVariable(\"PATH\", value);" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ATypicalApiGivesItsCapability(string capability, string[] expected, string api, string tool)
    {
        var result = Scan.Sources(Plugin(tool));

        Assert.Equal(expected, result.CapabilitiesOf(ToolId));
        var finding = result.Trace(ToolId, capability);
        Assert.Equal(new[] { ToolId, api }, finding.Trace);
        Assert.Equal("Source0.cs", finding.Location!.Path);
    }

    [Fact]
    public void EveryCapabilityOfTheTaxonomyIsCovered()
    {
        var covered = Cases.Select(row => (string)row[0]).ToList();

        Assert.Equal(Tollgate.Model.Capabilities.All.OrderBy(c => c, System.StringComparer.Ordinal), covered.OrderBy(c => c, System.StringComparer.Ordinal));
    }

    [Fact]
    public void AToolThatOnlyComputesHasNoCapability()
    {
        var result = Scan.Sources(Plugin("public static string Use(string text, int times) => string.Concat(Enumerable.Repeat(text.Trim().ToUpperInvariant(), times)) + Math.Max(times, 0);"));

        Assert.Empty(result.CapabilitiesOf(ToolId));
        Assert.Empty(result.Findings);
    }

    private static string Plugin(string tool) => $$"""
        using System;
        using System.Data.Common;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Reflection;
        using System.Runtime.InteropServices;
        using System.Runtime.Serialization.Formatters.Binary;
        using System.Security.Cryptography.X509Certificates;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;
        using ModelContextProtocol.Server;

        namespace Contoso.Coverage;

        [McpServerToolType]
        public static class CoverageTools
        {
            [McpServerTool]
            {{tool}}
        }
        """;
}
