using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis;

/// <summary>
/// Everything the analysis of one compilation shares: semantic models, the syntactic index that decides
/// what is worth binding, and lazily built indexes of implementations and delegate assignments.
/// </summary>
internal sealed class ProjectContext
{
    private static readonly HashSet<string> ObjectMemberNames = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "GetType", "Finalize", "MemberwiseClone", "ReferenceEquals", ".ctor", ".cctor",
    };

    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly Func<SyntaxTree, string> _pathOf;
    private readonly Lazy<Dictionary<ISymbol, List<ISymbol>>> _implementations;
    private readonly Lazy<ReferenceIndex> _references;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _hasStaticInit = new(SymbolEqualityComparer.Default);
    private readonly Lazy<IReadOnlyList<string>> _globalUsings;
    private readonly Lazy<IReadOnlyList<string>> _allImports;

    public ProjectContext(Compilation compilation, CapabilityCatalog catalog, Func<SyntaxTree, string> pathOf, CancellationToken cancellationToken)
    {
        Compilation = compilation;
        Catalog = catalog;
        Names = new SymbolNames();
        Matcher = new ApiMatcher(catalog, Names);
        CancellationToken = cancellationToken;
        _pathOf = pathOf;
        CatalogNames = ExpandCatalogNames(compilation, catalog);
        Index = SyntaxIndex.Build(compilation.SyntaxTrees, catalog, CatalogNames, cancellationToken);
        InterestingNames = new HashSet<string>(CatalogNames, StringComparer.Ordinal);
        InterestingNames.UnionWith(Index.SourceMemberNames);
        _implementations = new Lazy<Dictionary<ISymbol, List<ISymbol>>>(BuildImplementations, LazyThreadSafetyMode.ExecutionAndPublication);
        _references = new Lazy<ReferenceIndex>(() => ReferenceIndex.Build(compilation.SyntaxTrees, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _globalUsings = new Lazy<IReadOnlyList<string>>(CollectGlobalUsings, LazyThreadSafetyMode.ExecutionAndPublication);
        _allImports = new Lazy<IReadOnlyList<string>>(CollectAllImports, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public CapabilityCatalog Catalog { get; }

    public SymbolNames Names { get; }

    public ApiMatcher Matcher { get; }

    public CancellationToken CancellationToken { get; }

    public SyntaxIndex Index { get; }

    /// <summary>Simple names of catalogued APIs, with the members of catalogued types and namespaces.</summary>
    public HashSet<string> CatalogNames { get; }

    /// <summary>Names worth binding: catalogued APIs and members declared in the scan.</summary>
    public HashSet<string> InterestingNames { get; }

    public SemanticModel Model(SyntaxTree tree) => _models.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));

    public SourceSpan Span(SyntaxNode node) => Span(node.SyntaxTree, node.SpanStart) with { Length = node.Span.Length };

    public SourceSpan Span(SyntaxTree tree, int position)
    {
        var line = tree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(position, 0)).StartLinePosition;
        return new SourceSpan(_pathOf(tree), line.Line + 1, line.Character + 1);
    }

    public SourceSpan? Span(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource && location.SourceTree != null)
            {
                return Span(location.SourceTree, location.SourceSpan.Start);
            }
        }

        return null;
    }

    public static bool IsInSource(ISymbol symbol) => !symbol.DeclaringSyntaxReferences.IsEmpty;

    /// <summary>
    /// The value a local, a readonly field or a get-only property is initialized with, when written at its declaration:
    /// what constant and reflection resolution follow.
    /// </summary>
    public ExpressionSyntax? InitializerOf(ISymbol? symbol)
    {
        if (symbol is not (ILocalSymbol or IFieldSymbol { IsReadOnly: true } or IFieldSymbol { IsConst: true } or IPropertySymbol { IsReadOnly: true }))
        {
            return null;
        }

        return symbol.DeclaringSyntaxReferences.Select(r => InitializerIn(r.GetSyntax(CancellationToken))).FirstOrDefault(i => i != null);
    }

    /// <summary>The value a variable or property declaration gives: its initializer or expression body.</summary>
    private static ExpressionSyntax? InitializerIn(SyntaxNode declaration) => declaration switch
    {
        VariableDeclaratorSyntax v => v.Initializer?.Value,
        PropertyDeclarationSyntax p => p.Initializer?.Value ?? p.ExpressionBody?.Expression,
        _ => null,
    };

    /// <summary>The values assigned to <paramref name="property"/> of the object <paramref name="expression"/> evaluates to.</summary>
    public IEnumerable<ExpressionSyntax> PropertyValues(ExpressionSyntax expression, string property, int depth = 0)
    {
        if (depth > 4)
        {
            yield break;
        }

        while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            expression = expression switch
            {
                ParenthesizedExpressionSyntax p => p.Expression,
                CastExpressionSyntax c => c.Expression,
                _ => ((PostfixUnaryExpressionSyntax)expression).Operand,
            };
        }

        switch (expression)
        {
            case BaseObjectCreationExpressionSyntax creation:
                foreach (var assignment in creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
                {
                    if (assignment.Left is IdentifierNameSyntax name && name.Identifier.ValueText == property)
                    {
                        yield return assignment.Right;
                    }
                }

                // A copy constructor or factory argument carries the settings it is given.
                foreach (var argument in creation.ArgumentList?.Arguments ?? default)
                {
                    foreach (var value in PropertyValues(argument.Expression, property, depth + 1))
                    {
                        yield return value;
                    }
                }

                break;
            case InvocationExpressionSyntax factory:
                // JsonSerializer.Create(settings) and the like: the object is built from its arguments.
                foreach (var argument in factory.ArgumentList.Arguments)
                {
                    foreach (var value in PropertyValues(argument.Expression, property, depth + 1))
                    {
                        yield return value;
                    }
                }

                break;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                var symbol = Model(expression.SyntaxTree).GetSymbolInfo(expression, CancellationToken).Symbol;
                if (symbol is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
                {
                    break;
                }

                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    var declaration = reference.GetSyntax(CancellationToken);
                    var initializer = InitializerIn(declaration);
                    if (initializer != null)
                    {
                        foreach (var value in PropertyValues(initializer, property, depth + 1))
                        {
                            yield return value;
                        }
                    }

                    // Set after creation: `holder.Property = value` in the method (a local) or the type (a field).
                    var scope = symbol is ILocalSymbol
                        ? declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                        : declaration.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                    foreach (var assignment in scope?.DescendantNodes().OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
                    {
                        if (assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var assigned } target && assigned == property
                            && target.Expression is IdentifierNameSyntax { Identifier.ValueText: var holder } && holder == symbol.Name
                            && SymbolEqualityComparer.Default.Equals(Model(target.SyntaxTree).GetSymbolInfo(target.Expression, CancellationToken).Symbol, symbol))
                        {
                            yield return assignment.Right;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>The arguments the scan's callers pass for one parameter of a method (or constructor) declared in the scan.</summary>
    public IEnumerable<ExpressionSyntax> ArgumentsPassedTo(IMethodSymbol method, string parameterName, int limit = int.MaxValue)
    {
        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
        IEnumerable<SyntaxNode> calls = References.CallsNamed(name);
        if (method.MethodKind == MethodKind.Constructor)
        {
            calls = calls.Concat(References.CallsNamed(""));
        }

        var target = NodeSummarizer.Normalize(method);
        var found = 0;
        foreach (var call in calls)
        {
            var argumentList = Arguments.ListOf(call);
            if (argumentList == null || Model(call.SyntaxTree).GetSymbolInfo(call, CancellationToken).Symbol is not IMethodSymbol called
                || !SymbolEqualityComparer.Default.Equals(NodeSummarizer.Normalize(called), target))
            {
                continue;
            }

            if (Arguments.Find(argumentList, called, parameterName) is { } argument)
            {
                yield return argument;
                if (++found >= limit)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Overrides and interface implementations, declared in the scan, of a member.</summary>
    public IReadOnlyList<ISymbol> Implementations(ISymbol member) =>
        _implementations.Value.TryGetValue(member.OriginalDefinition, out var list) ? list : (IReadOnlyList<ISymbol>)Array.Empty<ISymbol>();

    public ReferenceIndex References => _references.Value;

    /// <summary>Whether a type declared in the scan has a static constructor or static initializers.</summary>
    public bool HasStaticInitializer(INamedTypeSymbol type) => _hasStaticInit.GetOrAdd(type.OriginalDefinition, t =>
        t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(CancellationToken)).OfType<TypeDeclarationSyntax>().Any(d => d.Members.Any(IsStaticInitializer)));

    public static bool IsStaticInitializer(MemberDeclarationSyntax member) => member switch
    {
        ConstructorDeclarationSyntax c => c.Modifiers.Any(SyntaxKind.StaticKeyword),
        FieldDeclarationSyntax f => f.Modifiers.Any(SyntaxKind.StaticKeyword) && !f.Modifiers.Any(SyntaxKind.ConstKeyword) && f.Declaration.Variables.Any(v => v.Initializer != null),
        PropertyDeclarationSyntax p => p.Modifiers.Any(SyntaxKind.StaticKeyword) && p.Initializer != null,
        _ => false,
    };

    /// <summary>
    /// Names a type written at <paramref name="node"/> could stand for: qualified by each namespace in scope
    /// (global usings, the file's usings, enclosing namespaces) and by using aliases.
    /// </summary>
    public IReadOnlyList<string> CandidateFullNames(SyntaxNode node, string writtenName)
    {
        var result = new List<string> { writtenName };
        var firstDot = writtenName.IndexOf('.');
        var head = firstDot < 0 ? writtenName : writtenName.Substring(0, firstDot);
        var tail = firstDot < 0 ? "" : writtenName.Substring(firstDot);
        var namespaces = NamespacesInScope(node, out var aliases);
        foreach (var ns in namespaces)
        {
            result.Add(ns + "." + writtenName);
        }

        if (aliases.TryGetValue(head, out var target))
        {
            result.Add(target + tail);
        }

        return result;
    }

    /// <summary>
    /// Names an unresolved type could stand for when only its name is known (the type of an expression declared
    /// in another file): qualified by every namespace any file of the project imports.
    /// </summary>
    public IReadOnlyList<string> CandidateFullNamesAnywhere(string name) =>
        new[] { name }.Concat(_allImports.Value.Select(ns => ns + "." + name)).ToList();

    /// <summary>Namespaces imported or enclosing at <paramref name="node"/>.</summary>
    public IReadOnlyList<string> NamespacesInScope(SyntaxNode node, out Dictionary<string, string> aliases)
    {
        aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<string>(_globalUsings.Value);
        for (var current = node.Parent; current != null; current = current.Parent)
        {
            SyntaxList<UsingDirectiveSyntax> usings;
            switch (current)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    usings = ns.Usings;
                    var name = ns.Name.ToString();
                    for (var n = name; n.Length > 0; n = n.LastIndexOf('.') is var dot && dot > 0 ? n.Substring(0, dot) : "")
                    {
                        result.Add(n);
                    }

                    break;
                case CompilationUnitSyntax unit:
                    usings = unit.Usings;
                    break;
                default:
                    continue;
            }

            foreach (var u in usings)
            {
                if (u.Name == null || u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                {
                    continue;
                }

                if (u.Alias != null)
                {
                    aliases[u.Alias.Name.Identifier.ValueText] = NamespaceName(u.Name);
                }
                else
                {
                    result.Add(NamespaceName(u.Name));
                }
            }
        }

        return result;
    }

    /// <summary>A namespace as a using directive names it, without a <c>global::</c> qualifier.</summary>
    private static string NamespaceName(NameSyntax name)
    {
        var text = name.ToString();
        return text.StartsWith("global::", StringComparison.Ordinal) ? text.Substring("global::".Length) : text;
    }

    private IReadOnlyList<string> CollectGlobalUsings()
    {
        var result = new List<string>();
        foreach (var tree in Compilation.SyntaxTrees)
        {
            if (tree.GetRoot(CancellationToken) is CompilationUnitSyntax unit)
            {
                foreach (var u in unit.Usings)
                {
                    if (u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias == null && u.Name != null && !u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                    {
                        result.Add(NamespaceName(u.Name));
                    }
                }
            }
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    private IReadOnlyList<string> CollectAllImports()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in Compilation.SyntaxTrees)
        {
            foreach (var u in tree.GetRoot(CancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            {
                if (u.Alias == null && u.Name != null && !u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                {
                    result.Add(NamespaceName(u.Name));
                }
            }
        }

        return result.OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    private Dictionary<ISymbol, List<ISymbol>> BuildImplementations()
    {
        var types = new ConcurrentDictionary<INamedTypeSymbol, byte>(SymbolEqualityComparer.Default);
        Parallel.ForEach(Index.TypeDeclarations, new ParallelOptions { CancellationToken = CancellationToken }, declaration =>
        {
            if (Model(declaration.SyntaxTree).GetDeclaredSymbol(declaration, CancellationToken) is INamedTypeSymbol type)
            {
                types.TryAdd(type, 0);
            }
        });

        var map = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        void Add(ISymbol key, ISymbol implementation)
        {
            key = key.OriginalDefinition;
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<ISymbol>();
            }

            if (!list.Contains(implementation, SymbolEqualityComparer.Default))
            {
                list.Add(implementation);
            }
        }

        foreach (var type in types.Keys.OrderBy(t => t.ToDisplayString(), StringComparer.Ordinal))
        {
            foreach (var member in type.GetMembers())
            {
                for (var overridden = Overridden(member); overridden != null; overridden = Overridden(overridden))
                {
                    Add(overridden, member);
                }
            }

            foreach (var iface in type.AllInterfaces)
            {
                foreach (var ifaceMember in iface.GetMembers())
                {
                    if (ifaceMember is not (IMethodSymbol or IPropertySymbol))
                    {
                        continue;
                    }

                    var implementation = type.FindImplementationForInterfaceMember(ifaceMember);
                    if (implementation != null && IsInSource(implementation))
                    {
                        Add(ifaceMember, implementation.OriginalDefinition);
                    }
                }
            }
        }

        return map;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        _ => null,
    };

    private static HashSet<string> ExpandCatalogNames(Compilation compilation, CapabilityCatalog catalog)
    {
        var names = new HashSet<string>(catalog.SimpleNames, StringComparer.Ordinal);
        foreach (var api in catalog.Apis)
        {
            if (api.Symbol.Kind == SymbolIdKind.Type && compilation.GetTypeByMetadataName(api.Symbol.FullName) is { } type)
            {
                AddMemberNames(names, type);
            }
            else if (api.Symbol.Kind == SymbolIdKind.Namespace)
            {
                var ns = compilation.GlobalNamespace;
                foreach (var part in api.Symbol.FullName.Split('.'))
                {
                    ns = ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
                }

                if (ns != null)
                {
                    AddNamespaceNames(names, ns);
                }
            }
        }

        return names;
    }

    private static void AddNamespaceNames(HashSet<string> names, INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            names.Add(type.Name);
            AddMemberNames(names, type);
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            AddNamespaceNames(names, child);
        }
    }

    private static void AddMemberNames(HashSet<string> names, INamedTypeSymbol type)
    {
        names.Add(type.Name);
        foreach (var member in type.GetMembers())
        {
            if (member.CanBeReferencedByName && !ObjectMemberNames.Contains(member.Name))
            {
                names.Add(member.Name);
            }
        }
    }
}
