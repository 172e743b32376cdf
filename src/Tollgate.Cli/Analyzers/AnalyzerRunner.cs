using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tollgate.Analysis;
using Tollgate.Analyzers.Hosting;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli.Analyzers;

/// <summary>What the analyzers found in one compilation, as the reports need it.</summary>
internal sealed record AnalyzerRun(IReadOnlyList<EntryPoint> EntryPoints, IReadOnlyList<Finding> Findings, bool MatchedByName)
{
    public IReadOnlyList<PluginTargets> OutsideTools { get; init; } = Array.Empty<PluginTargets>();
}

/// <summary>
/// Runs Tollgate's own <see cref="DiagnosticAnalyzer"/>s on a compilation through <see cref="CompilationWithAnalyzers"/>,
/// as the compiler does in a build: the CLI reports what the IDE shows, with the scanned code's
/// <c>#pragma warning disable</c>, <c>[SuppressMessage]</c> and <c>.editorconfig</c> severities applied. Suppressed
/// findings stay in the report, marked, so a gate reviewer sees what the plugin chose to silence.
/// </summary>
internal static class AnalyzerRunner
{
    /// <summary>Every analyzer of Tollgate.Analyzers except the catalog one: the CLI reports its catalog files' errors itself.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(TollgateAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null
            && t != typeof(Tollgate.Analyzers.Rules.CatalogAnalyzer))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static AnalyzerRun Run(Compilation compilation, ImmutableArray<AdditionalText> catalogTexts, AnalyzerConfiguration configuration, bool risks,
        Func<string, string> relative, CancellationToken cancellationToken)
    {
        var options = new AnalyzerOptions(catalogTexts, configuration.OptionsProvider);
        var engine = EngineHost.Get(compilation, options, cancellationToken);
        var failures = new ConcurrentBag<Finding>();
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            options,
            onAnalyzerException: (exception, analyzer, _) => failures.Add(new Finding
            {
                RuleId = RuleIds.InputUnreadable,
                Severity = Severity.Error,
                Message = $"{compilation.AssemblyName}: {analyzer.GetType().Name} failed ({exception.GetType().Name}: {exception.Message}); this project was not fully checked.",
                Location = compilation.SyntaxTrees.FirstOrDefault() is { } tree ? new SourceSpan(relative(tree.FilePath), 1, 1) : null,
            }),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();

        var findings = new List<Finding>(failures);
        foreach (var diagnostic in diagnostics)
        {
            if (!RuleRegistry.TryGet(diagnostic.Id, out _) || !diagnostic.Location.IsInSource)
            {
                continue;
            }

            var path = diagnostic.Location.SourceTree!.FilePath;
            var engineSeverity = FindingDiagnostics.EngineSeverity(diagnostic);
            var configured = configuration.ConfiguredSeverity(path, diagnostic.Id);
            var finding = FindingDiagnostics.ToFinding(diagnostic, location => Span(location, relative), configured is { } set && set != Severity.None ? set : engineSeverity);
            if (diagnostic.IsSuppressed)
            {
                finding = finding with { Suppression = new FindingSuppression(FindingSuppression.InSource, Justification(diagnostic, compilation)) };
            }
            else if (configured == Severity.None)
            {
                finding = finding with { Suppression = new FindingSuppression(FindingSuppression.External, $"severity of {diagnostic.Id} set to none in .editorconfig") };
            }

            findings.Add(finding);
        }

        // The engine ran on the compiler's paths; reports use paths relative to the scanned root.
        var entryPoints = engine.Result.EntryPoints.Select(e => e with { Location = e.Location with { Path = relative(e.Location.Path) } }).ToList();
        return new AnalyzerRun(entryPoints, findings, engine.Result.MatchedByName) { OutsideTools = engine.Result.OutsideTools };
    }

    private static SourceSpan? Span(Location location, Func<string, string> relative)
    {
        if (!location.IsInSource)
        {
            return null;
        }

        var start = location.GetLineSpan().StartLinePosition;
        return new SourceSpan(relative(location.SourceTree!.FilePath), start.Line + 1, start.Character + 1);
    }

    /// <summary>The justification of a <c>[SuppressMessage]</c>; a <c>#pragma</c> has none.</summary>
    private static string? Justification(Diagnostic diagnostic, Compilation compilation)
    {
        var attribute = diagnostic.GetSuppressionInfo(compilation)?.Attribute;
        if (attribute == null)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            // The code fix's placeholder, left as it was written, justifies nothing.
            if (argument.Key == "Justification" && argument.Value.Value is string text && text.Trim().Length > 0
                && !string.Equals(text.Trim(), FindingSuppression.JustificationPlaceholder, StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }
}
