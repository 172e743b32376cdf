using System;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Analyzers.Hosting;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.CodeFixes;

/// <summary>
/// A risk in a tool registered with <c>AIFunctionFactory.Create</c>: wraps the registration in
/// <c>new ApprovalRequiredAIFunction(...)</c>, so the host asks a person before each call. The diagnostic is on the
/// sink call; the registration it changes is the diagnostic's first additional location, possibly in another document.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequireApprovalCodeFixProvider))]
[Shared]
public sealed class RequireApprovalCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "Tollgate.RequireApproval";

    internal const string FactoryTypeName = "Microsoft.Extensions.AI.AIFunctionFactory";
    internal const string ApprovalTypeName = "Microsoft.Extensions.AI.ApprovalRequiredAIFunction";

    private const string Title = "Require human approval: wrap the AIFunctionFactory.Create registration in new ApprovalRequiredAIFunction(...)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RuleIds.ShellUnrestricted,
        RuleIds.NetworkExfiltration,
        RuleIds.NetworkSsrf,
        RuleIds.FilesystemTraversal,
        RuleIds.CodeInjection,
        RuleIds.ModelUnverifiedDownload,
        RuleIds.ModelUnsafeFormat,
        RuleIds.DeserializationUntrusted,
        RuleIds.DatabaseUnrestricted);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!IsFactoryRegistered(diagnostic) || diagnostic.AdditionalLocations.Count == 0)
            {
                continue;
            }

            var declaration = diagnostic.AdditionalLocations[0];
            if (!declaration.IsInSource || declaration.SourceTree == null || solution.GetDocument(declaration.SourceTree) is not { } target)
            {
                continue;
            }

            var span = declaration.SourceSpan;
            if (await FindRegistrationAsync(target, span, context.CancellationToken).ConfigureAwait(false) == null)
            {
                continue;
            }

            var targetId = target.Id;
            context.RegisterCodeFix(
                CodeAction.Create(Title, cancellationToken => WrapAsync(solution, targetId, span, cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static bool IsFactoryRegistered(Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(FindingProperties.RegisteredByFactory, out var byFactory) || byFactory != "true"
            || !properties.TryGetValue(FindingDiagnostics.HasDeclaration, out var hasDeclaration) || hasDeclaration != "true")
        {
            return false;
        }

        // Already behind a person (an approval wrapper the engine recognises, or an invocation filter that can refuse).
        return !(properties.TryGetValue(FindingDiagnostics.Mitigation, out var mitigation) && mitigation != null
            && mitigation.StartsWith("human approval", StringComparison.Ordinal));
    }

    /// <summary>
    /// The <c>AIFunctionFactory.Create</c> call at the span, when the compilation has <c>ApprovalRequiredAIFunction</c>,
    /// its constructor takes what the call returns, and the call is not already its argument.
    /// </summary>
    private static async Task<InvocationExpressionSyntax?> FindRegistrationAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root == null || model == null || span.IsEmpty || span.End > root.FullSpan.End)
        {
            return null;
        }

        var call = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == span);
        if (call == null)
        {
            return null;
        }

        var compilation = model.Compilation;
        var factoryType = compilation.GetTypeByMetadataName(FactoryTypeName);
        var approvalType = compilation.GetTypeByMetadataName(ApprovalTypeName);
        if (factoryType == null || approvalType == null
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { Name: "Create" } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, factoryType)
            || !approvalType.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 1
                && compilation.ClassifyConversion(method.ReturnType, c.Parameters[0].Type).IsImplicit))
        {
            return null;
        }

        return IsWrapped(call, model, approvalType, cancellationToken) ? null : call;
    }

    /// <summary>The call is (in parentheses, or with <c>!</c>) the argument of <c>new ApprovalRequiredAIFunction(...)</c>.</summary>
    private static bool IsWrapped(ExpressionSyntax call, SemanticModel model, INamedTypeSymbol approvalType, CancellationToken cancellationToken)
    {
        SyntaxNode node = call;
        while (node.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            node = node.Parent;
        }

        return node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
            && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(creation, cancellationToken).Type, approvalType);
    }

    private static async Task<Solution> WrapAsync(Solution solution, DocumentId documentId, TextSpan span, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId);
        if (document == null || await FindRegistrationAsync(document, span, cancellationToken).ConfigureAwait(false) is not { } call)
        {
            return solution;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root == null)
        {
            return solution;
        }

        var type = SyntaxFactory.ParseTypeName("global::" + ApprovalTypeName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var wrapped = SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                type,
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(call.WithoutTrivia()))),
                initializer: null)
            .WithTriviaFrom(call);
        document = document.WithSyntaxRoot(root.ReplaceNode(call, wrapped));
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.Project.Solution;
    }
}
