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
/// files), so each analyzer reports its rules' findings once per compilation, from the run every analyzer shares.
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

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(Analyze);
    }

    /// <summary>Reports what only this analyzer knows (the catalog analyzer's file errors).</summary>
    protected virtual void AnalyzeRun(CompilationAnalysisContext context, EngineRun run)
    {
    }

    private void Analyze(CompilationAnalysisContext context)
    {
        var run = EngineHost.Get(context.Compilation, context.Options, context.CancellationToken);
        var strict = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(FindingDiagnostics.AnalysisModeOption, out var mode)
            && string.Equals(mode.Trim(), "strict", StringComparison.OrdinalIgnoreCase);
        foreach (var finding in run.Result.Findings)
        {
            if (!_ids.Contains(finding.RuleId))
            {
                continue;
            }

            var diagnostic = FindingDiagnostics.ToDiagnostic(finding, run, context.CancellationToken, strict);
            if (diagnostic == null)
            {
                continue;
            }

            if (finding.EntryPoint == null && finding.Risk == null && diagnostic.Location.SourceTree is { } tree
                && context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue($"{finding.RuleId}.{FindingDiagnostics.ReportUnreachedOption}", out var report)
                && string.Equals(report.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            context.ReportDiagnostic(diagnostic);
        }

        AnalyzeRun(context, run);
    }
}
