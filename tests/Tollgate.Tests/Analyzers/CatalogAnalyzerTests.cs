using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG9002: the project's own catalog files (AdditionalFiles named tollgate.catalog*), errors located on their line.</summary>
public sealed class CatalogAnalyzerTests
{
    private const string RemoteShellTools = """
        using Microsoft.SemanticKernel;

        namespace Contoso.Remote;

        /// <summary>Runs commands on the build agents; implemented by the agent host, outside this project.</summary>
        public interface IRemoteShell
        {
            int Run(string command);
        }

        public sealed class AgentPlugin
        {
            private readonly IRemoteShell _shell;

            public AgentPlugin(IRemoteShell shell) => _shell = shell;

            [KernelFunction("run_on_agent")]
            public int RunOnAgent(string command) => {|#0:_shell.Run(command)|};
        }
        """;

    [Fact]
    public async Task AMalformedLineIsAWarningOnThatLineOfTheCatalogFile()
    {
        var test = new AnalyzerTest<CatalogAnalyzer>(RemoteShellTools.Replace("{|#0:", "").Replace("|}", ""));
        test.TestState.AdditionalFiles.Add(("tollgate.catalog.txt",
            "# Contoso's own APIs\n"
            + "api process.exec M:Contoso.Remote.IRemoteShell.Run(*) command=command\n"
            + "guard allowlist M:Contoso.Remote.CommandPolicy.IsAllowed(*)\n"
            + "sanitizer M:Contoso.Remote.Quoting.Quote(*)\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG9002", DiagnosticSeverity.Warning)
            .WithSpan("tollgate.catalog.txt", 3, 1, 3, 60)
            .WithMessage("tollgate.catalog.txt:3: unknown guard kind 'allowlist' (known: allow-list, containment, digest, approval); the entry is not in the catalog"));

        await test.RunAsync();
    }

    [Fact]
    public async Task EveryMalformedLineIsReportedWithCrlfLineEndings()
    {
        var test = new AnalyzerTest<CatalogAnalyzer>("namespace Contoso.Empty;\n");
        test.TestState.AdditionalFiles.Add(("tollgate.catalog.contoso",
            "api process.exec\r\n"
            + "# the next line is fine\r\n"
            + "secret-path .contoso/credentials\r\n"
            + "source password M:Contoso.Vault.Read(*)\r\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG9002", DiagnosticSeverity.Warning)
            .WithSpan("tollgate.catalog.contoso", 1, 1, 1, 17));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG9002", DiagnosticSeverity.Warning)
            .WithSpan("tollgate.catalog.contoso", 4, 1, 4, 40)
            .WithMessage("tollgate.catalog.contoso:4: unknown source kind 'password' (known: clipboard, environment, file, network, secret); the entry is not in the catalog"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AValidCatalogHasNoDiagnostic()
    {
        var test = new AnalyzerTest<CatalogAnalyzer>(RemoteShellTools.Replace("{|#0:", "").Replace("|}", ""));
        test.TestState.AdditionalFiles.Add(("tollgate.catalog.txt",
            "# Contoso's own APIs\n"
            + "api process.exec M:Contoso.Remote.IRemoteShell.Run(*) command=command\n"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnAdditionalFileThatIsNotACatalogIsNotRead()
    {
        var test = new AnalyzerTest<CatalogAnalyzer>(RemoteShellTools.Replace("{|#0:", "").Replace("|}", ""));
        test.TestState.AdditionalFiles.Add(("apis.txt", "guard allowlist M:Contoso.Remote.CommandPolicy.IsAllowed(*)\n"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnAdditionalFileWithTheCatalogExtensionIsRead()
    {
        var test = new AnalyzerTest<CatalogAnalyzer>(RemoteShellTools.Replace("{|#0:", "").Replace("|}", ""));
        test.TestState.AdditionalFiles.Add(("apis.catalog", "guard allowlist M:Contoso.Remote.CommandPolicy.IsAllowed(*)\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TG9002", DiagnosticSeverity.Warning)
            .WithSpan("apis.catalog", 1, 1, 1, 60)
            .WithMessage("apis.catalog:1: unknown guard kind 'allowlist' (known: allow-list, containment, digest, approval); the entry is not in the catalog"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AUserEntryMakesAnApiDeclaredInSourceASink()
    {
        var test = new MultiAnalyzerTest(RemoteShellTools, new CatalogAnalyzer(), new ProcessAnalyzer());
        test.TestState.AdditionalFiles.Add(("tollgate.catalog.txt",
            "# Contoso's own APIs\n"
            + "api process.exec M:Contoso.Remote.IRemoteShell.Run(*) command=command\n"));
        test.ExpectedDiagnostics.Add(Expect.Risk("TG1001", 0,
            "Tool 'run_on_agent' (semantic-kernel): model-controlled parameter 'command' reaches the program of Contoso.Remote.IRemoteShell.Run"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG1100", 0, "run_on_agent", "semantic-kernel", "process.exec", "Contoso.Remote.IRemoteShell.Run"));

        await test.RunAsync();
    }

    [Fact]
    public async Task WithoutTheUserEntryTheSameCallIsNotASink()
    {
        var test = new MultiAnalyzerTest(RemoteShellTools.Replace("{|#0:", "").Replace("|}", ""), new CatalogAnalyzer(), new ProcessAnalyzer());

        await test.RunAsync();
    }
}
