using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Tollgate.CodeFixes;
using Tollgate.Tests.Analyzers;
using Xunit;

namespace Tollgate.Tests.CodeFixes;

/// <summary>Any Tollgate diagnostic: the fix suppresses it on its member, with a justification still to be written.</summary>
public sealed class SuppressWithJustificationCodeFixTests
{
    private const string Key = SuppressWithJustificationCodeFixProvider.EquivalenceKeyPrefix;

    private static DiagnosticResult Result(string id, DiagnosticSeverity severity, int location) =>
        new DiagnosticResult(id, severity).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public async Task TheShellRiskIsSuppressedOnTheToolMethodWithAPlaceholderJustification()
    {
        var test = new CodeFixTest<ProcessAnalyzer, SuppressWithJustificationCodeFixProvider>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            namespace Contoso.Tools;

            [McpServerToolType]
            public static class ShellTools
            {
                /// <summary>Runs a command in the build sandbox.</summary>
                [McpServerTool(Name = "run", Destructive = true)]
                public static int Run(string command)
                {
                    using var process = {|#0:Process.Start("bash", "-c " + command)|}!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.Diagnostics.CodeAnalysis;
            using ModelContextProtocol.Server;

            namespace Contoso.Tools;

            [McpServerToolType]
            public static class ShellTools
            {
                /// <summary>Runs a command in the build sandbox.</summary>
                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                [McpServerTool(Name = "run", Destructive = true)]
                public static int Run(string command)
                {
                    using var process = {|#0:Process.Start("bash", "-c " + command)|}!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Result("TG1001", DiagnosticSeverity.Warning, 0));
        test.ExpectedDiagnostics.Add(Result("TG1100", DiagnosticSeverity.Info, 0));
        test.FixedState.ExpectedDiagnostics.Add(Result("TG1100", DiagnosticSeverity.Info, 0));
        test.CodeActionEquivalenceKey = Key + "TG1001";
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Suppress TG1001 on method 'Run' (write the justification)", action.Title);

        await test.RunAsync();
    }

    [Fact]
    public async Task CodeInALocalFunctionOrALambdaIsSuppressedOnTheMethodAroundIt()
    {
        var test = new CodeFixTest<ProcessAnalyzer, SuppressWithJustificationCodeFixProvider>(
            """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class GitTools
            {
                [McpServerTool(Name = "git")]
                public async Task<int> Git(string arguments)
                {
                    var process = Start();
                    await process.WaitForExitAsync();
                    return process.ExitCode;

                    Process Start() => {|#0:Process.Start("git", arguments)|}!;
                }

                [McpServerTool(Name = "git_later")]
                public Task<int> GitLater(string arguments) =>
                    Task.Run(() => {|#1:Process.Start("git", arguments)|}!.Id);
            }
            """,
            """
            using System;
            using System.Diagnostics;
            using System.Diagnostics.CodeAnalysis;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class GitTools
            {
                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                [McpServerTool(Name = "git")]
                public async Task<int> Git(string arguments)
                {
                    var process = Start();
                    await process.WaitForExitAsync();
                    return process.ExitCode;

                    Process Start() => {|#0:Process.Start("git", arguments)|}!;
                }

                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                [McpServerTool(Name = "git_later")]
                public Task<int> GitLater(string arguments) =>
                    Task.Run(() => {|#1:Process.Start("git", arguments)|}!.Id);
            }
            """);
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Result("TG1001", DiagnosticSeverity.Warning, 0), Result("TG1100", DiagnosticSeverity.Info, 0),
            Result("TG1001", DiagnosticSeverity.Warning, 1), Result("TG1100", DiagnosticSeverity.Info, 1),
        });
        test.FixedState.ExpectedDiagnostics.AddRange(new[]
        {
            Result("TG1100", DiagnosticSeverity.Info, 0), Result("TG1100", DiagnosticSeverity.Info, 1),
        });
        test.CodeActionEquivalenceKey = Key + "TG1001";

        await test.RunAsync();
    }

    [Fact]
    public async Task ASinkInAHelperConstructorIsSuppressedOnTheConstructor()
    {
        var test = new CodeFixTest<ProcessAnalyzer, SuppressWithJustificationCodeFixProvider>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            public sealed class ShellSession
            {
                private readonly Process _process;

                public ShellSession(string script)
                {
                    _process = {|#0:Process.Start("bash", "-c " + script)|}!;
                }

                public int Id => _process.Id;
            }

            [McpServerToolType]
            public static class SessionTools
            {
                [McpServerTool(Name = "open_session")]
                public static int OpenSession(string script) => new ShellSession(script).Id;
            }
            """,
            """
            using System.Diagnostics;
            using System.Diagnostics.CodeAnalysis;
            using ModelContextProtocol.Server;

            public sealed class ShellSession
            {
                private readonly Process _process;

                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                public ShellSession(string script)
                {
                    _process = {|#0:Process.Start("bash", "-c " + script)|}!;
                }

                public int Id => _process.Id;
            }

            [McpServerToolType]
            public static class SessionTools
            {
                [McpServerTool(Name = "open_session")]
                public static int OpenSession(string script) => new ShellSession(script).Id;
            }
            """);
        test.ExpectedDiagnostics.Add(Result("TG1001", DiagnosticSeverity.Warning, 0));
        test.ExpectedDiagnostics.Add(Result("TG1100", DiagnosticSeverity.Info, 0));
        test.FixedState.ExpectedDiagnostics.Add(Result("TG1100", DiagnosticSeverity.Info, 0));
        test.CodeActionEquivalenceKey = Key + "TG1001";
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Suppress TG1001 on constructor 'ShellSession' (write the justification)", action.Title);

        await test.RunAsync();
    }

    [Fact]
    public async Task ADeclarationMismatchOnTheToolAttributeIsSuppressedOnTheMethod()
    {
        var test = new CodeFixTest<DeclarationAnalyzer, SuppressWithJustificationCodeFixProvider>(
            """
            using System.IO;
            using System.Linq;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class CacheTools
            {
                [{|#0:McpServerTool(Name = "cache_stats", ReadOnly = true)|}]
                public static long CacheStats()
                {
                    File.WriteAllText("/var/cache/contoso/last-check", "now");
                    return new DirectoryInfo("/var/cache/contoso").GetFiles().Sum(f => f.Length);
                }
            }
            """,
            """
            using System.Diagnostics.CodeAnalysis;
            using System.IO;
            using System.Linq;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class CacheTools
            {
                [SuppressMessage("Tollgate", "TG8001", Justification = "TODO: say why this is acceptable")]
                [{|#0:McpServerTool(Name = "cache_stats", ReadOnly = true)|}]
                public static long CacheStats()
                {
                    File.WriteAllText("/var/cache/contoso/last-check", "now");
                    return new DirectoryInfo("/var/cache/contoso").GetFiles().Sum(f => f.Length);
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Result("TG8001", DiagnosticSeverity.Warning, 0).WithMessage("Tool 'cache_stats' (mcp): declares ReadOnly = true but reaches filesystem.write"));

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllSuppressesOneRuleOncePerMember()
    {
        var test = new CodeFixTest<ProcessAnalyzer, SuppressWithJustificationCodeFixProvider>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class OpsTools
            {
                [McpServerTool(Name = "restart")]
                public static int Restart(string service) => Systemctl("restart " + service);

                [McpServerTool(Name = "status")]
                public static int Status(string service) => Systemctl("status " + service);

                [McpServerTool(Name = "logs")]
                public static int Logs(string service) => {|#1:Process.Start("journalctl", "-u " + service)|}!.Id;

                private static int Systemctl(string arguments) => {|#0:Process.Start("systemctl", arguments)|}!.Id;
            }
            """,
            """
            using System.Diagnostics;
            using System.Diagnostics.CodeAnalysis;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class OpsTools
            {
                [McpServerTool(Name = "restart")]
                public static int Restart(string service) => Systemctl("restart " + service);

                [McpServerTool(Name = "status")]
                public static int Status(string service) => Systemctl("status " + service);

                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                [McpServerTool(Name = "logs")]
                public static int Logs(string service) => {|#1:Process.Start("journalctl", "-u " + service)|}!.Id;

                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                private static int Systemctl(string arguments) => {|#0:Process.Start("systemctl", arguments)|}!.Id;
            }
            """);

        // Two tools reach Systemctl: two TG1001 on its sink, one suppression.
        test.ExpectedDiagnostics.AddRange(new[]
        {
            Result("TG1001", DiagnosticSeverity.Warning, 0), Result("TG1001", DiagnosticSeverity.Warning, 0), Result("TG1001", DiagnosticSeverity.Warning, 1),
            Result("TG1100", DiagnosticSeverity.Info, 0), Result("TG1100", DiagnosticSeverity.Info, 0), Result("TG1100", DiagnosticSeverity.Info, 1),
        });
        test.FixedState.ExpectedDiagnostics.AddRange(new[]
        {
            Result("TG1100", DiagnosticSeverity.Info, 0), Result("TG1100", DiagnosticSeverity.Info, 0), Result("TG1100", DiagnosticSeverity.Info, 1),
        });
        test.CodeActionEquivalenceKey = Key + "TG1001";

        await test.RunAsync();
    }

    [Fact]
    public async Task NotOfferedInTopLevelStatements()
    {
        const string Source = """
            using System.Diagnostics;
            using Microsoft.Extensions.AI;

            var tools = new[] { AIFunctionFactory.Create((string command) => {|#0:Process.Start("bash", "-c " + command)|}!.Id, "run_command") };
            System.Console.WriteLine(tools.Length);
            """;
        var test = new CodeFixTest<ProcessAnalyzer, SuppressWithJustificationCodeFixProvider>(Source, Source);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        var expected = new[] { Result("TG1001", DiagnosticSeverity.Warning, 0), Result("TG1100", DiagnosticSeverity.Info, 0) };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);

        await test.RunAsync();
    }

    /// <summary>
    /// What the fix writes is a suppression Roslyn honours: compiled with the analyzer, the risk comes back suppressed
    /// by the attribute, whose justification a host can read (and find still the placeholder).
    /// </summary>
    [Fact]
    public async Task RoslynReportsTheRiskAsSuppressedByTheAttributeWithItsJustification()
    {
        const string Fixed = """
            using System.Diagnostics;
            using System.Diagnostics.CodeAnalysis;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class ShellTools
            {
                [SuppressMessage("Tollgate", "TG1001", Justification = "TODO: say why this is acceptable")]
                [McpServerTool(Name = "run")]
                public static int Run(string command) => Process.Start("bash", "-c " + command)!.Id;
            }
            """;
        var references = await TollgateTest.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create(
            "Fixed",
            new[] { CSharpSyntaxTree.ParseText(Fixed, path: "ShellTools.cs") },
            references.AddRange(TollgateTest.Frameworks),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analysis = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new ProcessAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync();

        var risk = Assert.Single(diagnostics, d => d.Id == "TG1001");
        Assert.True(risk.IsSuppressed);
        var suppression = risk.GetSuppressionInfo(compilation);
        Assert.NotNull(suppression?.Attribute);
        var justification = suppression!.Attribute!.NamedArguments.Single(a => a.Key == "Justification").Value.Value;
        Assert.Equal(SuppressWithJustificationCodeFixProvider.JustificationPlaceholder, justification);
        Assert.False(Assert.Single(diagnostics, d => d.Id == "TG1100").IsSuppressed);
    }

    [Fact]
    public void EveryRuleTheAnalyzersReportIsFixable()
    {
        var analyzers = new Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer[]
        {
            new ProcessAnalyzer(), new NetworkAnalyzer(), new FileSystemAnalyzer(), new SecretsAnalyzer(), new DynamicCodeAnalyzer(),
            new ModelAnalyzer(), new DataAnalyzer(), new DeclarationAnalyzer(), new CatalogAnalyzer(),
        };
        var reported = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal);

        Assert.Equal(reported, new SuppressWithJustificationCodeFixProvider().FixableDiagnosticIds);
        Assert.Contains("TG1001", SuppressWithJustificationCodeFixProvider.TollgateRuleIds);
        Assert.Contains("TG9002", SuppressWithJustificationCodeFixProvider.TollgateRuleIds);
        Assert.Equal("TODO: say why this is acceptable", SuppressWithJustificationCodeFixProvider.JustificationPlaceholder);
    }
}
