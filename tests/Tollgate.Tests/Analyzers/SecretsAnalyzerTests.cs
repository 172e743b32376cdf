using System.Threading.Tasks;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG4100 (environment), TG4101 (secrets) and TG4102 (system changes): capabilities, suggestions on the call.</summary>
public sealed class SecretsAnalyzerTests
{
    [Fact]
    public async Task ReadingAnEnvironmentVariableIsReported()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class MachineTools
            {
                [McpServerTool(Name = "home_dir")]
                public static string HomeDir() => {|#0:Environment.GetEnvironmentVariable("HOME")|} ?? "";
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG4100", 0, "home_dir", "mcp", "environment.read", "System.Environment.GetEnvironmentVariable"));

        await test.RunAsync();
    }

    [Fact]
    public async Task MachineFactsThatAreNotTheEnvironmentAreNotReported()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class MachineTools
            {
                [McpServerTool(Name = "machine_info")]
                public static string MachineInfo() => $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task ReadingAnSshKeyIsASecretRead()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class KeyTools
            {
                [McpServerTool(Name = "private_key")]
                public static string PrivateKey() => {|#0:File.ReadAllText("/home/dev/.ssh/id_rsa")|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG4101", 0, "private_key", "mcp", "secrets.read", "System.IO.File.ReadAllText"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ReadingAnOrdinaryFileIsNotASecretRead()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class LogTools
            {
                [McpServerTool(Name = "app_log")]
                public static string AppLog() => File.ReadAllText("/var/log/contoso/app.log");
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task SettingAnEnvironmentVariableChangesTheSystem()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class ProxyTools
            {
                [McpServerTool(Name = "set_proxy")]
                public static void SetProxy(string proxy) => {|#0:Environment.SetEnvironmentVariable("HTTPS_PROXY", proxy)|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG4102", 0, "set_proxy", "mcp", "system.modify", "System.Environment.SetEnvironmentVariable"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ChangingOnlyTheToolsOwnStateIsNotASystemChange()
    {
        var test = new AnalyzerTest<SecretsAnalyzer>(
            """
            using System.Collections.Concurrent;
            using ModelContextProtocol.Server;

            namespace Contoso.Machine;

            [McpServerToolType]
            public static class ProxyTools
            {
                private static readonly ConcurrentDictionary<string, string> Settings = new();

                [McpServerTool(Name = "set_proxy")]
                public static void SetProxy(string proxy) => Settings["HTTPS_PROXY"] = proxy;
            }
            """);

        await test.RunAsync();
    }
}
