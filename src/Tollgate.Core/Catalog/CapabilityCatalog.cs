using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Tollgate.Catalog;

/// <summary>
/// The loaded catalog: APIs with their capabilities and roles, sources, framework tool declarations,
/// indexed by simple name so that matching a symbol is a dictionary lookup.
/// </summary>
public sealed class CapabilityCatalog
{
    private readonly List<ApiEntry> _apis = new();
    private readonly List<SourceEntry> _sources = new();
    private readonly List<EntryDeclaration> _entries = new();
    private readonly List<CatalogError> _errors = new();
    private readonly List<string> _secretPaths = new();
    private readonly List<string> _modelUrls = new();
    private readonly HashSet<string> _injected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _describe = new(StringComparer.Ordinal);
    private readonly List<SymbolId> _sanitizers = new();
    private readonly List<GuardEntry> _guards = new();
    private readonly List<string> _unsafeModelFiles = new();
    private readonly List<TextPattern> _injections = new();
    private readonly List<ClaimPattern> _claims = new();

    private readonly Dictionary<string, List<ApiEntry>> _apisByMember = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApiEntry>> _apisByType = new(StringComparer.Ordinal);
    private readonly List<ApiEntry> _apisByNamespace = new();
    private readonly Dictionary<string, List<SourceEntry>> _sourcesByMember = new(StringComparer.Ordinal);
    private readonly HashSet<string> _simpleNames = new(StringComparer.Ordinal);

    public IReadOnlyList<ApiEntry> Apis => _apis;
    public IReadOnlyList<SourceEntry> Sources => _sources;
    public IReadOnlyList<EntryDeclaration> EntryDeclarations => _entries;
    public IReadOnlyList<CatalogError> Errors => _errors;
    public IReadOnlyList<string> SecretPaths => _secretPaths;
    public IReadOnlyList<string> ModelUrls => _modelUrls;

    /// <summary>Type ids (without <c>T:</c>) of parameter types and parameter attributes the frameworks inject.</summary>
    public IReadOnlyCollection<string> Injected => _injected;

    /// <summary>Description attributes: type id (without <c>T:</c>) to the argument that holds the text.</summary>
    public IReadOnlyDictionary<string, string> DescriptionAttributes => _describe;

    /// <summary>APIs whose result carries no taint (a file name without its folders, a number parsed from text).</summary>
    public IReadOnlyList<SymbolId> Sanitizers => _sanitizers;

    public IReadOnlyList<GuardEntry> Guards => _guards;

    /// <summary>Model file name fragments of formats that run code on load (pickle-based checkpoints).</summary>
    public IReadOnlyList<string> UnsafeModelFiles => _unsafeModelFiles;

    /// <summary>Description text aimed at the model rather than the user.</summary>
    public IReadOnlyList<TextPattern> Injections => _injections;

    /// <summary>Description claims and the capability that contradicts each.</summary>
    public IReadOnlyList<ClaimPattern> Claims => _claims;

    /// <summary>Simple names (members, types without arity, namespaces' last part) any entry mentions.</summary>
    public IReadOnlyCollection<string> SimpleNames => _simpleNames;

    public IReadOnlyList<ApiEntry> NamespaceApis => _apisByNamespace;

    public bool TryGetMemberApis(string memberName, out List<ApiEntry> entries) => _apisByMember.TryGetValue(memberName, out entries!);

    public bool TryGetTypeApis(string typeId, out List<ApiEntry> entries) => _apisByType.TryGetValue(typeId, out entries!);

    public bool TryGetMemberSources(string memberName, out List<SourceEntry> entries) => _sourcesByMember.TryGetValue(memberName, out entries!);

    public bool HasTypeApis => _apisByType.Count > 0;

    /// <summary>The catalog shipped inside Tollgate.Core.</summary>
    public static CapabilityCatalog LoadBuiltIn()
    {
        var catalog = new CapabilityCatalog();
        var assembly = typeof(CapabilityCatalog).GetTypeInfo().Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Tollgate.Catalog.", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            catalog.Add(resource.Substring("Tollgate.Catalog.".Length), reader.ReadToEnd());
        }

        return catalog;
    }

    /// <summary>Adds the entries of one catalog text; lines that cannot be read become <see cref="Errors"/>.</summary>
    public void Add(string fileName, string text)
    {
        var parsed = CatalogParser.Parse(fileName, text);
        _errors.AddRange(parsed.Errors);
        foreach (var api in parsed.Apis)
        {
            _apis.Add(api);
            IndexApi(api);
        }

        foreach (var source in parsed.Sources)
        {
            _sources.Add(source);
            Append(_sourcesByMember, source.Symbol.Kind == SymbolIdKind.Type ? source.Symbol.FullName : source.Symbol.Name, source);
            _simpleNames.Add(source.Symbol.SimpleName);
        }

        foreach (var entry in parsed.Entries)
        {
            _entries.Add(entry);
            _simpleNames.Add(entry.Symbol.SimpleName);
            if (entry.Kind == EntryDeclarationKind.Attribute && entry.Symbol.SimpleName.EndsWith("Attribute", StringComparison.Ordinal))
            {
                _simpleNames.Add(entry.Symbol.SimpleName.Substring(0, entry.Symbol.SimpleName.Length - "Attribute".Length));
            }
        }

        _secretPaths.AddRange(parsed.SecretPaths);
        _modelUrls.AddRange(parsed.ModelUrls);
        foreach (var injected in parsed.Injected)
        {
            _injected.Add(injected);
        }

        foreach (var pair in parsed.Describe)
        {
            _describe[pair.Key] = pair.Value;
        }

        _sanitizers.AddRange(parsed.Sanitizers);
        _guards.AddRange(parsed.Guards);
        _unsafeModelFiles.AddRange(parsed.UnsafeModelFiles);
        _injections.AddRange(parsed.Injections);
        _claims.AddRange(parsed.Claims);
        foreach (var id in parsed.Sanitizers.Concat(parsed.Guards.Select(g => g.Symbol)))
        {
            _simpleNames.Add(id.Kind == SymbolIdKind.Method && id.Name == "#ctor" ? TypeSimpleName(id.Container) : id.SimpleName);
        }
    }

    private void IndexApi(ApiEntry api)
    {
        var symbol = api.Symbol;
        switch (symbol.Kind)
        {
            case SymbolIdKind.Type:
                Append(_apisByType, symbol.FullName, api);
                _simpleNames.Add(symbol.SimpleName);
                if (symbol.SimpleName.EndsWith("Attribute", StringComparison.Ordinal))
                {
                    _simpleNames.Add(symbol.SimpleName.Substring(0, symbol.SimpleName.Length - "Attribute".Length));
                }

                break;
            case SymbolIdKind.Namespace:
                _apisByNamespace.Add(api);
                break;
            case SymbolIdKind.Operation:
                _apisByNamespace.Add(api);
                break;
            default:
                Append(_apisByMember, symbol.Name, api);
                _simpleNames.Add(symbol.Name == "#ctor" ? TypeSimpleName(symbol.Container) : symbol.Name);
                break;
        }
    }

    private static string TypeSimpleName(string typeId)
    {
        var name = typeId.Substring(typeId.LastIndexOf('.') + 1);
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    private static void Append<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<T>();
        }

        list.Add(value);
    }
}
