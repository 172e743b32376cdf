using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.CodeFixes;

/// <summary>
/// TG8001 about an MCP annotation: declares the value the tool's code calls for. On <c>[McpServerTool(...)]</c> the
/// named argument is replaced or added; on <c>McpServerTool.Create(..., new McpServerToolCreateOptions { ... })</c> the
/// initializer's assignment is replaced.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TruthfulMcpAnnotationsCodeFixProvider))]
[Shared]
public sealed class TruthfulMcpAnnotationsCodeFixProvider : CodeFixProvider
{
    /// <summary>Prefix of the equivalence keys, followed by the annotation: one Fix All per annotation.</summary>
    public const string EquivalenceKeyPrefix = "Tollgate.TruthfulMcpAnnotation.";

    private static readonly ImmutableHashSet<string> KnownAnnotations = ImmutableHashSet.Create(StringComparer.Ordinal, "ReadOnly", "Destructive", "OpenWorld");

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DeclarationMismatch);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null || model == null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!TryReadFacts(diagnostic, out var annotation, out var value) || !diagnostic.Location.IsInSource
                || diagnostic.Location.SourceTree != root.SyntaxTree)
            {
                continue;
            }

            var span = diagnostic.Location.SourceSpan;
            if (FindTarget(root, model, span, annotation, context.CancellationToken) == null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(annotation, value, diagnostic),
                    cancellationToken => DeclareAsync(document, span, annotation, value, cancellationToken),
                    EquivalenceKeyPrefix + annotation),
                diagnostic);
        }
    }

    /// <summary>The annotation and its truthful value, when the diagnostic is about an MCP annotation.</summary>
    internal static bool TryReadFacts(Diagnostic diagnostic, out string annotation, out bool value)
    {
        annotation = "";
        value = false;
        if (!diagnostic.Properties.TryGetValue(FindingProperties.Annotation, out var name) || name == null || !KnownAnnotations.Contains(name)
            || !diagnostic.Properties.TryGetValue(FindingProperties.TruthfulValue, out var text) || !bool.TryParse(text, out value))
        {
            return false;
        }

        annotation = name;
        return true;
    }

    private static string Title(string annotation, bool value, Diagnostic diagnostic)
    {
        const string Reaches = " but reaches ";
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var at = message.LastIndexOf(Reaches, StringComparison.Ordinal);
        var declare = $"Declare {annotation} = {Literal(value)}";
        return at >= 0 && at + Reaches.Length < message.Length
            ? $"{declare}: the tool reaches {message.Substring(at + Reaches.Length)}"
            : $"{declare}, as the tool's code does";
    }

    private static string Literal(bool value) => value ? "true" : "false";

    /// <summary>
    /// The node to change: the attribute at the span whose type has a settable bool property named like the
    /// annotation, or the factory call at the span whose options initializer assigns the annotation.
    /// </summary>
    private static SyntaxNode? FindTarget(SyntaxNode root, SemanticModel model, TextSpan span, string annotation, CancellationToken cancellationToken)
    {
        if (span.IsEmpty || span.End > root.FullSpan.End)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
        {
            var type = model.GetTypeInfo(attribute, cancellationToken).Type ?? (model.GetSymbolInfo(attribute, cancellationToken).Symbol as IMethodSymbol)?.ContainingType;
            return HasSettableBool(type, annotation) ? attribute : null;
        }

        var call = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == span);
        return call != null && OptionsAssignment(call, annotation) != null ? call : null;
    }

    private static bool HasSettableBool(ITypeSymbol? type, string name)
    {
        for (var current = type; current != null && current.TypeKind != TypeKind.Error; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                switch (member)
                {
                    case IPropertySymbol { SetMethod: not null, Type.SpecialType: SpecialType.System_Boolean }:
                    case IFieldSymbol { IsReadOnly: false, IsConst: false, Type.SpecialType: SpecialType.System_Boolean }:
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>Annotation = …</c> in the initializer of an object created among the factory call's arguments.</summary>
    private static AssignmentExpressionSyntax? OptionsAssignment(InvocationExpressionSyntax call, string annotation) =>
        call.ArgumentList.Arguments
            .Select(a => a.Expression)
            .OfType<BaseObjectCreationExpressionSyntax>()
            .Where(c => c.Initializer != null)
            .SelectMany(c => c.Initializer!.Expressions.OfType<AssignmentExpressionSyntax>())
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax name && name.Identifier.ValueText == annotation);

    private static async Task<Document> DeclareAsync(Document document, TextSpan span, string annotation, bool value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root == null || model == null)
        {
            return document;
        }

        var literal = SyntaxFactory.LiteralExpression(value ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression);
        switch (FindTarget(root, model, span, annotation, cancellationToken))
        {
            case AttributeSyntax attribute:
                return document.WithSyntaxRoot(root.ReplaceNode(attribute, Declare(attribute, annotation, literal)));
            case InvocationExpressionSyntax call when OptionsAssignment(call, annotation) is { } assignment:
                return document.WithSyntaxRoot(root.ReplaceNode(assignment.Right, literal.WithTriviaFrom(assignment.Right)));
            default:
                return document;
        }
    }

    /// <summary>The attribute with <c>Annotation = value</c>: the existing named argument's value replaced, else the argument appended.</summary>
    private static AttributeSyntax Declare(AttributeSyntax attribute, string annotation, LiteralExpressionSyntax literal)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        var existing = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == annotation);
        if (existing != null)
        {
            return attribute.ReplaceNode(existing, existing.WithExpression(literal.WithTriviaFrom(existing.Expression)));
        }

        var added = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(
                SyntaxFactory.IdentifierName(annotation),
                SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space))),
            nameColon: null,
            literal);
        var nodes = new List<AttributeArgumentSyntax>(arguments);
        var separators = new List<SyntaxToken>(arguments.GetSeparators());
        if (nodes.Count > 0 && separators.Count < nodes.Count)
        {
            separators.Add(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        nodes.Add(added);
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        return attribute.WithArgumentList(list.WithArguments(SyntaxFactory.SeparatedList(nodes, separators)));
    }
}
