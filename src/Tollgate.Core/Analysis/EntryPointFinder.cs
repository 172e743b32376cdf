using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis;

/// <summary>An entry point and the node its code starts at.</summary>
internal sealed record DiscoveredEntry(EntryPoint EntryPoint, NodeKey Root)
{
    /// <summary>Where the tool is declared: its attribute, or the factory call that registers it.</summary>
    public SourceSpan? Declaration { get; init; }

    /// <summary>The tool is registered through a factory call (which an approval wrapper can enclose).</summary>
    public bool ByFactory { get; init; }

    /// <summary>What asks a person before each call (a wrapper or a framework filter), named for the finding; null when nothing does.</summary>
    public string? Approval { get; init; }

    public bool ApprovalRequired => Approval != null;
}

/// <summary>
/// Finds the methods and delegates a model can invoke: methods carrying a framework's tool attribute, and
/// delegates, method groups or <c>MethodInfo</c>s given to a framework's tool factory. Attributes and
/// factories are matched as symbols, or by fully-qualified name when the framework is not referenced.
/// </summary>
internal sealed class EntryPointFinder
{
    private static readonly HashSet<string> CollectionInterfaces = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.IEnumerable", "System.Collections.IList", "System.Collections.IDictionary", "System.IAsyncEnumerable`1",
    };

    private readonly ProjectContext _context;
    private readonly Dictionary<string, EntryDeclaration> _attributes;
    private readonly List<EntryDeclaration> _factories;

    public EntryPointFinder(ProjectContext context)
    {
        _context = context;
        _attributes = context.Catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Attribute)
            .GroupBy(e => e.Symbol.FullName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _factories = context.Catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Factory).ToList();
    }

    public IReadOnlyList<DiscoveredEntry> Find()
    {
        var result = new List<DiscoveredEntry>();
        var seen = new HashSet<(string, string)>();
        foreach (var method in _context.Index.AttributedMethods)
        {
            foreach (var entry in FromAttributes(method))
            {
                if (seen.Add((entry.EntryPoint.Id, entry.EntryPoint.Framework)))
                {
                    result.Add(entry);
                }
            }
        }

        var lambdaOrdinals = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (var call in _context.Index.FactoryCalls)
        {
            var approval = IsWrappedInApproval(call) ? WrapperApproval : null;
            foreach (var entry in FromFactory(call, lambdaOrdinals))
            {
                if (seen.Add((entry.EntryPoint.Id, entry.EntryPoint.Framework)))
                {
                    result.Add(entry with { Approval = approval });
                }
            }
        }

        var filters = InvocationFilters();
        if (filters.Count > 0)
        {
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i].Approval == null && filters.TryGetValue(result[i].EntryPoint.Framework, out var filter))
                {
                    result[i] = result[i] with { Approval = filter };
                }
            }
        }

        return result.OrderBy(e => e.EntryPoint.Id, StringComparer.Ordinal).ThenBy(e => e.EntryPoint.Framework, StringComparer.Ordinal).ToList();
    }

    internal const string WrapperApproval = "human approval (ApprovalRequiredAIFunction)";

    /// <summary>
    /// Framework filters that see every tool call before it runs and can refuse it (a Semantic Kernel
    /// <c>IAutoFunctionInvocationFilter</c> that returns or throws before calling <c>next</c>), registered in the scan:
    /// by framework, the approval they give that framework's tools.
    /// </summary>
    private Dictionary<string, string> InvocationFilters()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // Interfaces a plugin class implements. Only what the compilation resolves is checked by symbol, so a project
        // without the framework costs no binding here; an unresolved one is matched by name.
        var filterTypes = _context.Catalog.Guards.Where(g => g.Kind == GuardKind.Approval && g.Symbol.Kind == SymbolIdKind.Type).Select(g => g.Symbol)
            .Where(f => _context.Compilation.GetTypeByMetadataName(f.FullName) is not { } resolved || resolved.TypeKind == TypeKind.Interface).ToList();
        if (filterTypes.Count == 0)
        {
            return result;
        }

        var resolvedFilters = filterTypes.Where(f => _context.Compilation.GetTypeByMetadataName(f.FullName) != null).Select(f => f.FullName).ToList();

        foreach (var tree in _context.Compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(_context.CancellationToken);
            foreach (var type in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<ClassDeclarationSyntax>())
            {
                if (type.BaseList == null)
                {
                    continue;
                }

                var filter = filterTypes.FirstOrDefault(f => Implements(type, f, resolvedFilters.Contains(f.FullName)));
                var framework = filter == null ? null : FrameworkOf(filter);
                if (framework == null || result.ContainsKey(framework) || !CanRefuse(type) || !IsRegistered(type))
                {
                    continue;
                }

                result[framework] = $"human approval (invocation filter {type.Identifier.ValueText})";
            }
        }

        return result;
    }

    private bool Implements(ClassDeclarationSyntax type, SymbolId filter, bool resolved)
    {
        if (resolved)
        {
            return _context.Model(type.SyntaxTree).GetDeclaredSymbol(type, _context.CancellationToken) is { } symbol
                && symbol.AllInterfaces.Any(i => i.TypeKind != TypeKind.Error && _context.Names.TypeId(i) == filter.FullName);
        }

        // Unresolved framework: the interface as written, through the file's usings.
        return type.BaseList!.Types.Any(t => t.Type is NameSyntax name && SyntaxIndex.SimpleName(name) == filter.SimpleName
            && _context.CandidateFullNames(t, filter.SimpleName).Contains(filter.FullName));
    }

    /// <summary>The framework whose tool declarations share the filter's root namespace.</summary>
    internal string? FrameworkOf(SymbolId filter)
    {
        var dot = filter.FullName.LastIndexOf('.');
        var ns = dot < 0 ? "" : filter.FullName.Substring(0, dot);
        return _context.Catalog.EntryDeclarations.FirstOrDefault(e => e.Symbol.FullName.StartsWith(ns + ".", StringComparison.Ordinal))?.Framework;
    }

    /// <summary>A method taking the <c>next</c> delegate that leaves (return, throw, or sets <c>Terminate</c>) in an <c>if</c> before calling it.</summary>
    private static bool CanRefuse(ClassDeclarationSyntax type)
    {
        foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
        {
            var next = method.ParameterList.Parameters.LastOrDefault()?.Identifier.ValueText;
            if (next == null || method.Body == null && method.ExpressionBody == null)
            {
                continue;
            }

            var nextCall = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == next);
            foreach (var branch in method.DescendantNodes().OfType<IfStatementSyntax>())
            {
                if (nextCall != null && branch.SpanStart > nextCall.SpanStart)
                {
                    continue;
                }

                var refuses = branch.Statement.DescendantNodesAndSelf().Any(n => n is ReturnStatementSyntax or ThrowStatementSyntax or ThrowExpressionSyntax
                    || n is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Terminate" } });
                if (refuses && (nextCall == null || !branch.Statement.Span.Contains(nextCall.Span)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The filter is created or named as a type argument somewhere outside its own declaration (added to the kernel or the services).</summary>
    private bool IsRegistered(ClassDeclarationSyntax type)
    {
        var name = type.Identifier.ValueText;
        var symbol = _context.Model(type.SyntaxTree).GetDeclaredSymbol(type, _context.CancellationToken);
        foreach (var tree in _context.Compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(_context.CancellationToken);
            foreach (var token in root.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not IdentifierNameSyntax use || type.Span.Contains(use.Span) && use.SyntaxTree == type.SyntaxTree)
                {
                    continue;
                }

                if (use.Parent is ObjectCreationExpressionSyntax or TypeArgumentListSyntax or TypeOfExpressionSyntax
                    && (symbol == null || SymbolEqualityComparer.Default.Equals(_context.Model(tree).GetSymbolInfo(use, _context.CancellationToken).Symbol, symbol)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the registration is the argument of an approval wrapper (<c>new ApprovalRequiredAIFunction(AIFunctionFactory.Create(...))</c>).</summary>
    private bool IsWrappedInApproval(InvocationExpressionSyntax call)
    {
        var approvalTypes = _context.Catalog.Guards.Where(g => g.Kind == GuardKind.Approval && g.Symbol.Kind == SymbolIdKind.Type).Select(g => g.Symbol).ToList();
        if (approvalTypes.Count == 0)
        {
            return false;
        }

        for (SyntaxNode? node = call.Parent; node != null && node is not StatementSyntax; node = node.Parent)
        {
            if (node is ObjectCreationExpressionSyntax creation && IsApprovalType(creation, approvalTypes))
            {
                return true;
            }
        }

        // var f = AIFunctionFactory.Create(...); ... new ApprovalRequiredAIFunction(f)
        if (call.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or GlobalStatementSyntax or CompilationUnitSyntax) is { } scope)
        {
            var local = declarator.Identifier.ValueText;
            return scope.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Any(c =>
                c.ArgumentList?.Arguments.Any(a => a.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == local) == true && IsApprovalType(c, approvalTypes));
        }

        return false;
    }

    private bool IsApprovalType(ObjectCreationExpressionSyntax creation, List<SymbolId> approvalTypes)
    {
        if (_context.Model(creation.SyntaxTree).GetTypeInfo(creation, _context.CancellationToken).Type is INamedTypeSymbol { TypeKind: not TypeKind.Error } resolved)
        {
            return approvalTypes.Any(t => t.FullName == _context.Names.TypeId(resolved));
        }

        var written = creation.Type is NameSyntax name ? SyntaxIndex.SimpleName(name) : creation.Type.ToString();
        return approvalTypes.Any(t => t.SimpleName == written);
    }

    private IEnumerable<DiscoveredEntry> FromAttributes(MethodDeclarationSyntax syntax)
    {
        var model = _context.Model(syntax.SyntaxTree);
        if (model.GetDeclaredSymbol(syntax, _context.CancellationToken) is not IMethodSymbol method)
        {
            yield break;
        }

        foreach (var attribute in syntax.AttributeLists.SelectMany(l => l.Attributes))
        {
            var declaration = MatchAttribute(attribute, model);
            if (declaration == null)
            {
                continue;
            }

            var fields = ReadAttributeFields(attribute, declaration.Fields, model);
            var description = fields.TryGetValue("description", out var d) ? d as string : null;
            description ??= DescriptionOf(syntax.AttributeLists, model);
            var name = fields.TryGetValue("name", out var n) && n is string s && s.Length > 0 ? s : DefaultName(declaration.Framework, method);
            yield return new DiscoveredEntry(
                new EntryPoint
                {
                    Id = SymbolNames.ReportMemberName(method),
                    Name = name,
                    Framework = declaration.Framework,
                    Location = _context.Span(syntax.Identifier.Parent!.SyntaxTree, syntax.Identifier.SpanStart),
                    Declared = Declared(fields, description),
                    Parameters = Parameters(method),
                },
                new NodeKey(NodeKind.Method, NodeSummarizer.Normalize(method)))
            {
                Declaration = _context.Span(attribute),
            };
        }
    }

    /// <summary>The entry points a compiled method declares with attributes, read from metadata.</summary>
    internal IEnumerable<DiscoveredEntry> FromAttributeData(IMethodSymbol method, SourceSpan location)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || !_attributes.TryGetValue(_context.Names.TypeId(type), out var declaration))
            {
                continue;
            }

            var fields = ReadAttributeData(attribute, declaration.Fields);
            var description = fields.TryGetValue("description", out var d) ? d as string : null;
            description ??= DescriptionOf(method.GetAttributes());
            yield return new DiscoveredEntry(
                new EntryPoint
                {
                    Id = SymbolNames.ReportMemberName(method),
                    Name = fields.TryGetValue("name", out var n) && n is string s && s.Length > 0 ? s : DefaultName(declaration.Framework, method),
                    Framework = declaration.Framework,
                    Location = location,
                    Declared = Declared(fields, description),
                    Parameters = Parameters(method),
                },
                new NodeKey(NodeKind.Method, method))
            {
                Declaration = location,
            };
        }
    }

    /// <summary>A catalogued factory by the names metadata writes, when its assembly is not resolved.</summary>
    internal EntryDeclaration? FactoryNamed(string container, string name) =>
        _factories.FirstOrDefault(f => f.Symbol.Container == container && f.Symbol.Name == name);

    /// <summary>An entry point registered by a factory call read from IL: a method, or a lambda numbered within its registering member.</summary>
    internal DiscoveredEntry FromCompiledFactory(EntryDeclaration declaration, IMethodSymbol target, Dictionary<string, object?> fields, SourceSpan location, SourceSpan site, string? lambdaId)
    {
        var description = fields.TryGetValue("description", out var d) ? d as string : null;
        description ??= DescriptionOf(target.GetAttributes());
        var name = fields.TryGetValue("name", out var n) && n is string s && s.Length > 0 ? s
            : lambdaId != null ? lambdaId.Substring(lambdaId.LastIndexOf('.') + 1) : DefaultName(declaration.Framework, target);
        return new DiscoveredEntry(
            new EntryPoint
            {
                Id = lambdaId ?? SymbolNames.ReportMemberName(target),
                Name = name,
                Framework = declaration.Framework,
                Location = location,
                Declared = Declared(fields, description),
                Parameters = Parameters(target),
            },
            new NodeKey(NodeKind.Method, target))
        {
            Declaration = site,
            ByFactory = true,
        };
    }

    private static Dictionary<string, object?> ReadAttributeData(AttributeData attribute, IReadOnlyDictionary<string, string> spec)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in spec)
        {
            if (pair.Value.StartsWith("#", StringComparison.Ordinal) && int.TryParse(pair.Value.Substring(1), out var index))
            {
                if (index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Kind != TypedConstantKind.Array)
                {
                    values[pair.Key] = attribute.ConstructorArguments[index].Value;
                }
            }
            else
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == pair.Value && named.Value.Kind != TypedConstantKind.Array)
                    {
                        values[pair.Key] = named.Value.Value;
                    }
                }
            }
        }

        return values;
    }

    private string? DescriptionOf(IEnumerable<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is { } type && _context.Catalog.DescriptionAttributes.TryGetValue(_context.Names.TypeId(type), out var argument)
                && ReadAttributeData(attribute, new Dictionary<string, string> { ["description"] = argument }).TryGetValue("description", out var value) && value is string text)
            {
                return text;
            }
        }

        return null;
    }

    private EntryDeclaration? MatchAttribute(AttributeSyntax attribute, SemanticModel model)
    {
        var type = model.GetTypeInfo(attribute, _context.CancellationToken).Type as INamedTypeSymbol
            ?? (model.GetSymbolInfo(attribute, _context.CancellationToken).Symbol as IMethodSymbol)?.ContainingType;
        if (type != null && type.TypeKind != TypeKind.Error)
        {
            return _attributes.TryGetValue(_context.Names.TypeId(type), out var declaration) ? declaration : null;
        }

        foreach (var candidate in AttributeCandidates(attribute))
        {
            if (_attributes.TryGetValue(candidate, out var declaration))
            {
                return declaration;
            }
        }

        return null;
    }

    private IEnumerable<string> AttributeCandidates(AttributeSyntax attribute)
    {
        var written = attribute.Name.ToString();
        foreach (var candidate in _context.CandidateFullNames(attribute, written))
        {
            yield return candidate;
            if (!candidate.EndsWith("Attribute", StringComparison.Ordinal))
            {
                yield return candidate + "Attribute";
            }
        }
    }

    private Dictionary<string, object?> ReadAttributeFields(AttributeSyntax attribute, IReadOnlyDictionary<string, string> spec, SemanticModel model)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (attribute.ArgumentList == null)
        {
            return values;
        }

        var positional = attribute.ArgumentList.Arguments.Where(a => a.NameEquals == null && a.NameColon == null).ToList();
        foreach (var pair in spec)
        {
            ExpressionSyntax? expression = null;
            if (pair.Value.StartsWith("#", StringComparison.Ordinal) && int.TryParse(pair.Value.Substring(1), out var index))
            {
                expression = index < positional.Count ? positional[index].Expression : null;
            }
            else
            {
                expression = attribute.ArgumentList.Arguments.FirstOrDefault(a =>
                    a.NameEquals?.Name.Identifier.ValueText == pair.Value || a.NameColon?.Name.Identifier.ValueText == pair.Value)?.Expression;
            }

            if (expression != null)
            {
                var constant = model.GetConstantValue(expression, _context.CancellationToken);
                values[pair.Key] = constant.HasValue ? constant.Value : LiteralValue(expression);
            }
        }

        return values;
    }

    private static object? LiteralValue(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value,
        _ => null,
    };

    private string? DescriptionOf(IEnumerable<AttributeListSyntax> lists, SemanticModel model)
    {
        foreach (var attribute in lists.SelectMany(l => l.Attributes))
        {
            var type = model.GetTypeInfo(attribute, _context.CancellationToken).Type as INamedTypeSymbol;
            string? argument = null;
            if (type != null && type.TypeKind != TypeKind.Error)
            {
                _context.Catalog.DescriptionAttributes.TryGetValue(_context.Names.TypeId(type), out argument);
            }
            else
            {
                foreach (var candidate in AttributeCandidates(attribute))
                {
                    if (_context.Catalog.DescriptionAttributes.TryGetValue(candidate, out argument))
                    {
                        break;
                    }
                }
            }

            if (argument == null)
            {
                continue;
            }

            var fields = ReadAttributeFields(attribute, new Dictionary<string, string> { ["description"] = argument }, model);
            if (fields.TryGetValue("description", out var value) && value is string text)
            {
                return text;
            }
        }

        return null;
    }

    private IEnumerable<DiscoveredEntry> FromFactory(InvocationExpressionSyntax call, Dictionary<ISymbol, int> lambdaOrdinals)
    {
        var model = _context.Model(call.SyntaxTree);
        var token = _context.CancellationToken;
        var info = model.GetSymbolInfo(call, token);
        var resolved = info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] as IMethodSymbol : null);
        EntryDeclaration? declaration = null;
        if (resolved != null)
        {
            var method = NodeSummarizer.Normalize(resolved);
            var typeId = _context.Names.TypeId(method.ContainingType);
            declaration = _factories.FirstOrDefault(f => f.Symbol.Container == typeId && f.Symbol.Name == method.Name);
        }
        else if (call.Expression is MemberAccessExpressionSyntax access && WrittenName(access.Expression) is { } receiver)
        {
            var candidates = _context.CandidateFullNames(call, receiver);
            declaration = _factories.FirstOrDefault(f => f.Symbol.Name == access.Name.Identifier.ValueText && candidates.Contains(f.Symbol.Container));
        }
        else
        {
            // An extension method of an unresolved framework: its namespace must be imported here.
            var namespaces = _context.NamespacesInScope(call, out _);
            var name = SyntaxIndex.InvokedName(call);
            declaration = _factories.FirstOrDefault(f => f.Symbol.Name == name && f.Symbol.Container.LastIndexOf('.') is var dot && dot > 0 && namespaces.Contains(f.Symbol.Container.Substring(0, dot)));
        }

        if (declaration == null)
        {
            yield break;
        }

        var arguments = MapFactoryArguments(call, resolved, declaration);
        if (!arguments.TryGetValue("delegate", out var delegateExpression))
        {
            yield break;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in new[] { "name", "description", "title", "readOnly", "destructive", "idempotent", "openWorld" })
        {
            if (arguments.TryGetValue(field, out var expression))
            {
                var constant = model.GetConstantValue(expression, token);
                if (constant.HasValue)
                {
                    fields[field] = constant.Value;
                }
            }
        }

        if (arguments.TryGetValue("options", out var options))
        {
            ReadOptions(options, model, fields);
        }

        var registering = model.GetEnclosingSymbol(call.SpanStart, token);
        while (registering is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner)
        {
            registering = inner.ContainingSymbol;
        }

        delegateExpression = Unwrap(delegateExpression, model);
        if (delegateExpression is AnonymousFunctionExpressionSyntax lambda)
        {
            var lambdaSymbol = model.GetSymbolInfo(lambda, token).Symbol as IMethodSymbol;
            var owner = registering ?? (ISymbol)_context.Compilation.Assembly;
            lambdaOrdinals.TryGetValue(owner, out var ordinal);
            lambdaOrdinals[owner] = ++ordinal;
            var id = $"{SymbolNames.ReportMemberName(owner)}.<lambda>{ordinal}";
            var description = fields.TryGetValue("description", out var d) ? d as string : null;
            if (description == null && lambda is ParenthesizedLambdaExpressionSyntax withAttributes)
            {
                description = DescriptionOf(withAttributes.AttributeLists, model);
            }

            yield return new DiscoveredEntry(
                new EntryPoint
                {
                    Id = id,
                    Name = fields.TryGetValue("name", out var n) && n is string s && s.Length > 0 ? s : $"<lambda>{ordinal}",
                    Framework = declaration.Framework,
                    Location = _context.Span(lambda),
                    Declared = Declared(fields, description),
                    Parameters = lambdaSymbol != null ? Parameters(lambdaSymbol) : Array.Empty<ToolParameter>(),
                },
                new NodeKey(NodeKind.Lambda, owner, lambda))
            {
                Declaration = _context.Span(call),
                ByFactory = true,
            };
            yield break;
        }

        foreach (var target in TargetMethods(delegateExpression, model))
        {
            var description = fields.TryGetValue("description", out var d) ? d as string : null;
            if (description == null)
            {
                foreach (var reference in target.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(token) is MethodDeclarationSyntax declarationSyntax)
                    {
                        description = DescriptionOf(declarationSyntax.AttributeLists, _context.Model(declarationSyntax.SyntaxTree));
                    }
                }
            }

            yield return new DiscoveredEntry(
                new EntryPoint
                {
                    Id = SymbolNames.ReportMemberName(target),
                    Name = fields.TryGetValue("name", out var n) && n is string s && s.Length > 0 ? s : DefaultName(declaration.Framework, target),
                    Framework = declaration.Framework,
                    Location = _context.Span(target) ?? _context.Span(call),
                    Declared = Declared(fields, description),
                    Parameters = Parameters(target),
                },
                new NodeKey(NodeKind.Method, target))
            {
                Declaration = _context.Span(call),
                ByFactory = true,
            };
        }
    }

    /// <summary>The factory's arguments by role: through the resolved overload's parameter names, else by their shape.</summary>
    private Dictionary<string, ExpressionSyntax> MapFactoryArguments(InvocationExpressionSyntax call, IMethodSymbol? resolved, EntryDeclaration declaration)
    {
        var byRole = new Dictionary<string, ExpressionSyntax>(StringComparer.Ordinal);
        var roleOfParameter = declaration.Fields.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var arguments = call.ArgumentList.Arguments;
        if (resolved != null)
        {
            var parameters = resolved.ReducedFrom != null ? resolved.ReducedFrom.Parameters.Skip(1).ToList() : resolved.Parameters.ToList();
            for (var i = 0; i < arguments.Count; i++)
            {
                var parameterName = arguments[i].NameColon?.Name.Identifier.ValueText ?? (i < parameters.Count ? parameters[i].Name : null);
                if (parameterName != null && roleOfParameter.TryGetValue(parameterName, out var role))
                {
                    byRole[role] = arguments[i].Expression;
                }
            }

            return byRole;
        }

        var strings = new List<ExpressionSyntax>();
        foreach (var argument in arguments)
        {
            if (argument.NameColon != null && roleOfParameter.TryGetValue(argument.NameColon.Name.Identifier.ValueText, out var named))
            {
                byRole[named] = argument.Expression;
                continue;
            }

            switch (argument.Expression)
            {
                case AnonymousFunctionExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax when !byRole.ContainsKey("delegate") && LooksLikeDelegate(argument.Expression):
                    byRole["delegate"] = argument.Expression;
                    break;
                case InvocationExpressionSyntax or PostfixUnaryExpressionSyntax when !byRole.ContainsKey("delegate") && IsGetMethod(argument.Expression):
                    byRole["delegate"] = argument.Expression;
                    break;
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax:
                    strings.Add(argument.Expression);
                    break;
                case BaseObjectCreationExpressionSyntax creation when !byRole.ContainsKey("options"):
                    byRole["options"] = creation;
                    break;
            }
        }

        if (strings.Count > 0 && !byRole.ContainsKey("name")) byRole["name"] = strings[0];
        if (strings.Count > 1 && !byRole.ContainsKey("description")) byRole["description"] = strings[1];
        return byRole;
    }

    /// <summary>A receiver written as a (possibly qualified) name: <c>AIFunctionFactory</c>, <c>Microsoft.Extensions.AI.AIFunctionFactory</c>.</summary>
    private static string? WrittenName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax s => s.Identifier.ValueText,
        QualifiedNameSyntax q => q.ToString(),
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax m when WrittenName(m.Expression) is { } left => left + "." + m.Name.Identifier.ValueText,
        _ => null,
    };

    private static bool IsGetMethod(ExpressionSyntax expression) =>
        (expression is PostfixUnaryExpressionSyntax bang ? bang.Operand : expression) is InvocationExpressionSyntax call && SyntaxIndex.InvokedName(call) == "GetMethod";

    private bool LooksLikeDelegate(ExpressionSyntax expression)
    {
        if (expression is AnonymousFunctionExpressionSyntax)
        {
            return true;
        }

        var info = _context.Model(expression.SyntaxTree).GetSymbolInfo(expression, _context.CancellationToken);
        return info.Symbol is IMethodSymbol || info.CandidateSymbols.Any(s => s is IMethodSymbol) || info.Symbol is ILocalSymbol { Type.TypeKind: TypeKind.Delegate };
    }

    private void ReadOptions(ExpressionSyntax options, SemanticModel model, Dictionary<string, object?> fields)
    {
        if (options is not BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
        {
            return;
        }

        foreach (var assignment in initializer.Expressions.OfType<AssignmentExpressionSyntax>())
        {
            if (assignment.Left is not IdentifierNameSyntax property)
            {
                continue;
            }

            var key = property.Identifier.ValueText switch
            {
                "Name" => "name",
                "Description" => "description",
                "Title" => "title",
                "ReadOnly" => "readOnly",
                "Destructive" => "destructive",
                "Idempotent" => "idempotent",
                "OpenWorld" => "openWorld",
                _ => null,
            };
            var constant = model.GetConstantValue(assignment.Right, _context.CancellationToken);
            if (key != null && constant.HasValue)
            {
                fields[key] = constant.Value;
            }
        }
    }

    private ExpressionSyntax Unwrap(ExpressionSyntax expression, SemanticModel model)
    {
        for (var depth = 0; depth < 4; depth++)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p:
                    expression = p.Expression;
                    continue;
                case CastExpressionSyntax c:
                    expression = c.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                    expression = bang.Operand;
                    continue;
                case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation when model.GetTypeInfo(creation, _context.CancellationToken).Type?.TypeKind == TypeKind.Delegate:
                    expression = creation.ArgumentList.Arguments[0].Expression;
                    continue;
                case IdentifierNameSyntax when model.GetSymbolInfo(expression, _context.CancellationToken).Symbol is ILocalSymbol local
                    && _context.InitializerOf(local) is { } value:
                    expression = value;
                    continue;
            }

            break;
        }

        return expression;
    }

    private IEnumerable<IMethodSymbol> TargetMethods(ExpressionSyntax expression, SemanticModel model)
    {
        var info = model.GetSymbolInfo(expression, _context.CancellationToken);
        var methods = (info.Symbol != null ? new[] { info.Symbol } : info.CandidateSymbols.ToArray()).OfType<IMethodSymbol>()
            .Select(NodeSummarizer.Normalize).Where(ProjectContext.IsInSource).ToList();
        if (methods.Count > 0)
        {
            return methods.Take(1);
        }

        // A MethodInfo: typeof(T).GetMethod("Name").
        if (expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang)
        {
            expression = bang.Operand;
        }

        if (expression is InvocationExpressionSyntax getMethod && SyntaxIndex.InvokedName(getMethod) == "GetMethod"
            && getMethod.Expression is MemberAccessExpressionSyntax { Expression: TypeOfExpressionSyntax typeOf }
            && getMethod.ArgumentList.Arguments.Count > 0
            && model.GetConstantValue(getMethod.ArgumentList.Arguments[0].Expression, _context.CancellationToken).Value is string name
            && model.GetTypeInfo(typeOf.Type, _context.CancellationToken).Type is INamedTypeSymbol type)
        {
            return type.GetMembers(name).OfType<IMethodSymbol>().Where(ProjectContext.IsInSource).Take(1);
        }

        return Enumerable.Empty<IMethodSymbol>();
    }

    private IReadOnlyList<ToolParameter> Parameters(IMethodSymbol method)
    {
        var result = new List<ToolParameter>();
        foreach (var parameter in method.Parameters)
        {
            var injected = IsInjected(parameter);
            string? description = null;
            foreach (var reference in parameter.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_context.CancellationToken) is ParameterSyntax syntax)
                {
                    description ??= DescriptionOf(syntax.AttributeLists, _context.Model(syntax.SyntaxTree));
                }
            }

            if (parameter.DeclaringSyntaxReferences.IsEmpty)
            {
                description = DescriptionOf(parameter.GetAttributes());
            }

            result.Add(new ToolParameter(parameter.Name, parameter.Type.ToDisplayString(), !injected, description));
        }

        return result;
    }

    /// <summary>Framework-supplied parameters: catalogued types and attributes, and services from dependency injection.</summary>
    private bool IsInjected(IParameterSymbol parameter)
    {
        var injected = _context.Catalog.Injected;
        if (parameter.Type is INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Error && injected.Contains(_context.Names.TypeId(type)))
            {
                return true;
            }

            if (type.TypeKind == TypeKind.Error && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_context.CancellationToken) is ParameterSyntax { Type: { } typeSyntax } syntax)
            {
                var written = typeSyntax is GenericNameSyntax g ? $"{g.Identifier.ValueText}`{g.TypeArgumentList.Arguments.Count}" : typeSyntax.ToString().TrimEnd('?');
                if (_context.CandidateFullNames(syntax, written).Any(injected.Contains))
                {
                    return true;
                }
            }

            if (type.TypeKind == TypeKind.Interface && !CollectionInterfaces.Contains(_context.Names.TypeId(type)))
            {
                return true;
            }

            // A live client (HttpClient, DbConnection…) cannot come from the model's JSON: the host supplies it.
            if (_context.Index.RegisteredServiceNames.Contains(type.Name) || (type.TypeKind == TypeKind.Class && _context.Matcher.IsCataloguedType(type)))
            {
                return true;
            }
        }

        // Compiled code: the attributes as metadata records them.
        if (parameter.DeclaringSyntaxReferences.IsEmpty)
        {
            return parameter.GetAttributes().Any(a => a.AttributeClass is { } attributeClass && injected.Contains(_context.Names.TypeId(attributeClass)));
        }

        foreach (var reference in parameter.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(_context.CancellationToken) is not ParameterSyntax syntax)
            {
                continue;
            }

            var model = _context.Model(syntax.SyntaxTree);
            foreach (var attribute in syntax.AttributeLists.SelectMany(l => l.Attributes))
            {
                var attributeType = model.GetTypeInfo(attribute, _context.CancellationToken).Type as INamedTypeSymbol;
                if (attributeType != null && attributeType.TypeKind != TypeKind.Error)
                {
                    if (injected.Contains(_context.Names.TypeId(attributeType)))
                    {
                        return true;
                    }
                }
                else if (AttributeCandidates(attribute).Any(injected.Contains))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static DeclaredMetadata Declared(Dictionary<string, object?> fields, string? description) => new()
    {
        Title = fields.TryGetValue("title", out var t) ? t as string : null,
        Description = description,
        ReadOnly = fields.TryGetValue("readOnly", out var r) ? r as bool? : null,
        Destructive = fields.TryGetValue("destructive", out var d) ? d as bool? : null,
        Idempotent = fields.TryGetValue("idempotent", out var i) ? i as bool? : null,
        OpenWorld = fields.TryGetValue("openWorld", out var o) ? o as bool? : null,
    };

    /// <summary>The name a framework exposes when the declaration gives none.</summary>
    internal static string DefaultName(string framework, IMethodSymbol method)
    {
        var name = method.Name;
        var isAsync = method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask" or "IAsyncEnumerable" };

        // AutoGen's source generator names the function exactly as the method is written.
        if (framework != Frameworks.AutoGen && isAsync && name.EndsWith("Async", StringComparison.Ordinal) && name.Length > "Async".Length)
        {
            name = name.Substring(0, name.Length - "Async".Length);
        }

        return framework == Frameworks.Mcp ? McpName(name) : name;
    }

    /// <summary>The MCP SDK's default: characters other than ASCII letters and digits become '_', trimmed, then snake_case.</summary>
    private static string McpName(string name)
    {
        var sanitized = new string(name.Select(c => c < 128 && char.IsLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        name = sanitized;
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (builder.Length > 0 && (previousLower || nextLower) && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
