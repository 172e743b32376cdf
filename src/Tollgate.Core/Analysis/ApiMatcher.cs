using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;

namespace Tollgate.Analysis;

/// <summary>
/// Matches resolved symbols, or names as written when a reference is missing, against the catalog.
/// Results are cached per symbol: a compilation asks about the same few APIs many times.
/// </summary>
internal sealed class ApiMatcher
{
    private static readonly IReadOnlyList<ApiEntry> None = Array.Empty<ApiEntry>();

    private readonly CapabilityCatalog _catalog;
    private readonly SymbolNames _names;
    private readonly ConcurrentDictionary<ISymbol, IReadOnlyList<ApiEntry>> _cache = new(SymbolEqualityComparer.Default);
    private readonly List<ApiEntry> _attributeEntries;
    private readonly List<ApiEntry> _namespaceEntries;

    public ApiMatcher(CapabilityCatalog catalog, SymbolNames names)
    {
        _catalog = catalog;
        _names = names;
        _namespaceEntries = catalog.NamespaceApis.Where(a => a.Symbol.Kind == SymbolIdKind.Namespace).ToList();
        _attributeEntries = catalog.Apis.Where(a => a.Symbol.Kind == SymbolIdKind.Type && a.Symbol.Name.EndsWith("Attribute", StringComparison.Ordinal)).ToList();
        UnmanagedCallEntries = catalog.NamespaceApis.Where(a => a.Symbol.Kind == SymbolIdKind.Operation && a.Symbol.Name == "unmanaged-call").ToList();
    }

    public IReadOnlyList<ApiEntry> UnmanagedCallEntries { get; }

    /// <summary>Catalog entries that a use of <paramref name="symbol"/> (a method, property, field or event) matches.</summary>
    public IReadOnlyList<ApiEntry> Match(ISymbol symbol) => _cache.GetOrAdd(symbol.OriginalDefinition, Compute);

    private IReadOnlyList<ApiEntry> Compute(ISymbol symbol)
    {
        List<ApiEntry>? result = null;
        var docId = (string?)null;

        // Members by name, then through what they override.
        for (var member = symbol; member != null; member = Overridden(member))
        {
            var memberName = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "#ctor" : member.Name;
            if (!_catalog.TryGetMemberApis(memberName, out var candidates) || member.ContainingType is not { } owner)
            {
                continue;
            }

            var ownerId = _names.TypeId(owner);
            foreach (var entry in candidates)
            {
                if (!string.Equals(entry.Symbol.Container, ownerId, StringComparison.Ordinal) || !KindMatches(entry.Symbol.Kind, member))
                {
                    continue;
                }

                if (!entry.Symbol.AnyOverload && HasParameterList(entry.Symbol.Text))
                {
                    // Newer compilers append the return type (~System.Boolean); catalog ids name the parameters only.
                    docId ??= WithoutReturnType(DocumentationCommentId.CreateDeclarationId(member.OriginalDefinition));
                    if (!string.Equals(docId, entry.Symbol.Text, StringComparison.Ordinal))
                    {
                        continue;
                    }
                }

                (result ??= new List<ApiEntry>()).Add(entry);
            }
        }

        // Whole types, through base types.
        if (_catalog.HasTypeApis)
        {
            for (var type = symbol.ContainingType; type != null; type = type.BaseType)
            {
                if (type.SpecialType == SpecialType.System_Object)
                {
                    break;
                }

                if (_catalog.TryGetTypeApis(_names.TypeId(type), out var typeEntries))
                {
                    foreach (var entry in typeEntries)
                    {
                        (result ??= new List<ApiEntry>()).Add(entry);
                    }
                }
            }
        }

        // Whole namespaces.
        if (_namespaceEntries.Count > 0 && symbol.ContainingType?.ContainingNamespace is { } ns)
        {
            var name = _names.NamespaceName(ns);
            foreach (var entry in _namespaceEntries)
            {
                var prefix = entry.Symbol.FullName;
                if (name.Length >= prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.'))
                {
                    (result ??= new List<ApiEntry>()).Add(entry);
                }
            }
        }

        // Methods that carry a catalogued attribute (P/Invoke declarations).
        if (_attributeEntries.Count > 0 && symbol is IMethodSymbol method && !method.DeclaringSyntaxReferences.IsEmpty)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { } attributeClass)
                {
                    continue;
                }

                var attributeId = _names.TypeId(attributeClass);
                foreach (var entry in _attributeEntries)
                {
                    if (string.Equals(entry.Symbol.FullName, attributeId, StringComparison.Ordinal))
                    {
                        (result ??= new List<ApiEntry>()).Add(entry);
                    }
                }
            }
        }

        return result == null ? None : result.Distinct().ToList();
    }

    /// <summary>Whether a type, or one of its base types, is catalogued as a whole (<c>T:</c>).</summary>
    public bool IsCataloguedType(INamedTypeSymbol type)
    {
        for (var current = type; current != null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (_catalog.TryGetTypeApis(_names.TypeId(current), out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Matches by fully-qualified name when the symbol could not be resolved: each candidate container name
    /// (the type as written, qualified by each namespace in scope) with the member name.
    /// </summary>
    public IReadOnlyList<ApiEntry> MatchByName(IEnumerable<string> containerCandidates, string memberName)
    {
        List<ApiEntry>? result = null;
        var candidates = containerCandidates as ICollection<string> ?? containerCandidates.ToList();
        if (_catalog.TryGetMemberApis(memberName, out var members))
        {
            foreach (var entry in members)
            {
                if (MatchesArity(candidates, entry.Symbol.Container))
                {
                    (result ??= new List<ApiEntry>()).Add(entry);
                }
            }
        }

        foreach (var container in candidates)
        {
            if (_catalog.TryGetTypeApis(container, out var typeEntries) || TryTypeWithArity(container, out typeEntries))
            {
                (result ??= new List<ApiEntry>()).AddRange(typeEntries);
            }

            foreach (var entry in _namespaceEntries)
            {
                var prefix = entry.Symbol.FullName + ".";
                if (container.StartsWith(prefix, StringComparison.Ordinal))
                {
                    (result ??= new List<ApiEntry>()).Add(entry);
                }
            }
        }

        return result == null ? None : result.Distinct().ToList();
    }

    private bool TryTypeWithArity(string container, out List<ApiEntry> entries)
    {
        for (var arity = 1; arity <= 3; arity++)
        {
            if (_catalog.TryGetTypeApis(container + "`" + arity, out entries))
            {
                return true;
            }
        }

        entries = null!;
        return false;
    }

    private static bool MatchesArity(ICollection<string> candidates, string container)
    {
        if (candidates.Contains(container))
        {
            return true;
        }

        var tick = container.IndexOf('`');
        return tick > 0 && candidates.Contains(container.Substring(0, tick));
    }

    private static string? WithoutReturnType(string? id)
    {
        var tilde = id?.LastIndexOf('~') ?? -1;
        return tilde > 0 && id!.IndexOf("op_Implicit", StringComparison.Ordinal) < 0 && id.IndexOf("op_Explicit", StringComparison.Ordinal) < 0 ? id.Substring(0, tilde) : id;
    }

    private static bool HasParameterList(string text) => text.IndexOf('(') >= 0;

    private static bool KindMatches(SymbolIdKind kind, ISymbol symbol) => kind switch
    {
        SymbolIdKind.Method => symbol is IMethodSymbol,
        SymbolIdKind.Property => symbol is IPropertySymbol,
        SymbolIdKind.Field => symbol is IFieldSymbol,
        SymbolIdKind.Event => symbol is IEventSymbol,
        _ => false,
    };

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        IEventSymbol e => e.OverriddenEvent,
        _ => null,
    };
}
