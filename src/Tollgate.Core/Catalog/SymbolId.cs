using System;

namespace Tollgate.Catalog;

public enum SymbolIdKind
{
    Method,
    Property,
    Field,
    Event,
    Type,
    Namespace,
    Operation,
}

/// <summary>
/// A documentation comment id as the catalog writes it, split for indexing:
/// <c>M:System.Diagnostics.Process.Start(*)</c> is container <c>System.Diagnostics.Process</c>,
/// member <c>Start</c>, any overload.
/// </summary>
public sealed class SymbolId
{
    private SymbolId(string text, SymbolIdKind kind, string container, string name, bool anyOverload)
    {
        Text = text;
        Kind = kind;
        Container = container;
        Name = name;
        AnyOverload = anyOverload;
    }

    /// <summary>The id as written.</summary>
    public string Text { get; }

    public SymbolIdKind Kind { get; }

    /// <summary>For members, the containing type's id without prefix; for types, the containing namespace; for namespaces, the parent.</summary>
    public string Container { get; }

    /// <summary>Member name (<c>#ctor</c> for constructors), type name with arity (<c>IProgress`1</c>), or namespace name.</summary>
    public string Name { get; }

    /// <summary>True for <c>(*)</c>: every overload matches.</summary>
    public bool AnyOverload { get; }

    /// <summary>The full name of a type or namespace id (container and name).</summary>
    public string FullName => Container.Length == 0 ? Name : Container + "." + Name;

    /// <summary>The type or member name without generic arity, as source code writes it.</summary>
    public string SimpleName
    {
        get
        {
            var tick = Name.IndexOf('`');
            return tick < 0 ? Name : Name.Substring(0, tick);
        }
    }

    public override string ToString() => Text;

    public static bool TryParse(string text, out SymbolId? id, out string? error)
    {
        id = null;
        error = null;
        if (text.StartsWith("op:", StringComparison.Ordinal))
        {
            var op = text.Substring(3);
            if (op != "unmanaged-call")
            {
                error = $"unknown operation '{op}' (known: unmanaged-call)";
                return false;
            }

            id = new SymbolId(text, SymbolIdKind.Operation, "", op, false);
            return true;
        }

        if (text.Length < 3 || text[1] != ':')
        {
            error = $"'{text}' is not a documentation comment id (M:, P:, F:, E:, T:, N: or op:)";
            return false;
        }

        SymbolIdKind kind;
        switch (text[0])
        {
            case 'M': kind = SymbolIdKind.Method; break;
            case 'P': kind = SymbolIdKind.Property; break;
            case 'F': kind = SymbolIdKind.Field; break;
            case 'E': kind = SymbolIdKind.Event; break;
            case 'T': kind = SymbolIdKind.Type; break;
            case 'N': kind = SymbolIdKind.Namespace; break;
            default:
                error = $"'{text}' has an unknown prefix '{text[0]}:' (M:, P:, F:, E:, T:, N: or op:)";
                return false;
        }

        var body = text.Substring(2);
        var paren = body.IndexOf('(');
        var anyOverload = false;
        var path = body;
        if (paren >= 0)
        {
            if (kind != SymbolIdKind.Method && kind != SymbolIdKind.Property)
            {
                error = $"'{text}': only methods and indexers take a parameter list";
                return false;
            }

            if (!body.EndsWith(")", StringComparison.Ordinal))
            {
                error = $"'{text}': the parameter list is not closed";
                return false;
            }

            anyOverload = body.Substring(paren) == "(*)";
            path = body.Substring(0, paren);
        }

        // Generic method arity (``2) stays part of the name.
        if (path.Length == 0 || path.StartsWith(".", StringComparison.Ordinal) || path.EndsWith(".", StringComparison.Ordinal) || path.Contains("..") || path.IndexOfAny(new[] { ' ', '\t', ',', ';' }) >= 0)
        {
            error = $"'{text}' is not a well-formed name";
            return false;
        }

        var lastDot = path.LastIndexOf('.');
        if (kind != SymbolIdKind.Namespace && kind != SymbolIdKind.Type && lastDot < 0)
        {
            error = $"'{text}': a member id names its type (Namespace.Type.Member)";
            return false;
        }

        var container = lastDot < 0 ? "" : path.Substring(0, lastDot);
        var name = lastDot < 0 ? path : path.Substring(lastDot + 1);
        var tick = name.IndexOf("``", StringComparison.Ordinal);
        if (kind == SymbolIdKind.Method && tick > 0)
        {
            name = name.Substring(0, tick);
        }

        id = new SymbolId(text, kind, container, name, anyOverload);
        return true;
    }
}
