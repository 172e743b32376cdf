using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tollgate.Analysis;

/// <summary>
/// Resolves reflection whose target is written as constants: <c>Type.GetType("System.Diagnostics.Process")
/// .GetMethod("Start").Invoke(...)</c> is a call to <c>Process.Start</c>; <c>Activator.CreateInstance(typeof(T))</c>
/// calls T's constructors.
/// </summary>
internal sealed class ReflectionResolver
{
    private const int MaxDepth = 6;
    private readonly ProjectContext _context;

    private readonly ConstantText _constants;

    public ReflectionResolver(ProjectContext context, ConstantText constants)
    {
        _context = context;
        _constants = constants;
    }

    public static bool IsReflectionCall(IMethodSymbol method)
    {
        var type = method.ContainingType?.ToDisplayString();
        return (type, method.Name) switch
        {
            ("System.Reflection.MethodBase", "Invoke") => true,
            ("System.Reflection.MethodInfo", "Invoke") => true,
            ("System.Reflection.ConstructorInfo", "Invoke") => true,
            ("System.Activator", "CreateInstance") => true,
            ("System.Type", "InvokeMember") => true,
            ("System.Delegate", "CreateDelegate") => true,
            ("System.Reflection.MethodInfo", "CreateDelegate") => true,
            _ => false,
        };
    }

    public IEnumerable<IMethodSymbol> Resolve(IMethodSymbol reflectionMethod, InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        var receiver = (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
        switch (reflectionMethod.Name)
        {
            case "Invoke":
            case "CreateDelegate" when receiver != null && reflectionMethod.ContainingType.Name == "MethodInfo":
                return receiver == null ? Enumerable.Empty<IMethodSymbol>() : Methods(receiver, 0);
            case "CreateDelegate":
                return arguments.Count > 0 ? arguments.SelectMany(a => Methods(a.Expression, 0)).ToList() : Enumerable.Empty<IMethodSymbol>();
            case "CreateInstance":
                return arguments.Count > 0 ? Types(arguments[0].Expression, 0).SelectMany(t => t.InstanceConstructors) : Enumerable.Empty<IMethodSymbol>();
            case "InvokeMember":
                if (receiver == null || arguments.Count == 0 || ConstantString(arguments[0].Expression) is not { } name)
                {
                    return Enumerable.Empty<IMethodSymbol>();
                }

                return Types(receiver, 0).SelectMany(t => MembersNamed(t, name));
            default:
                return Enumerable.Empty<IMethodSymbol>();
        }
    }

    private IEnumerable<IMethodSymbol> Methods(ExpressionSyntax expression, int depth)
    {
        if (depth > MaxDepth)
        {
            yield break;
        }

        expression = Unwrap(expression);
        if (FollowLocal(expression) is { } initializer)
        {
            foreach (var method in Methods(initializer, depth + 1))
            {
                yield return method;
            }

            yield break;
        }

        if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
        {
            yield break;
        }

        var name = access.Name.Identifier.ValueText;
        if (name == "GetMethod" && call.ArgumentList.Arguments.Count > 0 && ConstantString(call.ArgumentList.Arguments[0].Expression) is { } methodName)
        {
            foreach (var type in Types(access.Expression, depth + 1))
            {
                foreach (var method in MembersNamed(type, methodName))
                {
                    yield return method;
                }
            }
        }
        else if (name == "GetConstructor")
        {
            foreach (var type in Types(access.Expression, depth + 1))
            {
                foreach (var ctor in type.InstanceConstructors)
                {
                    yield return ctor;
                }
            }
        }
    }

    private IEnumerable<INamedTypeSymbol> Types(ExpressionSyntax expression, int depth)
    {
        if (depth > MaxDepth)
        {
            yield break;
        }

        expression = Unwrap(expression);
        var model = _context.Model(expression.SyntaxTree);
        if (expression is TypeOfExpressionSyntax typeOf)
        {
            if (model.GetTypeInfo(typeOf.Type, _context.CancellationToken).Type is INamedTypeSymbol type)
            {
                yield return type.OriginalDefinition;
            }

            yield break;
        }

        if (FollowLocal(expression) is { } initializer)
        {
            foreach (var type in Types(initializer, depth + 1))
            {
                yield return type;
            }

            yield break;
        }

        if (expression is InvocationExpressionSyntax call)
        {
            var name = SyntaxIndex.InvokedName(call);
            var arguments = call.ArgumentList.Arguments;
            if (name == "GetType" && arguments.Count > 0 && ConstantString(arguments[0].Expression) is { } typeName)
            {
                var comma = typeName.IndexOf(',');
                var metadataName = (comma >= 0 ? typeName.Substring(0, comma) : typeName).Trim();
                if (_context.Compilation.GetTypeByMetadataName(metadataName) is { } found)
                {
                    yield return found;
                }
            }
            else if (name == "GetType" && arguments.Count == 0 && call.Expression is MemberAccessExpressionSyntax instance
                && model.GetTypeInfo(instance.Expression, _context.CancellationToken).Type is INamedTypeSymbol instanceType)
            {
                yield return instanceType.OriginalDefinition;
            }
        }
    }

    private static IEnumerable<IMethodSymbol> MembersNamed(INamedTypeSymbol type, string name)
    {
        for (var current = type; current != null; current = current.BaseType)
        {
            foreach (var method in current.GetMembers(name).OfType<IMethodSymbol>())
            {
                yield return method;
            }
        }
    }

    private ExpressionSyntax? FollowLocal(ExpressionSyntax expression)
    {
        if (expression is not IdentifierNameSyntax)
        {
            return null;
        }

        return _context.InitializerOf(_context.Model(expression.SyntaxTree).GetSymbolInfo(expression, _context.CancellationToken).Symbol);
    }

    /// <summary>A name written as a constant, or built from constants through locals and fields.</summary>
    private string? ConstantString(ExpressionSyntax expression)
    {
        var value = _context.Model(expression.SyntaxTree).GetConstantValue(expression, _context.CancellationToken);
        if (value.HasValue)
        {
            return value.Value as string;
        }

        var text = _constants.Evaluate(expression);
        return text.IndexOf('*') < 0 && text.IndexOf('\n') < 0 && text.Length > 0 ? text : null;
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p: expression = p.Expression; break;
                case CastExpressionSyntax c: expression = c.Expression; break;
                case PostfixUnaryExpressionSyntax { OperatorToken.ValueText: "!" } bang: expression = bang.Operand; break;
                case BinaryExpressionSyntax { OperatorToken.ValueText: "as" } asCast: expression = asCast.Left; break;
                default: return expression;
            }
        }
    }
}
