using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tollgate.Analysis;

/// <summary>
/// The constant parts of a string expression, with '*' where a value is not known:
/// <c>Path.Combine(home, ".ssh", "id_rsa")</c> is <c>~/.ssh/id_rsa</c>. Follows locals and
/// readonly fields to their initializers, a few levels deep.
/// </summary>
internal sealed class ConstantText
{
    private const int MaxDepth = 6;
    private const int MaxCallers = 16;
    private readonly ProjectContext _context;

    public ConstantText(ProjectContext context) => _context = context;

    public string Evaluate(SyntaxNode expression) => Evaluate(expression, 0);

    public static bool ContainsAny(string text, IReadOnlyList<string> fragments)
    {
        if (text.Length == 0 || text == "*")
        {
            return false;
        }

        var normalized = text.Replace('\\', '/');
        foreach (var fragment in fragments)
        {
            if (normalized.IndexOf(fragment.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some possible value ends with a fragment (a file extension), ignoring case.</summary>
    public static bool EndsWithAny(string text, IReadOnlyList<string> fragments)
    {
        foreach (var candidate in text.Split('\n'))
        {
            var value = candidate.TrimEnd('"', '\'', ' ');
            if (value.Length > 0 && fragments.Any(f => value.EndsWith(f, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private string Evaluate(SyntaxNode node, int depth)
    {
        if (depth > MaxDepth || node is not ExpressionSyntax expression)
        {
            return "*";
        }

        var token = _context.CancellationToken;
        var model = _context.Model(expression.SyntaxTree);
        var constant = model.GetConstantValue(expression, token);
        if (constant.HasValue)
        {
            return constant.Value as string ?? Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax p:
                return Evaluate(p.Expression, depth + 1);
            case CastExpressionSyntax c:
                return Evaluate(c.Expression, depth + 1);
            case InterpolatedStringExpressionSyntax interpolated:
                var builder = new StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    builder.Append(content is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : Evaluate(((InterpolationSyntax)content).Expression, depth + 1));
                }

                return builder.ToString();
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return Evaluate(binary.Left, depth + 1) + Evaluate(binary.Right, depth + 1);
            case InvocationExpressionSyntax invocation:
                return EvaluateCall(invocation, model, depth);
            case ObjectCreationExpressionSyntax creation when creation.ArgumentList?.Arguments.Count > 0
                && model.GetTypeInfo(creation, token).Type is { Name: "Uri" or "UriBuilder" or "FileInfo" or "DirectoryInfo" }:
                return Evaluate(creation.ArgumentList.Arguments[0].Expression, depth + 1);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, token).Symbol;
                var initializer = _context.InitializerOf(symbol);
                if (initializer != null)
                {
                    return Evaluate(initializer, depth + 1);
                }

                return symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol method } parameter ? EvaluateArguments(method, parameter, depth) : "*";
            default:
                return "*";
        }
    }

    /// <summary>A parameter's possible values: what the scan's callers pass for it, one per line.</summary>
    private string EvaluateArguments(IMethodSymbol method, IParameterSymbol parameter, int depth)
    {
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction || depth > MaxDepth - 2)
        {
            return "*";
        }

        var values = _context.ArgumentsPassedTo(method, parameter.Name, MaxCallers).Select(argument => Evaluate(argument, depth + 2)).ToList();
        return values.Count == 0 ? "*" : string.Join("\n", values.Distinct());
    }

    private string EvaluateCall(InvocationExpressionSyntax invocation, SemanticModel model, int depth)
    {
        if (model.GetSymbolInfo(invocation, _context.CancellationToken).Symbol is not IMethodSymbol method)
        {
            return "*";
        }

        var type = method.ContainingType?.ToDisplayString();
        switch (type, method.Name)
        {
            case ("System.IO.Path", "Combine"):
            case ("System.IO.Path", "Join"):
                return string.Join("/", invocation.ArgumentList.Arguments.Select(a => Evaluate(a.Expression, depth + 1)));
            case ("System.Environment", "GetFolderPath"):
                return "~";
            case ("System.Environment", "ExpandEnvironmentVariables"):
                return invocation.ArgumentList.Arguments.Count == 1 ? Evaluate(invocation.ArgumentList.Arguments[0].Expression, depth + 1) : "*";
            case ("System.Environment", "GetEnvironmentVariable"):
                // Only the home folder is known; any other variable is whatever the machine says.
                return invocation.ArgumentList.Arguments.Count > 0 && _context.Model(invocation.SyntaxTree).GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, _context.CancellationToken).Value is "HOME" or "USERPROFILE"
                    ? "~"
                    : "*";
            case ("string", "Format"):
            case ("string", "Concat"):
                return string.Concat(invocation.ArgumentList.Arguments.Select(a => Evaluate(a.Expression, depth + 1)));
            default:
                return "*";
        }
    }
}
