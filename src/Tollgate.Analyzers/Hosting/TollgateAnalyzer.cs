using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tollgate.Analyzers.Rules;

namespace Tollgate.Analyzers.Hosting;

/// <summary>
/// An analyzer for one family of Tollgate rules. The engine's analysis is interprocedural (a tool's trace crosses
/// files), so it runs once per compilation, shared by every analyzer; each document then gets the diagnostics located
/// in it, so the IDE shows them for open files without full-solution analysis.
/// </summary>
public abstract class TollgateAnalyzer : DiagnosticAnalyzer
{
    private readonly HashSet<string> _ids;

    protected TollgateAnalyzer(params string[] ids)
    {
        _ids = new HashSet<string>(ids, StringComparer.Ordinal);
        SupportedDiagnostics = TollgateDescriptors.For(ids);
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();

        // A syntax tree action per document: the engine binds only what it needs, so nothing here should make the
        // driver compile every method body first (a semantic model action would, outside a build).
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            start.RegisterSyntaxTreeAction(tree => AnalyzeDocument(compilation, tree));
        });
    }

    private void AnalyzeDocument(Compilation compilation, SyntaxTreeAnalysisContext context)
    {
        var tree = context.Tree;
        var run = EngineHost.Get(compilation, context.Options, context.CancellationToken);
        var findings = run.FindingsIn(tree.FilePath);
        if (findings.Count == 0)
        {
            return;
        }

        var strict = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(FindingDiagnostics.AnalysisModeOption, out var mode)
            && string.Equals(mode.Trim(), "strict", StringComparison.OrdinalIgnoreCase);
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        foreach (var finding in findings)
        {
            if (!_ids.Contains(finding.RuleId))
            {
                continue;
            }

            if (finding.EntryPoint == null && finding.Risk == null
                && options.TryGetValue($"{finding.RuleId}.{FindingDiagnostics.ReportUnreachedOption}", out var report)
                && string.Equals(report.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var diagnostic = FindingDiagnostics.ToDiagnostic(finding, run, context.CancellationToken, strict);
            if (diagnostic != null && diagnostic.Location.SourceTree == tree)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }
}
