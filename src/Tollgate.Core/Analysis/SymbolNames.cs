using System.Collections.Concurrent;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Tollgate.Analysis;

/// <summary>Names of symbols as the catalog and the report write them.</summary>
internal sealed class SymbolNames
{
    private readonly ConcurrentDictionary<ISymbol, string> _typeIds = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, string> _namespaceNames = new(SymbolEqualityComparer.Default);

    /// <summary>The documentation-comment name of a type without prefix: <c>System.Collections.Generic.List`1</c>, nested with '.'.</summary>
    public string TypeId(INamedTypeSymbol type) => _typeIds.GetOrAdd(type.OriginalDefinition, static t => MetadataTypeName((INamedTypeSymbol)t));

    /// <summary>A type's name as documentation ids and metadata write it, uncached: <c>System.Collections.Generic.List`1</c>.</summary>
    public static string MetadataTypeName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        AppendTypeName(builder, type.OriginalDefinition, withArity: true);
        return builder.ToString();
    }

    public string NamespaceName(INamespaceSymbol ns) => _namespaceNames.GetOrAdd(ns, static n =>
    {
        var symbol = (INamespaceSymbol)n;
        return symbol.IsGlobalNamespace ? "" : symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));
    });

    /// <summary>Namespace and nested types joined with '.'; with arity (<c>List`1</c>) as documentation ids write it, or without as the report does.</summary>
    private static void AppendTypeName(StringBuilder builder, INamedTypeSymbol type, bool withArity)
    {
        if (type.ContainingType != null)
        {
            AppendTypeName(builder, type.ContainingType, withArity);
            builder.Append('.');
        }
        else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Append(ns.ToDisplayString());
            builder.Append('.');
        }

        builder.Append(withArity ? type.MetadataName : type.Name);
    }

    /// <summary>A type's full name as the report writes it: namespace and nested types joined with '.', no arity.</summary>
    public static string ReportTypeName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        AppendTypeName(builder, type, withArity: false);
        return builder.ToString();
    }

    /// <summary>A member as the report writes it in ids and traces: <c>Contoso.Plugins.Shell.Run</c>, <c>Contoso.Foo..ctor</c>.</summary>
    public static string ReportMemberName(ISymbol symbol)
    {
        if (symbol is INamedTypeSymbol type)
        {
            return ReportTypeName(type);
        }

        var container = symbol.ContainingType != null ? ReportTypeName(symbol.ContainingType) : symbol.ContainingNamespace?.ToDisplayString() ?? "";
        var name = symbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } p } => p.Name + ".get",
            IMethodSymbol { MethodKind: MethodKind.PropertySet, AssociatedSymbol: { } p } => p.Name + ".set",
            IMethodSymbol { MethodKind: MethodKind.EventAdd, AssociatedSymbol: { } e } => e.Name + ".add",
            IMethodSymbol { MethodKind: MethodKind.EventRemove, AssociatedSymbol: { } e } => e.Name + ".remove",
            // Top-level statements compile into Program.<Main>$; their local functions are named as Program's.
            IMethodSymbol { MethodKind: MethodKind.LocalFunction, ContainingSymbol: IMethodSymbol { Name: "<Main>$" } main } m => ReportMemberName(main.ContainingType) + "." + m.Name,
            IMethodSymbol { MethodKind: MethodKind.LocalFunction } m => ReportMemberName(m.ContainingSymbol) + "." + m.Name,
            _ => symbol.Name,
        };
        if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction })
        {
            return name;
        }

        return container.Length == 0 ? name : container + "." + name;
    }
}
