using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis;

/// <summary>Taint labels as bits: one per parameter of the method being summarized, one per kind of source.</summary>
internal static class Labels
{
    public const int MaxParameters = 48;
    public const ulong Secret = 1UL << 48;
    public const ulong Environment = 1UL << 49;
    public const ulong File = 1UL << 50;
    public const ulong Network = 1UL << 51;
    public const ulong Clipboard = 1UL << 52;

    /// <summary>A hash computed by a digest API: compared with a pinned constant, it verifies a download.</summary>
    public const ulong Digest = 1UL << 53;

    /// <summary>
    /// A hash of data a parameter brought in. The hash itself carries no injection (a digest API sanitizes), but a comparison
    /// of it verifies what the caller passed: at a call, it stands for the arguments' data.
    /// </summary>
    public const ulong HashedParameter = 1UL << 54;

    /// <summary>What a digest API's result carries of its inputs: their sources, and that a parameter's data was hashed.</summary>
    public static ulong OfDigest(ulong inputs) => (inputs & Sources) | Digest | ((inputs & (Parameters | HashedParameter)) != 0 ? HashedParameter : 0);
    public const ulong Sensitive = Secret | Environment | File | Clipboard;
    public const ulong Sources = Sensitive | Network;
    public const ulong Parameters = (1UL << MaxParameters) - 1;

    public static ulong Parameter(int index) => index < MaxParameters ? 1UL << index : 0;

    public static ulong OfSource(string kind) => kind switch
    {
        "secret" => Secret,
        "environment" => Environment,
        "file" => File,
        "network" => Network,
        "clipboard" => Clipboard,
        _ => 0,
    };

    public static string Describe(ulong labels)
    {
        var names = new List<string>();
        if ((labels & Secret) != 0) names.Add("a secret");
        if ((labels & Environment) != 0) names.Add("environment variables");
        if ((labels & File) != 0) names.Add("file contents");
        if ((labels & Clipboard) != 0) names.Add("clipboard contents");
        if ((labels & Network) != 0) names.Add("downloaded data");
        return string.Join(", ", names);
    }
}

/// <summary>Data with <see cref="Labels"/> reaching a sink's role; the trace runs from the summarized node to the API.</summary>
internal sealed record TaintFlow(ulong Labels, SinkUse Sink, string Role, IReadOnlyList<string> Trace, IReadOnlyList<SourceSpan?> Sites, string? FixedRisk)
{
    /// <summary>For a URL: the scheme and host are constant, so the data chooses only the path or query.</summary>
    public bool ConstantHost { get; init; }

    /// <summary>Where the flow leaves the summarized node (the sink call, or the call into the callee that holds it); null when unknown.</summary>
    public SyntaxNode? At { get; init; }

    /// <summary>The checks made before the data reaches the sink, in the summarized node's terms.</summary>
    public IReadOnlyList<TaintGuard> Guards { get; init; } = Array.Empty<TaintGuard>();
}

/// <summary>A check on data with <see cref="Labels"/> (0 for checks not tied to a value, such as a digest comparison).</summary>
internal sealed record TaintGuard(ulong Labels, GuardKind Kind, string Where)
{
    /// <summary>Where the check happens in the summarized node (the check, or the call into the callee that makes it); null when unknown.</summary>
    public SyntaxNode? At { get; init; }

    /// <summary>What a digest guard's <see cref="Labels"/> keep of the compared data: what was hashed, never 0 (a hash of nothing known).</summary>
    public static ulong HashedData(ulong inputs) =>
        (inputs & (Tollgate.Analysis.Labels.Parameters | Tollgate.Analysis.Labels.Sources | Tollgate.Analysis.Labels.HashedParameter)) is var data and not 0 ? data : Tollgate.Analysis.Labels.Digest;

    /// <summary>For a digest comparison: the pinned values compared with, as lowercase hex when they read as a digest.</summary>
    public IReadOnlyList<string> Pinned { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Whether a check at <paramref name="check"/> runs before a flow leaving at <paramref name="flow"/>: it ends before the flow's call
    /// ends (so a check inside the call's arguments counts, one after it or around it does not). Unknown places are taken to precede.
    /// </summary>
    public static bool Precedes(SyntaxNode? check, SyntaxNode? flow) =>
        check == null || flow == null || check.SyntaxTree != flow.SyntaxTree || (check != flow && check.Span.End <= flow.Span.End);
}

/// <summary>What a node does with its parameters and the sensitive data it reads: flows to sinks, to its return value, and the checks it makes.</summary>
internal sealed class TaintSummary
{
    public static readonly TaintSummary Empty = new();

    /// <summary>What a node cut short by recursion contributes: nothing, and it marks its callers incomplete.</summary>
    public static readonly TaintSummary Truncated = new() { Incomplete = true };

    /// <summary>Some callee was cut short by recursion: the summary depends on where the walk started.</summary>
    public bool Incomplete { get; set; }

    public List<TaintFlow> Flows { get; } = new();

    public ulong Returns { get; set; }

    public List<TaintGuard> Guards { get; } = new();

    /// <summary>A containment attempt that is not one (a bare StartsWith without the separator), for the message.</summary>
    public bool NaiveContainment { get; set; }
}

/// <summary>
/// Interprocedural taint: per-node summaries (parameter to sink, parameter to return, source to sink, guards)
/// computed on demand, bottom-up, and composed at call sites. A check mitigates only the flows that leave the node after it.
/// Within a node the propagation is flow-insensitive:
/// a local that is ever assigned tainted data is tainted everywhere in the node.
/// </summary>
/// <summary>Taint summaries of the nodes an entry point starts at, whatever the code was read from.</summary>
internal interface ITaintSummaries
{
    TaintSummary Summarize(NodeKey key);
}

internal sealed class TaintAnalysis : ITaintSummaries
{
    private const int MaxDepth = 40;
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Append", "AppendLine", "AppendFormat", "AppendJoin", "Insert", "Push", "Enqueue", "Write", "WriteLine", "Prepend", "Set", "TryAdd", "Put",
    };

    private readonly ProjectContext _context;
    private readonly IReadOnlyDictionary<NodeKey, NodeSummary> _nodes;
    private readonly ConstantText _constants;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<NodeKey, TaintSummary> _cache = new();
    private readonly System.Threading.ThreadLocal<HashSet<NodeKey>> _inProgress = new(() => new HashSet<NodeKey>());
    private readonly Dictionary<string, List<SymbolId>> _sanitizers;
    private readonly Dictionary<string, List<GuardEntry>> _propertyGuards;
    private readonly TaintRules _rules;

    public TaintAnalysis(ProjectContext context, IReadOnlyDictionary<NodeKey, NodeSummary> nodes)
    {
        _context = context;
        _nodes = nodes;
        _constants = new ConstantText(context);
        _rules = new TaintRules(context);
        _sanitizers = context.Catalog.Sanitizers.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _propertyGuards = context.Catalog.Guards.Where(g => g.Symbol.Kind == SymbolIdKind.Property)
            .GroupBy(g => g.Symbol.Container).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>Summaries cut short by recursion, kept for one walk only so that a cycle is not walked again and again.</summary>
    private readonly System.Threading.ThreadLocal<Dictionary<NodeKey, TaintSummary>> _walk = new(() => new Dictionary<NodeKey, TaintSummary>());

    public TaintSummary Summarize(NodeKey key)
    {
        _walk.Value!.Clear();
        return Summarize(key, 0);
    }

    /// <summary>
    /// Summaries are cached only when complete: one cut short by recursion (a cycle, or the depth limit) depends on
    /// where the walk started, so caching it would make results depend on the order (or thread) of the walk.
    /// </summary>
    private TaintSummary Summarize(NodeKey key, int depth)
    {
        if (_cache.TryGetValue(key, out var cached) || _walk.Value!.TryGetValue(key, out cached))
        {
            return cached;
        }

        var inProgress = _inProgress.Value!;
        if (depth > MaxDepth || !_nodes.TryGetValue(key, out var node) || !inProgress.Add(key))
        {
            return depth > MaxDepth || inProgress.Contains(key) ? TaintSummary.Truncated : TaintSummary.Empty;
        }

        try
        {
            var summary = new NodeTaint(this, key, node, depth).Run();
            if (!summary.Incomplete)
            {
                _cache[key] = summary;
            }
            else
            {
                _walk.Value![key] = summary;
            }

            return summary;
        }
        finally
        {
            inProgress.Remove(key);
        }
    }

    /// <summary>The parameters a node's code binds to parameter labels, in order.</summary>
    private IReadOnlyList<IParameterSymbol> ParametersOf(NodeKey key) => key switch
    {
        { Kind: NodeKind.Method, Symbol: IMethodSymbol method } => method.Parameters,
        { Kind: NodeKind.Lambda, Syntax: { } lambda } => (_context.Model(lambda.SyntaxTree).GetSymbolInfo(lambda, _context.CancellationToken).Symbol as IMethodSymbol)?.Parameters
            ?? (IReadOnlyList<IParameterSymbol>)Array.Empty<IParameterSymbol>(),
        _ => Array.Empty<IParameterSymbol>(),
    };

    private bool IsSanitizer(IMethodSymbol method) => _rules.IsSanitizer(method);

    private GuardKind? GuardOf(IMethodSymbol method) => _rules.GuardOf(method);

    private ulong SourceLabels(IMethodSymbol? method, ISymbol symbol) => _rules.SourceLabels(method, symbol);

    private static bool CarriesNoText(ITypeSymbol? type) => TaintRules.CarriesNoText(type);

    private bool IsSanitizerByName(InvocationExpressionSyntax invocation)
    {
        if (!_sanitizers.TryGetValue(SyntaxIndex.InvokedName(invocation), out var ids))
        {
            return false;
        }

        var namespaces = _context.NamespacesInScope(invocation, out _);
        return ids.Any(id => id.Container.LastIndexOf('.') is var dot && dot > 0 && namespaces.Contains(id.Container.Substring(0, dot)));
    }

    /// <summary>The expression passed for a callee's parameter <paramref name="index"/> (for reduced extension calls, 0 is the receiver).</summary>
    private static ExpressionSyntax? ArgumentFor(SyntaxNode call, IMethodSymbol called, int index)
    {
        if (called.MethodKind == MethodKind.DelegateInvoke)
        {
            return ArgumentListOf(call) is { } delegateArguments && index < delegateArguments.Arguments.Count ? delegateArguments.Arguments[index].Expression : null;
        }

        var normalized = NodeSummarizer.Normalize(called);
        if (index >= normalized.Parameters.Length)
        {
            return null;
        }

        if (called.ReducedFrom != null && index == 0)
        {
            return (call as InvocationExpressionSyntax)?.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
        }

        var list = ArgumentListOf(call);
        if (list == null)
        {
            return null;
        }

        var name = normalized.Parameters[index].Name;
        if (normalized.Parameters[index].IsParams)
        {
            return list.Arguments.Count > index - (called.ReducedFrom != null ? 1 : 0) ? list.Arguments[index - (called.ReducedFrom != null ? 1 : 0)].Expression : null;
        }

        return Arguments.Find(list, called, name);
    }

    private static BaseArgumentListSyntax? ArgumentListOf(SyntaxNode call) => Arguments.ListOf(call) ?? (call as ConstructorInitializerSyntax)?.ArgumentList;

    /// <summary>The taint computation for one node.</summary>
    private sealed class NodeTaint
    {
        private const int MaxIterations = 8;
        private const int MaxExpressionDepth = 60;

        private readonly TaintAnalysis _owner;
        private readonly ProjectContext _context;
        private readonly NodeKey _key;
        private readonly NodeSummary _node;
        private readonly int _depth;
        private readonly Dictionary<ISymbol, ulong> _labels = new(SymbolEqualityComparer.Default);
        private readonly List<SyntaxNode> _roots;
        private readonly List<SyntaxNode> _statements = new();
        private readonly TaintSummary _summary = new();
        private readonly Dictionary<SyntaxNode, SymbolInfo> _symbols = new();
        private bool _changed;

        public NodeTaint(TaintAnalysis owner, NodeKey key, NodeSummary node, int depth)
        {
            _owner = owner;
            _context = owner._context;
            _key = key;
            _node = node;
            _depth = depth;
            _roots = node.Roots;
        }

        public TaintSummary Run()
        {
            var parameters = _owner.ParametersOf(_key);
            for (var i = 0; i < parameters.Count; i++)
            {
                _labels[parameters[i].OriginalDefinition] = Labels.Parameter(i);
            }

            // A delegate store is called with the delegate's arguments: each stored lambda's parameters, by position.
            if (_key.Kind == NodeKind.DelegateStore)
            {
                foreach (var lambda in _roots.OfType<AnonymousFunctionExpressionSyntax>())
                {
                    if (Model(lambda).GetSymbolInfo(lambda, _context.CancellationToken).Symbol is IMethodSymbol stored)
                    {
                        for (var i = 0; i < stored.Parameters.Length; i++)
                        {
                            _labels[stored.Parameters[i].OriginalDefinition] = Labels.Parameter(i);
                        }
                    }
                }
            }

            foreach (var root in _roots)
            {
                foreach (var node in root.DescendantNodesAndSelf(n => n is not AttributeListSyntax))
                {
                    if (node is VariableDeclaratorSyntax { Initializer: not null } or AssignmentExpressionSyntax or InvocationExpressionSyntax
                        or CommonForEachStatementSyntax or ReturnStatementSyntax or YieldStatementSyntax or ArrowExpressionClauseSyntax
                        or AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax } or SingleVariableDesignationSyntax)
                    {
                        _statements.Add(node);
                    }
                }
            }

            for (var iteration = 0; iteration < MaxIterations; iteration++)
            {
                _changed = false;
                foreach (var statement in _statements)
                {
                    Apply(statement);
                }

                if (!_changed)
                {
                    break;
                }
            }

            Sinks();
            Calls();
            Guards();
            GuardFlows();
            return _summary;
        }

        private void Apply(SyntaxNode statement)
        {
            switch (statement)
            {
                case VariableDeclaratorSyntax declarator:
                    Taint(Declared(declarator), Of(declarator.Initializer!.Value));
                    break;
                case SingleVariableDesignationSyntax designation when designation.Parent is DeclarationExpressionSyntax { Parent: ArgumentSyntax argument }:
                    // out var x: the call's inputs flow into x.
                    if (argument.Parent?.Parent is InvocationExpressionSyntax outCall)
                    {
                        Taint(Declared(designation), OfCallInputs(outCall));
                    }

                    break;
                case AssignmentExpressionSyntax assignment:
                    // A credential in the Authorization header goes to the request's own host: not exfiltration by itself.
                    Taint(Root(assignment.Left), IsAuthorizationHeader(assignment.Left) ? Of(assignment.Right) & ~Labels.Sensitive : Of(assignment.Right));
                    break;
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax } local when LocalCallee(local) is { } localParameters:
                    // A local function or a lambda kept in a local: its parameters see the arguments, by position.
                    for (var i = 0; i < localParameters.Length && i < local.ArgumentList.Arguments.Count; i++)
                    {
                        Taint(localParameters[i], Of(local.ArgumentList.Arguments[i].Expression));
                    }

                    break;
                case InvocationExpressionSyntax invocation when invocation.Expression is MemberAccessExpressionSyntax access && Mutators.Contains(access.Name.Identifier.ValueText):
                    var target = Root(access.Expression);
                    if (target != null && !IsDeclaredInScan(invocation))
                    {
                        var added = invocation.ArgumentList.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression));
                        var header = invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is { } first && _owner._constants.Evaluate(first) is "Authorization" or "X-Api-Key" or "Api-Key";
                        Taint(target, header ? added & ~Labels.Sensitive : added);
                    }

                    break;
                case ForEachStatementSyntax forEach:
                    Taint(Declared(forEach), Of(forEach.Expression));
                    break;
                case AnonymousFunctionExpressionSyntax lambda when lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax host } }:
                    // items.Select(x => ...): the lambda's parameters see what the call is given.
                    var inputs = OfCallInputs(host, except: lambda);
                    if (inputs != 0 && Model(lambda).GetSymbolInfo(lambda, _context.CancellationToken).Symbol is IMethodSymbol lambdaSymbol)
                    {
                        foreach (var parameter in lambdaSymbol.Parameters)
                        {
                            Taint(parameter, inputs);
                        }
                    }

                    break;
                case AnonymousFunctionExpressionSyntax stored when _key.Kind == NodeKind.DelegateStore && _roots.Contains(stored):
                    _summary.Returns |= stored.ExpressionBody is { } body ? Of(body) : 0;
                    break;
                case ReturnStatementSyntax { Expression: { } returned } when OwnsReturn(statement):
                    _summary.Returns |= Of(returned);
                    break;
                case YieldStatementSyntax { Expression: { } yielded } when OwnsReturn(statement):
                    _summary.Returns |= Of(yielded);
                    break;
                case ArrowExpressionClauseSyntax arrow when OwnsReturn(arrow):
                    _summary.Returns |= Of(arrow.Expression);
                    break;
            }
        }

        private static bool IsAuthorizationHeader(ExpressionSyntax target) =>
            target is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Authorization" } or ElementAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Headers" or "DefaultRequestHeaders" } };

        private System.Collections.Immutable.ImmutableArray<IParameterSymbol>? LocalCallee(InvocationExpressionSyntax call)
        {
            var symbol = Model(call).GetSymbolInfo(call.Expression, _context.CancellationToken).Symbol;
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
            {
                return function.Parameters;
            }

            if (symbol is ILocalSymbol local && _context.InitializerOf(local) is AnonymousFunctionExpressionSyntax lambda
                && Model(lambda).GetSymbolInfo(lambda, _context.CancellationToken).Symbol is IMethodSymbol stored)
            {
                return stored.Parameters;
            }

            return null;
        }

        /// <summary>Whether a return belongs to this node (not to a lambda or local function inside it).</summary>
        private bool OwnsReturn(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax)
                {
                    return _key.Kind == NodeKind.Lambda && current == _key.Syntax;
                }

                if (_roots.Contains(current))
                {
                    return true;
                }
            }

            return _roots.Contains(node);
        }

        private bool IsDeclaredInScan(InvocationExpressionSyntax invocation) =>
            Model(invocation).GetSymbolInfo(invocation, _context.CancellationToken).Symbol is IMethodSymbol method && ProjectContext.IsInSource(method);

        private ISymbol? Declared(SyntaxNode declaration) => Model(declaration).GetDeclaredSymbol(declaration, _context.CancellationToken);

        /// <summary>The variable an assignment target changes: the local, parameter or field at the root of a member chain.</summary>
        private ISymbol? Root(ExpressionSyntax target)
        {
            while (true)
            {
                switch (target)
                {
                    case MemberAccessExpressionSyntax access when access.Expression is not ThisExpressionSyntax:
                        target = access.Expression;
                        continue;
                    case ElementAccessExpressionSyntax element:
                        target = element.Expression;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax chained }:
                        // sb.Append("x").Append(arg): the builder at the start of the chain.
                        target = chained.Expression;
                        continue;
                    case ParenthesizedExpressionSyntax parenthesized:
                        target = parenthesized.Expression;
                        continue;
                }

                return Info(target).Symbol switch
                {
                    ILocalSymbol local => local,
                    IParameterSymbol parameter => parameter,
                    IFieldSymbol field => field,
                    IPropertySymbol property => property,
                    _ => null,
                };
            }
        }

        private void Taint(ISymbol? symbol, ulong labels)
        {
            if (symbol == null || labels == 0)
            {
                return;
            }

            symbol = symbol.OriginalDefinition;
            _labels.TryGetValue(symbol, out var current);
            if ((current | labels) != current)
            {
                _labels[symbol] = current | labels;
                _changed = true;
            }
        }

        private SemanticModel Model(SyntaxNode node) => _context.Model(node.SyntaxTree);

        /// <summary>Symbol lookups are repeated on every pass of the fixpoint: remember them.</summary>
        private SymbolInfo Info(SyntaxNode node)
        {
            if (!_symbols.TryGetValue(node, out var info))
            {
                _symbols[node] = info = Model(node).GetSymbolInfo(node, _context.CancellationToken);
            }

            return info;
        }

        private ulong OfCallInputs(InvocationExpressionSyntax call, SyntaxNode? except = null)
        {
            ulong labels = call.Expression is MemberAccessExpressionSyntax access ? Of(access.Expression) : 0;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.Expression != except)
                {
                    labels |= Of(argument.Expression);
                }
            }

            return labels;
        }

        /// <summary>The labels an expression's value carries.</summary>
        public ulong Of(ExpressionSyntax? expression) => Of(expression, 0);

        private ulong Of(ExpressionSyntax? expression, int depth)
        {
            if (expression == null || depth > MaxExpressionDepth)
            {
                return 0;
            }

            switch (expression)
            {
                case LiteralExpressionSyntax or TypeOfExpressionSyntax or DefaultExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax:
                    return 0;
                case AnonymousFunctionExpressionSyntax lambda:
                    // paths.Select(p => File.ReadAllText(p)): what the lambda returns flows on with the call's result.
                    return lambda.ExpressionBody != null
                        ? Of(lambda.ExpressionBody, depth + 1)
                        : lambda.Block?.DescendantNodes().OfType<ReturnStatementSyntax>().Aggregate(0UL, (l, r) => l | Of(r.Expression, depth + 1)) ?? 0;
                case ParenthesizedExpressionSyntax p:
                    return Of(p.Expression, depth + 1);
                case CastExpressionSyntax c:
                    return CarriesNoText(Model(c).GetTypeInfo(c.Type, _context.CancellationToken).Type) ? 0 : Of(c.Expression, depth + 1);
                case AwaitExpressionSyntax a:
                    return Of(a.Expression, depth + 1);
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                    return Of(bang.Operand, depth + 1);
                case InterpolatedStringExpressionSyntax interpolated:
                    return interpolated.Contents.OfType<InterpolationSyntax>().Aggregate(0UL, (l, i) => l | Of(i.Expression, depth + 1));
                case BinaryExpressionSyntax binary:
                    return binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.CoalesceExpression
                        ? Of(binary.Left, depth + 1) | Of(binary.Right, depth + 1)
                        : 0;
                case ConditionalExpressionSyntax conditional:
                    return Of(conditional.WhenTrue, depth + 1) | Of(conditional.WhenFalse, depth + 1);
                case AssignmentExpressionSyntax assignment:
                    return Of(assignment.Right, depth + 1);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax:
                    return OfReference(expression, depth);
                case InvocationExpressionSyntax invocation:
                    return OfInvocation(invocation, depth);
                case BaseObjectCreationExpressionSyntax creation:
                    var created = creation.ArgumentList?.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression, depth + 1)) ?? 0;
                    if (creation.Initializer != null)
                    {
                        foreach (var item in creation.Initializer.Expressions)
                        {
                            created |= Of(item is AssignmentExpressionSyntax init ? init.Right : item, depth + 1);
                        }
                    }

                    return created;
                default:
                    // Arrays, collection expressions, tuples, switch expressions, string.Join(...) inside patterns: whatever they hold.
                    return expression.ChildNodes().OfType<ExpressionSyntax>().Aggregate(0UL, (l, e) => l | Of(e, depth + 1))
                        | expression.ChildNodes().Where(n => n is not ExpressionSyntax).SelectMany(n => n.ChildNodes().OfType<ExpressionSyntax>()).Aggregate(0UL, (l, e) => l | Of(e, depth + 1));
            }
        }

        private ulong OfReference(ExpressionSyntax expression, int depth)
        {
            var symbol = Info(expression).Symbol;
            ulong labels = 0;
            if (symbol != null && _labels.TryGetValue(symbol.OriginalDefinition, out var own))
            {
                labels |= own;
            }

            if (symbol is IPropertySymbol or IFieldSymbol)
            {
                labels |= _owner.SourceLabels(null, symbol.OriginalDefinition);
            }

            switch (expression)
            {
                case MemberAccessExpressionSyntax access when symbol is not ({ IsStatic: true } or ITypeSymbol or INamespaceSymbol):
                    labels |= Of(access.Expression, depth + 1);
                    break;
                case ConditionalAccessExpressionSyntax conditional:
                    labels |= Of(conditional.Expression, depth + 1) | Of(conditional.WhenNotNull, depth + 1);
                    break;
                case ElementAccessExpressionSyntax element:
                    labels |= Of(element.Expression, depth + 1);
                    break;
            }

            return symbol is IPropertySymbol or IFieldSymbol or ILocalSymbol or IParameterSymbol && CarriesNoText(SymbolType(symbol)) ? 0 : labels;
        }

        private static ITypeSymbol? SymbolType(ISymbol symbol) => symbol switch
        {
            IPropertySymbol p => p.Type,
            IFieldSymbol f => f.Type,
            ILocalSymbol l => l.Type,
            IParameterSymbol p => p.Type,
            _ => null,
        };

        private ulong OfInvocation(InvocationExpressionSyntax invocation, int depth)
        {
            var info = Info(invocation);
            var called = info.Symbol as IMethodSymbol ?? info.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
            var receiver = invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
            if (called == null)
            {
                // Unresolved: a sanitizer of a missing package is recognised by name where its namespace is imported.
                return _owner.IsSanitizerByName(invocation) ? OfCallInputs(invocation) & Labels.Sources : OfCallInputs(invocation);
            }

            var method = NodeSummarizer.Normalize(called);
            if (CarriesNoText(called.ReturnType) || method.Name == "nameof")
            {
                return 0;
            }

            if (_owner.IsSanitizer(method))
            {
                // Escaping or trimming to a file name defuses injection; a secret escaped is still a secret.
                var inputs = OfCallInputs(invocation);
                return _owner.GuardOf(method) == GuardKind.Digest ? Labels.OfDigest(inputs) : inputs & Labels.Sources;
            }

            var labels = _owner.SourceLabels(method, method);
            if (_owner.GuardOf(method) == GuardKind.Digest && method.Name != "FixedTimeEquals")
            {
                labels |= Labels.Digest;
            }

            if ((labels & Labels.File) != 0 && SecretPath(invocation, called))
            {
                labels |= Labels.Secret;
            }

            if (ProjectContext.IsInSource(method) && _depth < MaxDepth)
            {
                var callee = _owner.Summarize(new NodeKey(NodeKind.Method, method), _depth + 1);
                _summary.Incomplete |= callee.Incomplete;
                labels |= callee.Returns & (Labels.Sources | Labels.Digest);
                for (var i = 0; i < method.Parameters.Length && i < Labels.MaxParameters; i++)
                {
                    if ((callee.Returns & Labels.Parameter(i)) != 0)
                    {
                        labels |= Of(ArgumentFor(invocation, called, i), depth + 1);
                    }
                }

                // A helper returning the hash of what it was given: the hash of what was passed here.
                if ((callee.Returns & Labels.HashedParameter) != 0)
                {
                    labels |= Labels.OfDigest(invocation.ArgumentList.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression, depth + 1)));
                }

                return labels;
            }

            // A library call passes its inputs on (string.Format, Path.Combine, StringBuilder.ToString, Convert, JSON).
            return labels | (receiver != null && !IsStaticReceiver(receiver) ? Of(receiver, depth + 1) : 0)
                | invocation.ArgumentList.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression, depth + 1));
        }

        private bool IsStaticReceiver(ExpressionSyntax receiver) =>
            Info(receiver).Symbol is ITypeSymbol or INamespaceSymbol;

        private bool SecretPath(InvocationExpressionSyntax invocation, IMethodSymbol called) =>
            invocation.ArgumentList.Arguments.Count > 0
            && ConstantText.ContainsAny(_owner._constants.Evaluate(invocation.ArgumentList.Arguments[0].Expression), _context.Catalog.SecretPaths);

        /// <summary>The role arguments of every catalogued sink this node calls.</summary>
        private void Sinks()
        {
            foreach (var sink in _node.Sinks)
            {
                foreach (var role in sink.Entry.Roles)
                {
                    ulong labels = 0;
                    foreach (var argument in RoleArguments(sink, role.Value))
                    {
                        // A number chooses a port even though it cannot carry an injection.
                        var value = role.Key == "port" && Info(argument).Symbol is IParameterSymbol or ILocalSymbol && _labels.TryGetValue(Info(argument).Symbol!.OriginalDefinition, out var number)
                            ? number
                            : Of(argument);
                        if (value != 0 && role.Key is not ("port" or "payload" or "url" or "host") && CarriesNoText(Model(argument).GetTypeInfo(argument, _context.CancellationToken).Type))
                        {
                            continue;
                        }

                        labels |= value;
                    }

                    if (labels != 0)
                    {
                        var constantHost = role.Key == "url" && RoleArguments(sink, role.Value).All(a => TaintRules.HostIsFixed(_owner._constants.Evaluate(a)));
                        _summary.Flows.Add(new TaintFlow(labels, sink, role.Key, new[] { sink.Api }, new SourceSpan?[] { sink.Site }, null)
                        {
                            ConstantHost = constantHost,
                            At = sink.Call,
                            Guards = ReceiverGuards(sink, labels),
                        });
                    }

                    if (role.Key == "pickle")
                    {
                        _summary.Flows.Add(new TaintFlow(0, sink, role.Key, new[] { sink.Api }, new SourceSpan?[] { sink.Site }, Risks.ModelUnsafeFormat) { At = sink.Call });
                    }
                    else if (role.Key == "model" && sink.Entry.Capability == Capabilities.ModelLoad
                        && RoleArguments(sink, role.Value).Any(a => ConstantText.EndsWithAny(_owner._constants.Evaluate(a), _context.Catalog.UnsafeModelFiles)))
                    {
                        _summary.Flows.Add(new TaintFlow(0, sink, role.Key, new[] { sink.Api }, new SourceSpan?[] { sink.Site }, Risks.ModelUnsafeFormat) { At = sink.Call });
                    }
                }

                if (sink.Entry.Capability == Capabilities.ProcessExec && IsDynamicShell(sink))
                {
                    _summary.Flows.Add(new TaintFlow(0, sink, "arguments", new[] { sink.Api }, new SourceSpan?[] { sink.Site }, Risks.ShellUnrestricted) { At = sink.Call });
                }
            }
        }

        /// <summary>
        /// The framework's own guards on the object the sink is called on: a plugin whose allow-list property
        /// (<c>AllowedDomains</c>, <c>AllowedFolders</c>) is set where the object is made or held checks every call itself.
        /// </summary>
        private IReadOnlyList<TaintGuard> ReceiverGuards(SinkUse sink, ulong labels)
        {
            if (!_owner._propertyGuards.TryGetValue(sink.Entry.Symbol.Container, out var properties)
                || sink.Call is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
            {
                return Array.Empty<TaintGuard>();
            }

            var guards = new List<TaintGuard>();
            foreach (var property in properties)
            {
                if (_context.PropertyValues(access.Expression, property.Symbol.Name).Any(v => !v.IsKind(SyntaxKind.NullLiteralExpression)))
                {
                    var type = property.Symbol.Container.Substring(property.Symbol.Container.LastIndexOf('.') + 1);
                    guards.Add(new TaintGuard(labels, property.Kind, $"{type}.{property.Symbol.Name}"));
                }
            }

            return guards;
        }

        /// <summary>A shell interpreter (constant program) whose command line is not constant.</summary>
        private bool IsDynamicShell(SinkUse sink)
        {
            if (!sink.Entry.Roles.TryGetValue("command", out var commandParameters) || !sink.Entry.Roles.TryGetValue("arguments", out var argumentParameters))
            {
                return false;
            }

            var command = RoleArguments(sink, commandParameters).Select(a => _owner._constants.Evaluate(a)).FirstOrDefault();
            if (command == null || !TaintRules.IsShell(command))
            {
                return false;
            }

            return RoleArguments(sink, argumentParameters).Any(a => _owner._constants.Evaluate(a).IndexOf('*') >= 0);
        }

        private static IEnumerable<ExpressionSyntax> RoleArguments(SinkUse sink, IReadOnlyList<string> parameters) =>
            Arguments.ForRole(sink.Entry, sink.Call!, sink.Method, parameters);

        /// <summary>Flows and guards of the methods this node calls, mapped onto this node's data.</summary>
        private void Calls()
        {
            foreach (var call in _node.Calls)
            {
                var callee = _owner.Summarize(call.Target, _depth + 1);
                _summary.Incomplete |= callee.Incomplete;
                if (callee.Flows.Count == 0 && callee.Guards.Count == 0)
                {
                    continue;
                }

                var calleeName = _owner._nodes.TryGetValue(call.Target, out var calleeNode) ? calleeNode.DisplayName : SymbolNames.ReportMemberName(call.Target.Symbol);
                foreach (var flow in callee.Flows)
                {
                    var mapped = Map(flow.Labels, call);
                    if (mapped != 0 || flow.FixedRisk != null)
                    {
                        _summary.Flows.Add(flow with
                        {
                            Labels = mapped,
                            Trace = new[] { calleeName }.Concat(flow.Trace).ToList(),
                            Sites = new SourceSpan?[] { call.Site }.Concat(flow.Sites).ToList(),
                            At = call.Call,
                            Guards = flow.Guards.Select(g => MapGuard(g, call)).ToList(),
                        });
                    }
                }

                foreach (var guard in callee.Guards)
                {
                    _summary.Guards.Add(MapGuard(guard, call));
                }

                _summary.NaiveContainment |= callee.NaiveContainment;
            }

            // Nodes reached without a call to map (delegate stores, type initializers): only what they read themselves.
            foreach (var edge in _node.Edges)
            {
                if (edge.Target.Kind is NodeKind.DelegateStore or NodeKind.TypeInitializer)
                {
                    var other = _owner.Summarize(edge.Target, _depth + 1);
                    _summary.Incomplete |= other.Incomplete;
                    var name = _owner._nodes.TryGetValue(edge.Target, out var otherNode) ? otherNode.DisplayName : SymbolNames.ReportMemberName(edge.Target.Symbol);
                    foreach (var flow in other.Flows.Where(f => (f.Labels & Labels.Sources) != 0 || f.FixedRisk != null))
                    {
                        _summary.Flows.Add(flow with
                        {
                            Labels = flow.Labels & Labels.Sources,
                            Trace = new[] { name }.Concat(flow.Trace).ToList(),
                            Sites = new SourceSpan?[] { edge.Site }.Concat(flow.Sites).ToList(),
                            At = null,
                            Guards = flow.Guards.Where(g => g.Labels == 0).Select(g => g with { At = null }).ToList(),
                        });
                    }
                }
            }
        }

        private TaintGuard MapGuard(TaintGuard guard, SourceCall call) =>
            guard with { Labels = guard.Labels == 0 ? 0 : Map(guard.Labels, call) | ((guard.Labels & Labels.HashedParameter) != 0 ? AllArguments(call) : 0), At = call.Call };

        /// <summary>What a call passes, all arguments together: the data a callee's hash of "some parameter" stands for.</summary>
        private ulong AllArguments(SourceCall call)
        {
            var labels = 0UL;
            for (var i = 0; i < call.Called.Parameters.Length && i < Labels.MaxParameters; i++)
            {
                labels |= Of(ArgumentFor(call.Call, call.Called, i));
            }

            return labels;
        }

        /// <summary>Each flow keeps the checks of this node that run before it leaves the node: a check after the sink mitigates nothing.</summary>
        private void GuardFlows()
        {
            if (_summary.Guards.Count == 0)
            {
                return;
            }

            for (var i = 0; i < _summary.Flows.Count; i++)
            {
                var flow = _summary.Flows[i];
                var before = _summary.Guards.Where(g => TaintGuard.Precedes(g.At, flow.At)).ToList();
                if (before.Count > 0)
                {
                    _summary.Flows[i] = flow with { Guards = flow.Guards.Concat(before).ToList() };
                }
            }
        }

        private ulong Map(ulong labels, SourceCall call)
        {
            var mapped = labels & Labels.Sources;
            var parameters = labels & Labels.Parameters;
            for (var i = 0; parameters != 0 && i < Labels.MaxParameters; i++)
            {
                if ((parameters & Labels.Parameter(i)) != 0)
                {
                    parameters &= ~Labels.Parameter(i);
                    mapped |= Of(ArgumentFor(call.Call, call.Called, i));
                }
            }

            return mapped;
        }

        /// <summary>Checks this node makes: allow-lists, containment, digests.</summary>
        private void Guards()
        {
            var where = _node.DisplayName;
            var pinned = new SortedSet<string>(StringComparer.Ordinal);
            var compared = 0UL;
            var fullPath = 0UL;
            var separatorAwarePrefix = 0UL;
            SyntaxNode? containmentCheck = null;
            foreach (var root in _roots)
            {
                foreach (var node in root.DescendantNodesAndSelf(n => n is not AttributeListSyntax))
                {
                    if (node is InvocationExpressionSyntax or BinaryExpressionSyntax or IsPatternExpressionSyntax && DoesNotBlock(node))
                    {
                        continue;
                    }

                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation:
                            var called = Model(invocation).GetSymbolInfo(invocation, _context.CancellationToken).Symbol as IMethodSymbol;
                            var name = SyntaxIndex.InvokedName(invocation);
                            if (name is "StartsWith" && invocation.Expression is MemberAccessExpressionSyntax prefix && invocation.ArgumentList.Arguments.Count > 0)
                            {
                                var checkedPath = Of(prefix.Expression);
                                if (checkedPath != 0)
                                {
                                    if (SeparatorAware(invocation.ArgumentList.Arguments[0].Expression))
                                    {
                                        separatorAwarePrefix |= checkedPath;
                                        containmentCheck ??= invocation;
                                    }
                                    else
                                    {
                                        _summary.NaiveContainment = true;
                                    }
                                }
                            }

                            if (name is "Equals" or "SequenceEqual" or "FixedTimeEquals")
                            {
                                var inputs = OfCallInputs(invocation);
                                // The values compared, not the comparison's options (StringComparison.OrdinalIgnoreCase is a constant too).
                                var operands = invocation.ArgumentList.Arguments.Select(a => a.Expression)
                                    .Where(a => !TaintRules.IsOption(Model(a).GetTypeInfo(a, _context.CancellationToken).Type))
                                    .Concat(invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiverOperand } ? new[] { receiverOperand } : Array.Empty<ExpressionSyntax>())
                                    .ToList();
                                compared |= Compared(inputs, operands, pinned);
                                if (operands.Any(IsConstant) && inputs != 0)
                                {
                                    _summary.Guards.Add(new TaintGuard(inputs, GuardKind.AllowList, where) { At = invocation });
                                }
                            }

                            if (called == null)
                            {
                                break;
                            }

                            switch (_owner.GuardOf(NodeSummarizer.Normalize(called)))
                            {
                                case GuardKind.AllowList:
                                    var allowed = invocation.ArgumentList.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression));
                                    if (allowed != 0)
                                    {
                                        _summary.Guards.Add(new TaintGuard(allowed, GuardKind.AllowList, where) { At = invocation });
                                    }

                                    break;
                                case GuardKind.Containment:
                                    fullPath |= invocation.ArgumentList.Arguments.Aggregate(0UL, (l, a) => l | Of(a.Expression));
                                    break;
                                case GuardKind.Digest:
                                    // Hashing alone verifies nothing: the comparison of its result with a pinned value does (above).
                                    break;
                            }

                            break;
                        case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                            compared |= Compared(Of(binary.Left) | Of(binary.Right), new[] { binary.Left, binary.Right }, pinned);
                            if (IsShapeCheck(binary.Left) || IsShapeCheck(binary.Right))
                            {
                                break;
                            }

                            if (IsConstant(binary.Right) && Of(binary.Left) is var left && left != 0)
                            {
                                _summary.Guards.Add(new TaintGuard(left, GuardKind.AllowList, where) { At = binary });
                            }
                            else if (IsConstant(binary.Left) && Of(binary.Right) is var right && right != 0)
                            {
                                _summary.Guards.Add(new TaintGuard(right, GuardKind.AllowList, where) { At = binary });
                            }

                            break;
                        case IsPatternExpressionSyntax pattern when pattern.Pattern.DescendantNodesAndSelf().OfType<ConstantPatternSyntax>().Any(c => !c.Expression.IsKind(SyntaxKind.NullLiteralExpression)):
                            var patterned = Of(pattern.Expression);
                            if (patterned != 0)
                            {
                                _summary.Guards.Add(new TaintGuard(patterned, GuardKind.AllowList, where) { At = pattern });
                            }

                            break;
                        case SwitchStatementSyntax switchStatement when switchStatement.Sections.SelectMany(s => s.Labels).Any(l => l is CaseSwitchLabelSyntax):
                            var switched = Of(switchStatement.Expression);
                            if (switched != 0)
                            {
                                _summary.Guards.Add(new TaintGuard(switched, GuardKind.AllowList, where) { At = switchStatement.Expression });
                            }

                            break;
                        case SwitchExpressionSyntax switchExpression when switchExpression.Arms.Any(a => a.Pattern is ConstantPatternSyntax):
                            var switchedValue = Of(switchExpression.GoverningExpression);
                            if (switchedValue != 0)
                            {
                                _summary.Guards.Add(new TaintGuard(switchedValue, GuardKind.AllowList, where) { At = switchExpression.GoverningExpression });
                            }

                            break;
                    }
                }
            }

            // Containment: the full path resolved, then checked against a root that ends with the separator.
            if ((fullPath & separatorAwarePrefix) != 0 || (fullPath != 0 && separatorAwarePrefix != 0))
            {
                _summary.Guards.Add(new TaintGuard(fullPath | separatorAwarePrefix, GuardKind.Containment, where) { At = containmentCheck });
                _summary.NaiveContainment = false;
            }

            if (compared != 0)
            {
                _summary.Guards.Add(new TaintGuard(compared, GuardKind.Digest, where) { Pinned = pinned.ToList() });
            }
        }

        /// <summary>
        /// A hash compared with a pinned value: the data that was hashed (its sources and parameters, so the check is tied to what
        /// was downloaded or read), and the values it is compared with added to <paramref name="pinned"/>; 0 when none is.
        /// </summary>
        private ulong Compared(ulong inputs, IEnumerable<ExpressionSyntax> operands, ISet<string> pinned)
        {
            if ((inputs & Labels.Digest) == 0)
            {
                return 0;
            }

            var compared = false;
            foreach (var operand in operands.Where(IsPinned))
            {
                compared = true;
                if (PinnedValue(operand, 0) is { Length: > 0 } value)
                {
                    pinned.Add(value);
                }
            }

            return compared ? TaintGuard.HashedData(inputs) : 0;
        }

        /// <summary>
        /// The text of a pinned value: a constant, the initializer of the field or property that holds it, the argument of
        /// <c>Convert.FromHexString</c>/<c>FromBase64String</c>, or constant bytes; normalized by <see cref="PinnedDigest"/>.
        /// </summary>
        private string? PinnedValue(ExpressionSyntax expression, int depth)
        {
            if (depth > 4)
            {
                return null;
            }

            var model = Model(expression);
            if (model.GetConstantValue(expression, _context.CancellationToken).Value is string text)
            {
                return PinnedDigest.Normalize(text);
            }

            var elements = expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList(),
                ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.ToList(),
                CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) =>
                    collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
                _ => null,
            };
            if (elements != null)
            {
                var bytes = elements.Select(e => model.GetConstantValue(e, _context.CancellationToken).Value).ToList();
                return bytes.Count > 0 && bytes.All(b => b is byte or int)
                    ? PinnedDigest.Hex(bytes.Select(b => unchecked((byte)Convert.ToInt32(b, System.Globalization.CultureInfo.InvariantCulture))))
                    : null;
            }

            if (expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } conversion && SyntaxIndex.InvokedName(conversion) is "FromHexString" or "FromBase64String")
            {
                return PinnedValue(conversion.ArgumentList.Arguments[0].Expression, depth + 1);
            }

            var symbol = model.GetSymbolInfo(expression, _context.CancellationToken).Symbol;
            foreach (var reference in symbol?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
            {
                var declared = reference.GetSyntax(_context.CancellationToken) switch
                {
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
                    _ => null,
                };
                if (declared != null && PinnedValue(declared, depth + 1) is { } value)
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>
        /// A check that cannot stop the call: its result ignored, or an <c>if</c> on it whose branches neither leave
        /// (return, throw, break, continue) nor do anything but log.
        /// </summary>
        private static bool DoesNotBlock(SyntaxNode check)
        {
            if (check.Parent is ExpressionStatementSyntax)
            {
                return true;
            }

            for (var node = check; node.Parent != null; node = node.Parent)
            {
                if (node.Parent is StatementSyntax and not IfStatementSyntax || node.Parent is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax)
                {
                    return false;
                }

                if (node.Parent is IfStatementSyntax branch && branch.Condition == node)
                {
                    var branches = branch.Else == null ? new SyntaxNode[] { branch.Statement } : new SyntaxNode[] { branch.Statement, branch.Else };
                    var leaves = branches.SelectMany(b => b.DescendantNodesAndSelf()).Any(n => n is ReturnStatementSyntax or ThrowStatementSyntax or ThrowExpressionSyntax or BreakStatementSyntax or ContinueStatementSyntax or YieldStatementSyntax);
                    var acts = branches.SelectMany(b => b.DescendantNodes()).OfType<InvocationExpressionSyntax>().Any(i => !IsLogging(i));
                    return !leaves && !acts;
                }
            }

            return false;
        }

        private static bool IsLogging(InvocationExpressionSyntax invocation) => TaintRules.IsLoggingName(SyntaxIndex.InvokedName(invocation));

        /// <summary>A pinned value: a constant or a static readonly field (a digest written into the code), with no data from outside.</summary>
        private bool IsPinned(ExpressionSyntax expression) =>
            (IsConstant(expression) || Info(expression).Symbol is IFieldSymbol { IsReadOnly: true } or IPropertySymbol { IsStatic: true, IsReadOnly: true }
                || expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } conversion && SyntaxIndex.InvokedName(conversion) is "FromHexString" or "FromBase64String" && IsPinned(conversion.ArgumentList.Arguments[0].Expression))
            && (Of(expression) & (Labels.Parameters | Labels.Sources)) == 0;

        /// <summary>Comparing a URL's scheme or a string's length does not allow-list the value.</summary>
        private static bool IsShapeCheck(ExpressionSyntax expression) =>
            expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Scheme" or "Length" or "Count" or "Port" or "IsAbsoluteUri" or "Extension" or "Kind" };

        private bool IsConstant(ExpressionSyntax expression)
        {
            // A null check allows anything that is not null.
            if (expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression })
            {
                return false;
            }

            var model = Model(expression);
            return model.GetConstantValue(expression, _context.CancellationToken).HasValue
                || model.GetSymbolInfo(expression, _context.CancellationToken).Symbol is IFieldSymbol { HasConstantValue: true } or IFieldSymbol { IsReadOnly: true, IsStatic: true };
        }

        /// <summary>A root that ends with the directory separator: <c>root + Path.DirectorySeparatorChar</c>, <c>"/srv/docs/"</c>.</summary>
        private bool SeparatorAware(ExpressionSyntax root, int depth = 0)
        {
            if (depth > 4)
            {
                return false;
            }

            if (root.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText is "DirectorySeparatorChar" or "AltDirectorySeparatorChar"))
            {
                return true;
            }

            var text = _owner._constants.Evaluate(root);
            if (text.EndsWith("/", StringComparison.Ordinal) || text.EndsWith("\\", StringComparison.Ordinal))
            {
                return true;
            }

            // A variable holding such a root: its initializer or what is assigned to it.
            var symbol = Model(root).GetSymbolInfo(root, _context.CancellationToken).Symbol;
            if (symbol is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
            {
                return false;
            }

            if (_context.InitializerOf(symbol) is { } initializer && initializer != root && SeparatorAware(initializer, depth + 1))
            {
                return true;
            }

            return _context.References.AssignmentsTo(symbol.Name).Any(a => a.Right != root
                && SymbolEqualityComparer.Default.Equals(Model(a).GetSymbolInfo(a.Left, _context.CancellationToken).Symbol?.OriginalDefinition, symbol.OriginalDefinition)
                && SeparatorAware(a.Right, depth + 1));
        }
    }
}
