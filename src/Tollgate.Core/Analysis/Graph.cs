using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis;

internal enum NodeKind
{
    /// <summary>A method, constructor, accessor or operator declared in the scan.</summary>
    Method,

    /// <summary>A type's static constructor and static field initializers.</summary>
    TypeInitializer,

    /// <summary>Everything assigned to a delegate-typed field or property.</summary>
    DelegateStore,

    /// <summary>A lambda registered as a tool on its own.</summary>
    Lambda,
}

/// <summary>A unit of code the call graph connects. Lambdas are keyed by their syntax.</summary>
internal readonly struct NodeKey : IEquatable<NodeKey>
{
    public NodeKey(NodeKind kind, ISymbol symbol, SyntaxNode? syntax = null)
    {
        Kind = kind;
        Symbol = symbol;
        Syntax = syntax;
    }

    public NodeKind Kind { get; }

    public ISymbol Symbol { get; }

    public SyntaxNode? Syntax { get; }

    public bool Equals(NodeKey other) =>
        Kind == other.Kind && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol) && ReferenceEquals(Syntax, other.Syntax);

    public override bool Equals(object? obj) => obj is NodeKey other && Equals(other);

    public override int GetHashCode() =>
        ((int)Kind * 397) ^ SymbolEqualityComparer.Default.GetHashCode(Symbol) ^ (Syntax?.GetHashCode() ?? 0);
}

/// <summary>A call (or delegate creation, property use, object creation) from one node to another.</summary>
internal sealed record Edge(NodeKey Target, SourceSpan Site);

/// <summary>A use of a catalogued API at a place in the scanned code.</summary>
internal sealed record CapabilityUse(string Capability, string Api, SourceSpan Site, bool MatchedByName, ApiEntry? Entry)
{
    /// <summary>
    /// Set when the use holds only for calls from these members (what they pass makes it, a secret file's name given to a
    /// shared helper): a tool has it when it reaches the node through one of them.
    /// </summary>
    public IReadOnlyList<ISymbol>? OnlyVia { get; init; }

    /// <summary>The member whose code a symbol is: lambdas and local functions are their containing member's.</summary>
    public static ISymbol Owner(ISymbol symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && symbol.ContainingSymbol != null)
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol is IMethodSymbol method ? NodeSummarizer.Normalize(method) : symbol;
    }
}

/// <summary>A catalogued API with argument roles, where it is called: what data flow checks.</summary>
internal sealed record SinkUse(ApiEntry Entry, string Api, SourceSpan Site, SyntaxNode? Call, IMethodSymbol? Method)
{
    /// <summary>For calls read from IL (no syntax): each parameter's argument as <see cref="ConstantText"/> would write it.</summary>
    public IReadOnlyDictionary<string, string>? ArgumentTexts { get; init; }

    /// <summary>The texts of the arguments playing a role (one per argument, <c>*</c> for unknown parts), from IL or from syntax.</summary>
    public IEnumerable<string> RoleTexts(IReadOnlyList<string> parameters, ConstantText constants) => ArgumentTexts != null
        ? parameters.Select(p => ArgumentTexts.TryGetValue(p, out var text) ? text : null).OfType<string>()
        : Arguments.ForRole(Entry, Call!, Method, parameters).Select(constants.Evaluate);
}

/// <summary>A call to a method declared in the scan, with the syntax that maps its arguments to parameters.</summary>
internal sealed record SourceCall(NodeKey Target, SyntaxNode Call, IMethodSymbol Called, SourceSpan Site);

/// <summary>What one node does directly: whom it calls and which capabilities it uses.</summary>
internal sealed class NodeSummary
{
    public NodeSummary(string displayName, SourceSpan? location)
    {
        DisplayName = displayName;
        Location = location;
    }

    public string DisplayName { get; }

    public SourceSpan? Location { get; }

    public List<Edge> Edges { get; } = new();

    public List<CapabilityUse> Uses { get; } = new();

    public List<SinkUse> Sinks { get; } = new();

    public List<SourceCall> Calls { get; } = new();

    /// <summary>The syntax the node's code consists of (bodies, initializers, values of a delegate store).</summary>
    public List<SyntaxNode> Roots { get; } = new();
}
