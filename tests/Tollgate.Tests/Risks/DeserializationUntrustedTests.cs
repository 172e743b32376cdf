using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>deserialization.untrusted (TG7001): model-controlled or downloaded data reaches a deserializer that can instantiate arbitrary types.</summary>
public sealed class DeserializationUntrustedTests
{
    private const string Rule = "TG7001";
    private const string Risk = "deserialization.untrusted";
    private const string Deserialize = "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter.Deserialize";

    private const string SessionTools = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Runtime.Serialization;
        using System.Runtime.Serialization.Formatters.Binary;
        using System.Text.Json;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Sessions;

        public sealed record SessionState(string User, string[] OpenFiles);

        [McpServerToolType]
        public static class SessionTools
        {
            private static readonly HttpClient Http = new();

        #pragma warning disable SYSLIB0011
            [McpServerTool(Name = "restore_session")]
            public static string RestoreSession(string snapshot)
            {
                using var stream = new MemoryStream(Convert.FromBase64String(snapshot));
                return new BinaryFormatter().Deserialize(stream).ToString() ?? "";
            }

            [McpServerTool(Name = "sync_session")]
            public static async Task<string> SyncSession()
            {
                await using var stream = await Http.GetStreamAsync("https://sessions.contoso.net/api/current");
                var formatter = new BinaryFormatter();
                return formatter.Deserialize(stream).ToString() ?? "";
            }

            [McpServerTool(Name = "restore_through_interface")]
            public static string RestoreThroughInterface(string snapshot)
            {
                IFormatter formatter = new BinaryFormatter();
                return formatter.Deserialize(new MemoryStream(Convert.FromBase64String(snapshot))).ToString() ?? "";
            }

            [McpServerTool(Name = "restore_local_cache")]
            public static string RestoreLocalCache()
            {
                using var stream = File.OpenRead("/var/cache/contoso/session.bin");
                return new BinaryFormatter().Deserialize(stream).ToString() ?? "";
            }
        #pragma warning restore SYSLIB0011

            [McpServerTool(Name = "restore_json")]
            public static string RestoreJson(string snapshot) => JsonSerializer.Deserialize<SessionState>(snapshot)?.User ?? "";
        }
        """;

    private const string Id = "Contoso.Sessions.SessionTools.";

    [Fact]
    public void AModelPayloadGivenToBinaryFormatterIsAnError()
    {
        var result = Scan.Sources(SessionTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "RestoreSession", Deserialize);
        Assert.Equal("deserialization.unsafe", finding.Capability);
        Assert.Equal(new[] { Id + "RestoreSession", Deserialize }, finding.Trace);
        Assert.Contains("'snapshot'", finding.Message);
    }

    [Fact]
    public void ADownloadedStreamGivenToBinaryFormatterIsAnError()
    {
        var result = Scan.Sources(SessionTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "SyncSession", Deserialize);
        Assert.Contains("downloaded data", finding.Message);
    }

    [Fact]
    public void TheIFormatterInterfaceIsFollowed()
    {
        var result = Scan.Sources(SessionTools);

        RiskAssert.Error(result, Rule, Risk, Id + "RestoreThroughInterface", "System.Runtime.Serialization.IFormatter.Deserialize");
    }

    [Fact]
    public void ALocalFileIsACapabilityButNotUntrusted()
    {
        var result = Scan.Sources(SessionTools);

        Assert.Contains("deserialization.unsafe", result.CapabilitiesOf(Id + "RestoreLocalCache"));
        RiskAssert.None(result, Risk, Id + "RestoreLocalCache");
    }

    [Fact]
    public void SystemTextJsonIsNotAnUnsafeDeserializer()
    {
        var result = Scan.Sources(SessionTools);

        Assert.Empty(result.CapabilitiesOf(Id + "RestoreJson"));
        RiskAssert.None(result, Risk, Id + "RestoreJson");
    }

    [Fact]
    public void JsonNetWithTypeNameHandlingOnModelJsonIsAnError()
    {
        var result = Scan.Sources(JsonNetTools);

        var finding = RiskAssert.Single(result, Risk, "Contoso.Workflows.WorkflowTools.ImportWorkflow");
        Assert.Equal(Tollgate.Model.Severity.Error, finding.Severity);
        Assert.Equal(Rule, finding.RuleId);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Workflows.WorkflowTools.ImportWithLocalSettings", "Newtonsoft.Json.JsonConvert.DeserializeObject");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Workflows.WorkflowTools.ImportWithSerializer", "Newtonsoft.Json.JsonSerializer.Deserialize");
    }

    [Fact]
    public void JsonNetWithoutTypeNamesIsNotARisk()
    {
        var result = Scan.Sources(JsonNetTools);

        RiskAssert.None(result, Risk, "Contoso.Workflows.WorkflowTools.ImportPlain");
        RiskAssert.None(result, Risk, "Contoso.Workflows.WorkflowTools.ImportWithSafeSettings");
        Assert.DoesNotContain("deserialization.unsafe", result.CapabilitiesOf("Contoso.Workflows.WorkflowTools.ImportPlain"));
    }

    [Fact]
    public void JsonNetWithTypeNameHandlingIsFoundWithoutTheAssembly()
    {
        var result = Scan.SourcesWithoutFrameworks(JsonNetTools);

        Assert.NotEmpty(RiskAssert.Of(result, Risk, "Contoso.Workflows.WorkflowTools.ImportWorkflow"));
        RiskAssert.None(result, Risk, "Contoso.Workflows.WorkflowTools.ImportPlain");
    }

    private const string JsonNetTools = """
        using System.IO;
        using Newtonsoft.Json;
        using ModelContextProtocol.Server;

        namespace Contoso.Workflows;

        public sealed record Workflow(string Name);

        [McpServerToolType]
        public static class WorkflowTools
        {
            private static readonly JsonSerializerSettings Settings = new() { TypeNameHandling = TypeNameHandling.All };
            private static readonly JsonSerializerSettings SafeSettings = new() { TypeNameHandling = TypeNameHandling.None, MaxDepth = 32 };

            [McpServerTool(Name = "import_workflow")]
            public static string ImportWorkflow(string workflowJson) => JsonConvert.DeserializeObject(workflowJson, Settings)?.ToString() ?? "";

            [McpServerTool(Name = "import_local")]
            public static string ImportWithLocalSettings(string workflowJson)
            {
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.Auto;
                return JsonConvert.DeserializeObject<Workflow>(workflowJson, settings)?.Name ?? "";
            }

            [McpServerTool(Name = "import_serializer")]
            public static string ImportWithSerializer(string workflowJson)
            {
                var serializer = JsonSerializer.Create(Settings);
                using var reader = new JsonTextReader(new StringReader(workflowJson));
                return serializer.Deserialize<Workflow>(reader)?.Name ?? "";
            }

            [McpServerTool(Name = "import_plain")]
            public static string ImportPlain(string workflowJson) => JsonConvert.DeserializeObject<Workflow>(workflowJson)?.Name ?? "";

            [McpServerTool(Name = "import_safe")]
            public static string ImportWithSafeSettings(string workflowJson) => JsonConvert.DeserializeObject<Workflow>(workflowJson, SafeSettings)?.Name ?? "";
        }
        """;

    [Fact]
    public void AHelperInAnotherFileAndAPartialClassAreFollowed()
    {
        var result = Scan.Sources(
            """
            using Microsoft.SemanticKernel;

            namespace Contoso.Cache;

            public sealed partial class CachePlugin
            {
                [KernelFunction("import_cache")]
                public string Import(string blob) => Restore(blob);
            }
            """,
            """
            using System;
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;

            namespace Contoso.Cache;

            public sealed partial class CachePlugin
            {
                private static string Restore(string base64) => Serializer.Read(Convert.FromBase64String(base64));
            }

            internal static class Serializer
            {
            #pragma warning disable SYSLIB0011
                public static string Read(byte[] data) => new BinaryFormatter().Deserialize(new MemoryStream(data)).ToString() ?? "";
            #pragma warning restore SYSLIB0011
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Cache.CachePlugin.Import", Deserialize);
        Assert.Equal(new[] { "Contoso.Cache.CachePlugin.Import", "Contoso.Cache.CachePlugin.Restore", "Contoso.Cache.Serializer.Read", Deserialize }, finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void InterfaceDispatchLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.State;

            public interface IStateReader
            {
                object Read(Stream data);
            }

            #pragma warning disable SYSLIB0011
            public sealed class BinaryStateReader : IStateReader
            {
                public object Read(Stream data) => new BinaryFormatter().Deserialize(data);
            }

            [McpServerToolType]
            public sealed class StateTools
            {
                private readonly IStateReader _reader;
                private readonly Func<Stream, object> _read = stream => new BinaryFormatter().Deserialize(stream);

                public StateTools(IStateReader reader) => _reader = reader;

                [McpServerTool(Name = "load_state")]
                public string LoadState(string state) => _reader.Read(new MemoryStream(Convert.FromBase64String(state))).ToString() ?? "";

                [McpServerTool(Name = "load_state_async")]
                public Task<object> LoadStateAsync(string state) =>
                    Task.Run(() => new BinaryFormatter().Deserialize(new MemoryStream(Convert.FromBase64String(state))));

                [McpServerTool(Name = "load_state_field")]
                public string LoadStateField(string state) => _read(new MemoryStream(Convert.FromBase64String(state))).ToString() ?? "";
            }
            #pragma warning restore SYSLIB0011
            """);

        var viaInterface = RiskAssert.Error(result, Rule, Risk, "Contoso.State.StateTools.LoadState", Deserialize);
        Assert.Contains("Contoso.State.BinaryStateReader.Read", viaInterface.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.State.StateTools.LoadStateAsync", Deserialize);
        var viaField = RiskAssert.Error(result, Rule, Risk, "Contoso.State.StateTools.LoadStateField", Deserialize);
        Assert.Contains("Contoso.State.StateTools._read", viaField.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class ImportTools
            {
            #pragma warning disable MEAI001, SYSLIB0011
                public static AIFunction Import() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(
                        (string blob) => new BinaryFormatter().Deserialize(new MemoryStream(Convert.FromBase64String(blob))).ToString(),
                        "import_blob"));
            #pragma warning restore MEAI001, SYSLIB0011
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.ImportTools.Import.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }
}
