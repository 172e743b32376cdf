using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Tollgate.CodeFixes;
using Xunit;

namespace Tollgate.Tests.CodeFixes;

/// <summary>TG8001 about an MCP annotation: the fix declares the value the tool's code calls for.</summary>
public sealed class TruthfulMcpAnnotationsCodeFixTests
{
    private static DiagnosticResult Mismatch(int location) =>
        new DiagnosticResult("TG8001", DiagnosticSeverity.Warning).WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public async Task DestructiveFalseOnAToolThatWritesFilesBecomesTrue()
    {
        var test = new CodeFixTest<DeclarationAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class NoteTools
            {
                [{|#0:McpServerTool(Name = "save_note", Destructive = false)|}]
                public static void SaveNote(string text) => File.AppendAllText("/var/lib/notes/notes.txt", text);
            }
            """,
            """
            using System.IO;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class NoteTools
            {
                [McpServerTool(Name = "save_note", Destructive = true)]
                public static void SaveNote(string text) => File.AppendAllText("/var/lib/notes/notes.txt", text);
            }
            """);
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'save_note' (mcp): declares Destructive = false but reaches filesystem.write"));
        test.CodeActionVerifier = (action, verifier) =>
        {
            verifier.Equal("Declare Destructive = true: the tool reaches filesystem.write", action.Title);
            verifier.Equal(TruthfulMcpAnnotationsCodeFixProvider.EquivalenceKeyPrefix + "Destructive", action.EquivalenceKey);
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task ReadOnlyTrueOnAToolThatStartsAProcessBecomesFalseAndDestructiveTrue()
    {
        var test = new CodeFixTest<DeclarationAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class BuildTools
            {
                [{|#0:McpServerTool(Name = "clean_build", ReadOnly = true, Destructive = false, OpenWorld = false)|}]
                public int CleanBuild()
                {
                    using var process = Process.Start("git", "clean -fdx")!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """,
            """
            using System.Diagnostics;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class BuildTools
            {
                [McpServerTool(Name = "clean_build", ReadOnly = false, Destructive = true, OpenWorld = false)]
                public int CleanBuild()
                {
                    using var process = Process.Start("git", "clean -fdx")!;
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'clean_build' (mcp): declares ReadOnly = true but reaches process.exec"));
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'clean_build' (mcp): declares Destructive = false but reaches process.exec"));

        // One annotation per Fix All (its equivalence key): the second pass declares the other.
        test.NumberOfFixAllIterations = 2;

        await test.RunAsync();
    }

    [Fact]
    public async Task FixAllDeclaresOpenWorldOnEveryToolThatReachesTheNetwork()
    {
        var test = new CodeFixTest<DeclarationAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class WeatherTools(HttpClient http)
            {
                [{|#0:McpServerTool(Name = "forecast", ReadOnly = true, OpenWorld = false)|}]
                public Task<string> Forecast(string city) => http.GetStringAsync("https://api.contoso-weather.example/forecast?city=" + city);

                [{|#1:McpServerTool(
                    Name = "alerts",
                    OpenWorld = false /* internal feed */)|}]
                public Task<string> Alerts() => http.GetStringAsync("https://alerts.contoso-weather.example/today");
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class WeatherTools(HttpClient http)
            {
                [McpServerTool(Name = "forecast", ReadOnly = true, OpenWorld = true)]
                public Task<string> Forecast(string city) => http.GetStringAsync("https://api.contoso-weather.example/forecast?city=" + city);

                [McpServerTool(
                    Name = "alerts",
                    OpenWorld = true /* internal feed */)]
                public Task<string> Alerts() => http.GetStringAsync("https://alerts.contoso-weather.example/today");
            }
            """);
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'forecast' (mcp): declares OpenWorld = false but reaches network.outbound"));
        test.ExpectedDiagnostics.Add(Mismatch(1).WithMessage("Tool 'alerts' (mcp): declares OpenWorld = false but reaches network.outbound"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnnotationInTheOptionsOfMcpServerToolCreateIsReplaced()
    {
        var test = new CodeFixTest<DeclarationAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            public static class FileToolRegistry
            {
                public static McpServerTool DeleteFile() =>
                    {|#0:McpServerTool.Create(
                        (string path) => File.Delete(Path.Combine("/srv/uploads", path)),
                        new McpServerToolCreateOptions { Name = "delete_upload", Destructive = false })|};
            }
            """,
            """
            using System.IO;
            using ModelContextProtocol.Server;

            public static class FileToolRegistry
            {
                public static McpServerTool DeleteFile() =>
                    McpServerTool.Create(
                        (string path) => File.Delete(Path.Combine("/srv/uploads", path)),
                        new McpServerToolCreateOptions { Name = "delete_upload", Destructive = true });
            }
            """);
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'delete_upload' (mcp): declares Destructive = false but reaches filesystem.write"));

        await test.RunAsync();
    }

    [Fact]
    public async Task NotOfferedForADescriptionThatContradictsTheCode()
    {
        const string Source = """
            using System.ComponentModel;
            using System.IO;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public static class LogTools
            {
                [{|#0:McpServerTool(Name = "log_summary")|}, Description("Summarises the application log. Read-only.")]
                public static string LogSummary()
                {
                    File.Delete("/var/log/contoso/app.log.1");
                    return File.ReadAllText("/var/log/contoso/app.log");
                }
            }
            """;
        var test = new CodeFixTest<DeclarationAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(Source, Source);
        test.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'log_summary' (mcp): its description says \"Read-only\" but it reaches filesystem.write"));
        test.FixedState.ExpectedDiagnostics.Add(Mismatch(0).WithMessage("Tool 'log_summary' (mcp): its description says \"Read-only\" but it reaches filesystem.write"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AMissingNamedArgumentIsAddedAndAMissingArgumentListCreated()
    {
        var test = new CodeFixTest<OpenWorldStubAnalyzer, TruthfulMcpAnnotationsCodeFixProvider>(
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class StatusTools(HttpClient http)
            {
                [{|#0:McpServerTool|}]
                public Task<string> Status() => http.GetStringAsync("https://status.contoso.example/");

                [{|#1:McpServerTool(Name = "incidents")|}]
                public Task<string> Incidents() => http.GetStringAsync("https://status.contoso.example/incidents");
            }
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            [McpServerToolType]
            public sealed class StatusTools(HttpClient http)
            {
                [McpServerTool(OpenWorld = true)]
                public Task<string> Status() => http.GetStringAsync("https://status.contoso.example/");

                [McpServerTool(Name = "incidents", OpenWorld = true)]
                public Task<string> Incidents() => http.GetStringAsync("https://status.contoso.example/incidents");
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(OpenWorldStubAnalyzer.Rule).WithLocation(0).WithArguments(OpenWorldStubAnalyzer.Message));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(OpenWorldStubAnalyzer.Rule).WithLocation(1).WithArguments(OpenWorldStubAnalyzer.Message));

        await test.RunAsync();
    }

    /// <summary>
    /// TG8001 as the engine words it for an annotation, on every <c>[McpServerTool]</c> without <c>OpenWorld</c>: the
    /// engine only reports annotations a tool declares, so this is how the fix's adding branch is reached.
    /// </summary>
    /// <remarks>A test double, never loaded by a compiler: the rules for shipped analyzers do not apply.</remarks>
#pragma warning disable RS1036, RS1038, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class OpenWorldStubAnalyzer : DiagnosticAnalyzer
    {
        public const string Message = "Tool 'status' (mcp): declares OpenWorld = false but reaches network.outbound";

        public static readonly DiagnosticDescriptor Rule = new("TG8001", "A tool's declaration contradicts what it can do", "{0}", "Tollgate.Declaration", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly ImmutableDictionary<string, string?> Facts = ImmutableDictionary<string, string?>.Empty
            .Add("annotation", "OpenWorld").Add("truthfulValue", "true");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var attribute = (AttributeSyntax)c.Node;
                    if (attribute.Name.ToString() == "McpServerTool"
                        && attribute.ArgumentList?.Arguments.Any(a => a.NameEquals?.Name.Identifier.ValueText == "OpenWorld") != true)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, attribute.GetLocation(), Facts, Message));
                    }
                },
                SyntaxKind.Attribute);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
