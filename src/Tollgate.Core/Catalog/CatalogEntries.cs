using System.Collections.Generic;

namespace Tollgate.Catalog;

/// <summary>Where an entry was written: catalog file name and 1-based line.</summary>
public sealed record CatalogOrigin(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A condition on a constant argument (<c>if=mode:Create|Append</c>, <c>unless=value:None</c>), or on a property set on the
/// object passed as the argument (<c>if=settings.TypeNameHandling:All|Auto</c>; <c>this</c> names the receiver).
/// </summary>
public sealed record ArgumentCondition(string Parameter, IReadOnlyList<string> Values, bool Negated)
{
    /// <summary>The property of the argument the values are about, or null when they are about the argument itself.</summary>
    public string? Property { get; init; }

    /// <summary>Whether the condition holds for an argument whose value is one of <paramref name="values"/>.</summary>
    public bool Accepts(IEnumerable<string> values)
    {
        var listed = false;
        foreach (var value in values)
        {
            listed |= System.Linq.Enumerable.Contains(Values, value, System.StringComparer.Ordinal);
        }

        return Negated ? !listed : listed;
    }
}

/// <summary>An API that gives a capability, with the roles its parameters play.</summary>
public sealed record ApiEntry(
    string Capability,
    SymbolId Symbol,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Roles,
    ArgumentCondition? Condition,
    CatalogOrigin Origin);

/// <summary>An API whose result carries sensitive or untrusted data.</summary>
public sealed record SourceEntry(string Kind, SymbolId Symbol, CatalogOrigin Origin);

public enum EntryDeclarationKind
{
    Attribute,
    Factory,
}

/// <summary>How a framework declares a tool: an attribute on a method, or a factory taking a delegate.</summary>
public sealed record EntryDeclaration(
    string Framework,
    EntryDeclarationKind Kind,
    SymbolId Symbol,
    IReadOnlyDictionary<string, string> Fields,
    CatalogOrigin Origin);

/// <summary>A problem in a catalog file, located at its line.</summary>
public sealed record CatalogError(CatalogOrigin Origin, string Message)
{
    public override string ToString() => $"{Origin}: {Message}";
}

public enum GuardKind
{
    /// <summary>The value is checked against a fixed set: set membership, equality with constants, a switch.</summary>
    AllowList,

    /// <summary>A path is resolved and checked to lie under a root.</summary>
    Containment,

    /// <summary>A digest is computed and compared before a download is used.</summary>
    Digest,

    /// <summary>A person approves the call.</summary>
    Approval,
}

/// <summary>An API whose use counts as a guard of the given kind.</summary>
public sealed record GuardEntry(GuardKind Kind, SymbolId Symbol, CatalogOrigin Origin);

/// <summary>A pattern of text in a tool or parameter description that addresses the model rather than the user.</summary>
public sealed record TextPattern(string Pattern, System.Text.RegularExpressions.Regex Regex, CatalogOrigin Origin);

/// <summary>A claim a description makes ("read-only", "no network") and the capability that contradicts it.</summary>
public sealed record ClaimPattern(string Capability, TextPattern Text);
