using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Tollgate.Benchmarks;

/// <summary>
/// The work each phase measures. Every run starts from the files on disk and keeps nothing from the
/// previous run except what the process has warmed (JIT, the reference assemblies' metadata).
/// </summary>
internal static class Phases
{
    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Read every file and parse it, in parallel across cores.</summary>
    public static SortedDictionary<string, long> Parse(CorpusFiles corpus)
    {
        var trees = ParseAll(corpus.Paths);
        long characters = 0;
        foreach (var tree in trees)
        {
            characters += tree.Length;
        }

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["trees"] = trees.Length,
            ["characters"] = characters,
        };
    }

    /// <summary>
    /// Parse, one compilation of all trees against the net10.0 reference assemblies, then resolve every
    /// invocation and object creation through the semantic model (parallel across trees): the cost of
    /// binding everything, which the scanner is meant to avoid.
    /// </summary>
    public static SortedDictionary<string, long> Bind(CorpusFiles corpus)
    {
        var compilation = CreateCompilation(ParseAll(corpus.Paths));

        long calls = 0;
        long resolved = 0;
        long candidatesOnly = 0;
        Parallel.ForEach(compilation.SyntaxTrees, tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            long treeCalls = 0;
            long treeResolved = 0;
            long treeCandidates = 0;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
                {
                    var info = model.GetSymbolInfo(node);
                    treeCalls++;
                    if (info.Symbol is not null)
                    {
                        treeResolved++;
                    }
                    else if (!info.CandidateSymbols.IsDefaultOrEmpty)
                    {
                        treeCandidates++;
                    }
                }
            }

            Interlocked.Add(ref calls, treeCalls);
            Interlocked.Add(ref resolved, treeResolved);
            Interlocked.Add(ref candidatesOnly, treeCandidates);
        });

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["calls"] = calls,
            ["resolved"] = resolved,
            ["candidatesOnly"] = candidatesOnly,
            ["unresolved"] = calls - resolved - candidatesOnly,
        };
    }

    /// <summary>The full Tollgate scan of the corpus folder, end to end, in this process.</summary>
    public static SortedDictionary<string, long> Scan(CorpusFiles corpus, string corpusDirectory, string outputFile, bool risks = true)
    {
        if (File.Exists(outputFile))
        {
            File.Delete(outputFile);
        }

        // The CLI may write a summary to the console; keep it off the child's result line.
        var originalOut = Console.Out;
        var originalError = Console.Error;
        var captured = new StringWriter();
        int exitCode;
        try
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(captured);
            exitCode = TollgateCli.Scan(corpusDirectory, outputFile, risks);
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }

        // Exit codes as ARCHITECTURE.md defines them: 0 gate passes, 1 gate fails (both a finished scan), 2 no scan.
        if (exitCode is not (0 or 1))
        {
            var message = captured.ToString().Trim();
            throw new InvalidOperationException(
                $"tollgate scan exited with {exitCode}" + (message.Length > 0 ? ": " + Truncate(message, 600) : "."));
        }

        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["exitCode"] = exitCode,
            ["sourceFiles"] = corpus.Paths.Count,
        };
        if (!File.Exists(outputFile))
        {
            throw new InvalidOperationException($"tollgate scan exited with {exitCode} but wrote no report to {outputFile}.");
        }

        counters["reportBytes"] = new FileInfo(outputFile).Length;
        try
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(outputFile));
            var root = report.RootElement;
            if (root.TryGetProperty("entryPoints", out var entryPoints) && entryPoints.ValueKind == JsonValueKind.Array)
            {
                counters["entryPoints"] = entryPoints.GetArrayLength();
            }

            if (root.TryGetProperty("findings", out var findings) && findings.ValueKind == JsonValueKind.Array)
            {
                counters["findings"] = findings.GetArrayLength();
            }
        }
        catch (JsonException)
        {
            counters["reportInvalidJson"] = 1;
        }

        return counters;
    }

    /// <summary>Compile and list the errors that are not just the missing agent-framework references (generator check).</summary>
    public static SortedDictionary<string, long> Diagnostics(CorpusFiles corpus, TextWriter log)
    {
        var compilation = CreateCompilation(ParseAll(corpus.Paths));
        var diagnostics = compilation.GetDiagnostics();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var unexpected = errors.Where(d => !IsMissingFrameworkReference(d)).ToList();

        foreach (var group in unexpected.GroupBy(d => d.Id).OrderByDescending(g => g.Count()))
        {
            log.WriteLine($"{group.Key} x{group.Count()}");
            foreach (var diagnostic in group.Take(5))
            {
                log.WriteLine("    " + diagnostic);
            }
        }

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["errors"] = errors.Count,
            ["missingFrameworkReferenceErrors"] = errors.Count - unexpected.Count,
            ["unexpectedErrors"] = unexpected.Count,
            ["warnings"] = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
        };
    }

    private static SyntaxTree[] ParseAll(IReadOnlyList<string> paths)
    {
        var trees = new SyntaxTree[paths.Count];
        Parallel.For(0, paths.Count, i =>
        {
            var path = paths[i];
            var text = SourceText.From(File.ReadAllText(path), Encoding.UTF8);
            trees[i] = CSharpSyntaxTree.ParseText(text, ParseOptions, path);
        });
        return trees;
    }

    private static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees)
        => CSharpCompilation.Create(
            "TollgateBenchmarkCorpus",
            trees,
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    // The generated corpus references Semantic Kernel, MCP, Microsoft.Extensions.AI and DI without their
    // assemblies, as a loose plugin folder does; errors naming those are expected.
    private static readonly string[] FrameworkNames =
    [
        "'SemanticKernel'", "'ModelContextProtocol'", "'Extensions' does not exist in the namespace 'Microsoft'",
        "'KernelFunction", "'Kernel'", "'McpServerTool", "'AIFunction", "'AITool'", "'IServiceCollection'",
        "'AddHttpClient'", "'GetRequiredService'",
    ];

    private static bool IsMissingFrameworkReference(Diagnostic diagnostic)
    {
        if (diagnostic.Id is not ("CS0246" or "CS0234" or "CS0103" or "CS1061" or "CS0117" or "CS8754" or "CS1503" or "CS0411"))
        {
            return false;
        }

        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        return FrameworkNames.Any(name => message.Contains(name, StringComparison.Ordinal));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
