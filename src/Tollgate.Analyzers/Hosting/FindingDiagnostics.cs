using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Analyzers.Rules;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Analyzers.Hosting;

/// <summary>
/// Turns the engine's findings into diagnostics, and back: a diagnostic carries the finding's facts as properties,
/// so the CLI that runs the analyzers reports exactly what the IDE shows.
/// </summary>
public static class FindingDiagnostics
{
    public const string EntryPoint = "tollgate.entryPoint";
    public const string Capability = "tollgate.capability";
    public const string Risk = "tollgate.risk";
    public const string Mitigation = "tollgate.mitigation";
    public const string Severity = "tollgate.severity";
    public const string Trace = "tollgate.trace";

    /// <summary>Which trace steps have an additional location: one character per step, '1' located, '0' not.</summary>
    public const string TraceLocated = "tollgate.traceLocated";

    /// <summary>"true" when the first additional location is the tool's declaration (attribute or factory call).</summary>
    public const string HasDeclaration = "tollgate.hasDeclaration";

    /// <summary>Option key: <c>&lt;ID&gt;.report_unreached = false</c> drops capability uses no tool reaches.</summary>
    public const string ReportUnreachedOption = "report_unreached";

    /// <summary>Global option: <c>strict</c> reports unmitigated risks as errors instead of warnings.</summary>
    public const string AnalysisModeOption = "tollgate.analysis_mode";

    public static Diagnostic? ToDiagnostic(Finding finding, EngineRun run, CancellationToken cancellationToken, bool strict = false)
    {
        if (finding.Location == null || !run.TryGetTree(finding.Location.Path, out var tree) || IsGenerated(tree, cancellationToken))
        {
            return null;
        }

        var onDeclaration = finding.RuleId is RuleIds.DeclarationMismatch or RuleIds.DescriptionInjection;
        var location = Locate(tree, finding.Location, onDeclaration, cancellationToken);
        var additional = new List<Location>();
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (finding.Declaration != null && run.TryGetTree(finding.Declaration.Path, out var declarationTree))
        {
            additional.Add(Locate(declarationTree, finding.Declaration, declaration: true, cancellationToken));
            properties[HasDeclaration] = "true";
        }

        var located = new char[finding.Trace.Count];
        for (var i = 0; i < finding.Trace.Count; i++)
        {
            var step = i < finding.TraceLocations.Count ? finding.TraceLocations[i] : null;
            located[i] = '0';
            if (step != null && run.TryGetTree(step.Path, out var stepTree))
            {
                additional.Add(Locate(stepTree, step, declaration: false, cancellationToken));
                located[i] = '1';
            }
        }

        properties[Severity] = finding.Severity.ToName();
        properties[Trace] = string.Join("\n", finding.Trace);
        properties[TraceLocated] = new string(located);
        Add(properties, EntryPoint, finding.EntryPoint);
        Add(properties, Capability, finding.Capability);
        Add(properties, Risk, finding.Risk);
        Add(properties, Mitigation, finding.Mitigation);
        foreach (var pair in finding.Properties)
        {
            properties[pair.Key] = pair.Value;
        }

        var descriptor = TollgateDescriptors.Get(finding.RuleId);
        var severity = strict && finding.Severity == Model.Severity.Error ? DiagnosticSeverity.Error : TollgateDescriptors.BuildSeverity(finding.Severity);
        return Diagnostic.Create(descriptor, location, severity, additional, properties.ToImmutable(), finding.Message);
    }

    /// <summary>The finding a Tollgate diagnostic carries, with the trace's locations read back from the diagnostic.</summary>
    public static Finding ToFinding(Diagnostic diagnostic, Func<Location, SourceSpan?> span, Model.Severity severity)
    {
        var properties = diagnostic.Properties;
        var trace = properties.TryGetValue(Trace, out var traceText) && !string.IsNullOrEmpty(traceText) ? traceText!.Split('\n') : Array.Empty<string>();
        var located = properties.TryGetValue(TraceLocated, out var locatedText) ? locatedText ?? "" : "";
        var additional = diagnostic.AdditionalLocations;
        var next = properties.ContainsKey(HasDeclaration) ? 1 : 0;
        var traceLocations = new SourceSpan?[trace.Length];
        for (var i = 0; i < trace.Length; i++)
        {
            if (i < located.Length && located[i] == '1' && next < additional.Count)
            {
                traceLocations[i] = span(additional[next++]);
            }
        }

        var fixFacts = properties.Where(p => !p.Key.StartsWith("tollgate.", StringComparison.Ordinal) && p.Value != null)
            .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        return new Finding
        {
            RuleId = diagnostic.Id,
            Severity = severity,
            EntryPoint = Get(properties, EntryPoint),
            Capability = Get(properties, Capability),
            Risk = Get(properties, Risk),
            Mitigation = Get(properties, Mitigation),
            Message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            Location = span(diagnostic.Location),
            Trace = trace,
            TraceLocations = traceLocations,
            Declaration = properties.ContainsKey(HasDeclaration) && additional.Count > 0 ? span(additional[0]) : null,
            Properties = fixFacts,
        };
    }

    /// <summary>The engine's own severity for a diagnostic it made (before any configuration).</summary>
    public static Model.Severity EngineSeverity(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(Severity, out var name) && name != null && SeverityNames.TryParse(name, out var severity) ? severity : Model.Severity.Note;

    /// <summary>
    /// The code a finding points at: the span the engine gives (the sink call, the attribute), else the innermost call,
    /// creation or assignment that starts at the finding's position.
    /// </summary>
    internal static Location Locate(SyntaxTree tree, SourceSpan span, bool declaration, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        if (span.Line < 1 || span.Line > text.Lines.Count)
        {
            return Location.Create(tree, default);
        }

        var line = text.Lines[span.Line - 1];
        var position = Math.Min(line.Start + Math.Max(span.Column - 1, 0), line.End);
        if (span.Length > 0 && position + span.Length <= text.Length)
        {
            // A property sink is named where it is set: point at the whole assignment (`FileName = program`).
            var exact = new TextSpan(position, span.Length);
            SyntaxNode named = tree.GetRoot(cancellationToken).FindNode(exact, getInnermostNodeForTie: true);
            while (named.Parent is MemberAccessExpressionSyntax access && access.Name == named)
            {
                named = access;
            }

            return Location.Create(tree, named.Parent is AssignmentExpressionSyntax assignment && assignment.Left == named ? assignment.Span : exact);
        }

        var token = tree.GetRoot(cancellationToken).FindToken(position);
        SyntaxNode? best = null;
        for (var node = token.Parent; node != null && node.SpanStart == position; node = node.Parent)
        {
            if (declaration ? node is AttributeSyntax or InvocationExpressionSyntax : node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax)
            {
                best = node;
                break;
            }

            if (node is StatementSyntax or MemberDeclarationSyntax)
            {
                break;
            }
        }

        return Location.Create(tree, best?.Span ?? token.Span);
    }

    private static bool IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var path = tree.FilePath;
        if (path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var first = tree.GetRoot(cancellationToken).GetLeadingTrivia();
        return first.Any(t => (t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            && t.ToString().IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0);
    }

    private static void Add(ImmutableDictionary<string, string?>.Builder properties, string key, string? value)
    {
        if (value != null)
        {
            properties[key] = value;
        }
    }

    private static string? Get(ImmutableDictionary<string, string?> properties, string key) => properties.TryGetValue(key, out var value) ? value : null;
}
