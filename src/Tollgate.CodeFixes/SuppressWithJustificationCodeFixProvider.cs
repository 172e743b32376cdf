using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Analyzers.Hosting;

namespace Tollgate.CodeFixes;

/// <summary>
/// Any Tollgate diagnostic: <c>[SuppressMessage("Tollgate", "&lt;ID&gt;", Justification = "...")]</c> on the member that
/// holds it (a method, constructor, property, field or event; code in a lambda or local function counts for the
/// member around it; a type when the diagnostic is on the type itself). The justification starts as
/// <see cref="JustificationPlaceholder"/>, which the CLI counts as no justification.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SuppressWithJustificationCodeFixProvider))]
[Shared]
public sealed class SuppressWithJustificationCodeFixProvider : CodeFixProvider
{
    /// <summary>The justification the fix writes: a suppression that still says this has not been justified.</summary>
    public const string JustificationPlaceholder = Tollgate.Model.FindingSuppression.JustificationPlaceholder;

    /// <summary>The category the fix writes (Roslyn matches suppressions by id alone).</summary>
    public const string Category = "Tollgate";

    /// <summary>Prefix of the equivalence keys, followed by the rule id: one Fix All per rule.</summary>
    public const string EquivalenceKeyPrefix = "Tollgate.SuppressWithJustification.";

    private const string SuppressMessageTypeName = "System.Diagnostics.CodeAnalysis.SuppressMessageAttribute";

    /// <summary>Every id the Tollgate analyzers report, read from their <see cref="DiagnosticAnalyzer.SupportedDiagnostics"/>.</summary>
    public static ImmutableArray<string> TollgateRuleIds { get; } = ReadRuleIds();

    public override ImmutableArray<string> FixableDiagnosticIds => TollgateRuleIds;

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.IsSuppressed || !diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
            {
                continue;
            }

            var span = diagnostic.Location.SourceSpan;
            if (FindMember(root, span) is not { } member)
            {
                continue;
            }

            var document = context.Document;
            var id = diagnostic.Id;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Suppress {id} on {Describe(member)} (write the justification)",
                    cancellationToken => SuppressAsync(document, span, id, cancellationToken),
                    EquivalenceKeyPrefix + id),
                diagnostic);
        }
    }

    private static ImmutableArray<string> ReadRuleIds()
    {
        Type?[] types;
        try
        {
            types = typeof(TollgateAnalyzer).Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }

        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type == null || type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                || type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length == 0 || type.GetConstructor(Type.EmptyTypes) == null)
            {
                continue;
            }

            foreach (var descriptor in ((DiagnosticAnalyzer)Activator.CreateInstance(type)).SupportedDiagnostics)
            {
                ids.Add(descriptor.Id);
            }
        }

        return ids.ToImmutableArray();
    }

    /// <summary>
    /// The declaration that takes the attribute: the member around the span (lambdas, local functions and accessors
    /// belong to it), else the type when the span is on the type itself; none in top-level statements.
    /// </summary>
    internal static MemberDeclarationSyntax? FindMember(SyntaxNode root, TextSpan span)
    {
        if (span.End > root.FullSpan.End)
        {
            return null;
        }

        var token = root.FindToken(span.Start);
        foreach (var node in token.Parent?.AncestorsAndSelf() ?? Enumerable.Empty<SyntaxNode>())
        {
            switch (node)
            {
                case GlobalStatementSyntax:
                    return null;
                case BaseMethodDeclarationSyntax:
                case BasePropertyDeclarationSyntax:
                case BaseFieldDeclarationSyntax:
                case DelegateDeclarationSyntax:
                case BaseTypeDeclarationSyntax:
                    return (MemberDeclarationSyntax)node;
            }
        }

        return null;
    }

    private static string Describe(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => $"method '{m.Identifier.ValueText}'",
        ConstructorDeclarationSyntax c => $"constructor '{c.Identifier.ValueText}'",
        DestructorDeclarationSyntax d => $"finalizer '~{d.Identifier.ValueText}'",
        OperatorDeclarationSyntax o => $"operator '{o.OperatorToken.ValueText}'",
        ConversionOperatorDeclarationSyntax c => $"conversion to '{c.Type}'",
        PropertyDeclarationSyntax p => $"property '{p.Identifier.ValueText}'",
        IndexerDeclarationSyntax => "the indexer",
        EventDeclarationSyntax e => $"event '{e.Identifier.ValueText}'",
        BaseFieldDeclarationSyntax f => $"field '{string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.ValueText))}'",
        DelegateDeclarationSyntax d => $"delegate '{d.Identifier.ValueText}'",
        BaseTypeDeclarationSyntax t => $"type '{t.Identifier.ValueText}'",
        _ => "the member",
    };

    private static async Task<Document> SuppressAsync(Document document, TextSpan span, string id, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root == null || FindMember(root, span) is not { } member)
        {
            return document;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var name = model?.Compilation.GetTypeByMetadataName(SuppressMessageTypeName) != null
            ? SyntaxFactory.ParseName("global::System.Diagnostics.CodeAnalysis.SuppressMessage").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
            : SyntaxFactory.ParseName("System.Diagnostics.CodeAnalysis.SuppressMessage");
        var arguments = SyntaxFactory.ParseAttributeArgumentList(
            $"({Quote(Category)}, {Quote(id)}, Justification = {Quote(JustificationPlaceholder)})");
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(name, arguments)));

        // The new list goes first and takes the member's leading trivia (documentation comment, indentation); what
        // was the first token keeps only the indentation.
        var leading = member.GetLeadingTrivia();
        var indentation = Indentation(leading);
        var endOfLine = EndOfLine(root);
        attribute = attribute.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        var firstToken = member.GetFirstToken();
        var changed = member.ReplaceToken(firstToken, firstToken.WithLeadingTrivia(indentation));
        changed = changed.WithAttributeLists(changed.AttributeLists.Insert(0, attribute));

        document = document.WithSyntaxRoot(root.ReplaceNode(member, changed));
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string text) => SyntaxFactory.Literal(text).Text;

    /// <summary>The whitespace that starts the member's own line (after the last line break of its leading trivia).</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        var result = new List<SyntaxTrivia>();
        foreach (var trivia in leading)
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia) || trivia.HasStructure)
            {
                result.Clear();
            }
            else if (trivia.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                result.Add(trivia);
            }
        }

        return SyntaxFactory.TriviaList(result);
    }

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.EndOfLine(Environment.NewLine);
    }
}
