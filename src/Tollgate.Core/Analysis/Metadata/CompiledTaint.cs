using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using System.Threading;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis.Metadata;

/// <summary>
/// Interprocedural taint over IL, with the source engine's summaries and rules: per node, which parameters and which
/// sensitive data reach which sinks, what it returns, and the checks made before. Calls into the scan compose the callee's
/// summary; catalogued APIs are sinks, sources, sanitizers or guards; anything else passes its inputs to its result.
/// </summary>
internal sealed class CompiledTaint : ITaintSummaries
{
    private const int MaxDepth = 40;
    private const int Passes = 3;

    private readonly CompiledProgram _program;
    private readonly CompiledSummarizer _summarizer;
    private readonly TaintRules _rules;
    private readonly Dictionary<string, List<GuardEntry>> _propertyGuards;
    private readonly ConcurrentDictionary<IMethodSymbol, TaintSummary> _cache = new(SymbolEqualityComparer.Default);
    private readonly ThreadLocal<HashSet<IMethodSymbol>> _inProgress = new(() => new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
    private readonly ThreadLocal<Dictionary<IMethodSymbol, TaintSummary>> _walk = new(() => new Dictionary<IMethodSymbol, TaintSummary>(SymbolEqualityComparer.Default));

    public CompiledTaint(CompiledProgram program, CompiledSummarizer summarizer)
    {
        _program = program;
        _summarizer = summarizer;
        _rules = new TaintRules(program.Context);
        _propertyGuards = program.Context.Catalog.Guards.Where(g => g.Symbol.Kind == SymbolIdKind.Property)
            .GroupBy(g => g.Symbol.Container).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public TaintSummary Summarize(NodeKey key)
    {
        _walk.Value!.Clear();
        return Summarize((IMethodSymbol)key.Symbol, 0);
    }

    private TaintSummary Summarize(IMethodSymbol method, int depth)
    {
        if (_cache.TryGetValue(method, out var cached) || _walk.Value!.TryGetValue(method, out cached))
        {
            return cached;
        }

        var inProgress = _inProgress.Value!;
        if (depth > MaxDepth || !inProgress.Add(method))
        {
            return TaintSummary.Truncated;
        }

        try
        {
            var summary = new NodeTaint(this, method, depth).Run();
            if (summary.Incomplete)
            {
                _walk.Value![method] = summary;
            }
            else
            {
                _cache[method] = summary;
            }

            return summary;
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    /// <summary>One node's taint: its bodies interpreted together until the labels stop growing.</summary>
    private sealed class NodeTaint
    {
        private readonly CompiledTaint _owner;
        private readonly IMethodSymbol _root;
        private readonly int _depth;
        private readonly TaintSummary _summary = new();
        private readonly List<(int Body, int Offset, TaintFlow Flow)> _flows = new();
        private readonly List<(int Body, int Offset, TaintGuard Guard)> _guards = new();
        private ulong _fullPath;
        private readonly List<(int Body, int Offset, ulong Labels)> _prefixChecks = new();
        private readonly List<(int Body, int Offset, ulong Hashed, IReadOnlyList<string> Pinned)> _digestChecks = new();

        /// <summary>Checks whose result the code throws away (<c>IsAllowed(x);</c>): they cannot stop anything.</summary>
        private readonly HashSet<(int Body, int Offset)> _ignored = new();

        public NodeTaint(CompiledTaint owner, IMethodSymbol root, int depth)
        {
            _owner = owner;
            _root = root;
            _depth = depth;
        }

        public string Where => _owner._summarizer.DisplayName(_root);

        public TaintSummary Run()
        {
            var program = _owner._program;
            var state = new NodeState(_root, labelParameters: true, program.ParameterTexts(_root));
            var bodies = program.Bodies(_root);
            var runs = bodies.Select((b, i) => (IL: new ILInterpreter(b.Module, program.Symbols, b.Handle), Visitor: new Visitor(this, b, i, state))).ToList();
            var passes = CompiledProgram.PassesFor(bodies, Passes);
            for (var pass = 0; pass < passes; pass++)
            {
                foreach (var (il, visitor) in runs)
                {
                    visitor.Recording = pass == passes - 1;
                    il.Run(visitor);
                }
            }

            _guards.RemoveAll(g => _ignored.Contains((g.Body, g.Offset)));
            var prefixChecks = _prefixChecks.Where(c => !_ignored.Contains((c.Body, c.Offset))).ToList();
            var separatorAware = prefixChecks.Aggregate(0UL, (l, c) => l | c.Labels);
            if ((_fullPath & separatorAware) != 0 || (_fullPath != 0 && separatorAware != 0))
            {
                var (body, offset, _) = prefixChecks[0];
                _guards.Add((body, offset, new TaintGuard(_fullPath | separatorAware, GuardKind.Containment, Where)));
                _summary.NaiveContainment = false;
            }

            var digestChecks = _digestChecks.Where(c => !_ignored.Contains((c.Body, c.Offset))).ToList();
            if (digestChecks.Count > 0)
            {
                var pinned = digestChecks.SelectMany(c => c.Pinned).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
                _guards.Add((-1, 0, new TaintGuard(digestChecks.Aggregate(0UL, (l, c) => l | c.Hashed), GuardKind.Digest, Where) { Pinned = pinned }));
            }

            foreach (var (body, offset, flow) in _flows)
            {
                // A check counts for a flow when it runs first: earlier in the same body, or in another body of the node.
                var before = _guards.Where(g => g.Body != body || g.Offset < offset).Select(g => g.Guard);
                _summary.Flows.Add(flow with { Guards = flow.Guards.Concat(before).ToList() });
            }

            _summary.Guards.AddRange(_guards.Select(g => g.Guard));
            _summary.Returns = state.Returned(_root).Labels & (Labels.Parameters | Labels.Sources | Labels.Digest | Labels.HashedParameter);
            return _summary;
        }

        private sealed class Visitor : CompiledVisitor
        {
            private readonly NodeTaint _node;
            private readonly int _index;

            public Visitor(NodeTaint node, Body body, int index, NodeState state)
                : base(node._owner._program, body, state)
            {
                _node = node;
                _index = index;
            }

            public bool Recording { get; set; }

            private CompiledTaint Owner => _node._owner;

            public override void Discard(Cell value)
            {
                if (value.CheckAt >= 0)
                {
                    _node._ignored.Add((_index, value.CheckAt));
                }
            }

            /// <summary>
            /// An <c>if</c> on a check whose branches neither leave (return, throw, break out) nor do anything but log cannot stop
            /// anything, as in source: the code between the branch and its target, and an <c>else</c> block after it.
            /// </summary>
            public override void Branch(ILInstruction branch, Cell condition)
            {
                if (condition.CheckAt < 0 || branch.Operand <= branch.Offset)
                {
                    return;
                }

                var instructions = Body.Module.Decoded(Body.Handle).Instructions;
                var start = instructions.FindIndex(i => i.Offset == branch.Offset) + 1;
                var target = (int)branch.Operand;
                var end = target;
                var last = instructions.FindLastIndex(i => i.Offset < target);
                if (last >= start && instructions[last].Code is ILOpCode.Br or ILOpCode.Br_s && instructions[last].Operand > target)
                {
                    end = (int)instructions[last].Operand;
                }

                var blocks = instructions.Where(i => i.Offset > branch.Offset && i.Offset < end).ToList();
                var leaves = blocks.Any(i => i.Code is ILOpCode.Ret or ILOpCode.Throw or ILOpCode.Rethrow or ILOpCode.Leave or ILOpCode.Leave_s
                    || (i.Code is ILOpCode.Br or ILOpCode.Br_s && (i.Operand > end || i.Operand < branch.Offset)));
                var acts = blocks.Any(i => i.Code is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj && !IsLogging(Program.Symbols.Member(Body.Module, i.Token)));
                if (!leaves && !acts)
                {
                    _node._ignored.Add((_index, condition.CheckAt));
                }
            }

            /// <summary>
            /// Logging, and what IL adds to build its message where source has no call (property reads, concatenation and
            /// interpolation): what source reads as "only logs".
            /// </summary>
            private static bool IsLogging(ResolvedMember member) =>
                TaintRules.IsLoggingName(member.MemberName) || member.MemberName is "Format" or "Concat" or "ToString"
                || member.MemberName.StartsWith("get_", StringComparison.Ordinal)
                || member.ContainerName.EndsWith("InterpolatedStringHandler", StringComparison.Ordinal);

            public override void Compare(int offset, Cell left, Cell? right)
            {
                if (!Recording)
                {
                    return;
                }

                if (right == null)
                {
                    Guard(offset, left.Labels, GuardKind.AllowList);
                }
                else if (IsConstant(right) && !left.Shape)
                {
                    Guard(offset, left.Labels, GuardKind.AllowList);
                }
                else if (IsConstant(left) && !right.Shape)
                {
                    Guard(offset, right.Labels, GuardKind.AllowList);
                }
            }

            protected override Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
            {
                var api = "";
                var entries = Program.MayBeCatalogued(target) ? Program.Match(target, out _, out api) : Array.Empty<ApiEntry>();
                if (entries.Count == 0 && Program.MayRunScannedCode(target, code == ILOpCode.Callvirt) && target.Symbol is IMethodSymbol callee
                    && Program.CallTargets(callee, code == ILOpCode.Callvirt, _node._root).Where(t => Program.BodyOf(t) != null).ToList() is { Count: > 0 } callees)
                {
                    return Compose(offset, callees, arguments);
                }

                if (Recording && entries.Count > 0)
                {
                    Sinks(offset, entries, api, target.Symbol as IMethodSymbol, receiver, arguments);
                }

                var result = External(code, target, receiver, arguments);
                if (!Owner._rules.MayApply(target.MemberName) || target.Symbol is not IMethodSymbol method)
                {
                    return result;
                }

                var inputs = arguments.Aggregate(receiver?.Labels ?? 0, (l, a) => l | a.Labels);
                var rules = Owner._rules;
                if (rules.IsSanitizer(method.OriginalDefinition))
                {
                    return new Cell { Labels = rules.GuardOf(method.OriginalDefinition) == GuardKind.Digest ? Labels.OfDigest(inputs) : inputs & Labels.Sources };
                }

                var source = method is { AssociatedSymbol: IPropertySymbol property } ? rules.SourceLabels(null, property) : rules.SourceLabels(method.OriginalDefinition, method.OriginalDefinition);
                if ((source & Labels.File) != 0 && arguments.Length > 0 && ConstantText.ContainsAny(arguments[0].Evaluate(), Program.Context.Catalog.SecretPaths))
                {
                    source |= Labels.Secret;
                }

                if (source != 0)
                {
                    result = new Cell { Labels = result.Labels | source, Text = result.Text, Object = result.Object };
                }

                Checks(offset, method, receiver, arguments, inputs, ref result);
                return result;
            }

            private Cell Compose(int offset, List<IMethodSymbol> callees, Cell[] arguments)
            {
                var result = new Cell();
                var site = Program.Site(Body, offset);
                foreach (var callee in callees)
                {
                    var summary = Owner.Summarize(callee, _node._depth + 1);
                    _node._summary.Incomplete |= summary.Incomplete;
                    result.Labels |= Map(summary.Returns, arguments);
                    if (!Recording)
                    {
                        continue;
                    }

                    _node._summary.NaiveContainment |= summary.NaiveContainment;
                    var name = Owner._summarizer.DisplayName(callee);
                    foreach (var flow in summary.Flows)
                    {
                        var mapped = Map(flow.Labels, arguments);
                        if (mapped == 0 && flow.FixedRisk == null)
                        {
                            continue;
                        }

                        _node._flows.Add((_index, offset, new TaintFlow(mapped, flow.Sink, flow.Role, new[] { name }.Concat(flow.Trace).ToList(), new SourceSpan?[] { site }.Concat(flow.Sites).ToList(), flow.FixedRisk)
                        {
                            ConstantHost = flow.ConstantHost,
                            Guards = flow.Guards.Select(g => g with { Labels = g.Labels == 0 ? 0 : Map(g.Labels, arguments) }).ToList(),
                        }));
                    }

                    foreach (var guard in summary.Guards)
                    {
                        _node._guards.Add((_index, offset, guard with { Labels = guard.Labels == 0 ? 0 : Map(guard.Labels, arguments) }));
                    }
                }

                return result;
            }

            /// <summary>A callee's labels in the caller's terms: its parameters become what was passed for them.</summary>
            private static ulong Map(ulong labels, Cell[] arguments)
            {
                var mapped = labels & (Labels.Sources | Labels.Digest);

                // A hash of "some parameter" (a helper returning or comparing one) stands for what was passed.
                if ((labels & Labels.HashedParameter) != 0)
                {
                    mapped |= Labels.OfDigest(arguments.Aggregate(0UL, (l, a) => l | a.Labels)) & ~Labels.Digest | (labels & Labels.Digest);
                }

                for (var i = 0; i < arguments.Length && i < Labels.MaxParameters; i++)
                {
                    if ((labels & Labels.Parameter(i)) != 0)
                    {
                        mapped |= arguments[i].Labels;
                    }
                }

                return mapped;
            }

            private void Sinks(int offset, IReadOnlyList<ApiEntry> entries, string api, IMethodSymbol? method, Cell? receiver, Cell[] arguments)
            {
                var site = Program.Site(Body, offset);
                var byParameter = ByParameter(method, receiver, arguments);
                var texts = byParameter.ToDictionary(p => p.Key, p => p.Value.Evaluate(), StringComparer.Ordinal);
                var catalog = Program.Context.Catalog;
                foreach (var entry in entries)
                {
                    if (entry.Roles.Count == 0 || (entry.Condition != null && !ConditionHolds(entry.Condition, method, byParameter)))
                    {
                        continue;
                    }

                    var sink = new SinkUse(entry, api, site, null, method) { ArgumentTexts = texts };
                    foreach (var role in entry.Roles)
                    {
                        var cells = RoleArguments(role.Value, method, byParameter, arguments);
                        var labels = 0UL;
                        foreach (var (cell, type) in cells)
                        {
                            if (cell.Labels != 0 && role.Key is not ("port" or "payload" or "url" or "host") && TaintRules.CarriesNoText(type))
                            {
                                continue;
                            }

                            labels |= cell.Labels;
                        }

                        if (labels != 0)
                        {
                            _node._flows.Add((_index, offset, new TaintFlow(labels, sink, role.Key, new[] { api }, new SourceSpan?[] { site }, null)
                            {
                                ConstantHost = role.Key == "url" && cells.Count > 0 && cells.All(c => TaintRules.HostIsFixed(c.Cell.Evaluate())),
                                Guards = ReceiverGuards(entry, receiver, labels),
                            }));
                        }

                        if (role.Key == "pickle"
                            || (role.Key == "model" && entry.Capability == Capabilities.ModelLoad && cells.Any(c => ConstantText.EndsWithAny(c.Cell.Evaluate(), catalog.UnsafeModelFiles))))
                        {
                            _node._flows.Add((_index, offset, new TaintFlow(0, sink, role.Key, new[] { api }, new SourceSpan?[] { site }, Risks.ModelUnsafeFormat)));
                        }
                    }

                    if (entry.Capability == Capabilities.ProcessExec && entry.Roles.TryGetValue("command", out var command) && entry.Roles.TryGetValue("arguments", out var commandLine)
                        && RoleArguments(command, method, byParameter, arguments).Select(c => c.Cell.Text).FirstOrDefault() is { } program && TaintRules.IsShell(program)
                        && RoleArguments(commandLine, method, byParameter, arguments).Any(c => c.Cell.Evaluate().IndexOf('*') >= 0))
                    {
                        _node._flows.Add((_index, offset, new TaintFlow(0, sink, "arguments", new[] { api }, new SourceSpan?[] { site }, Risks.ShellUnrestricted)));
                    }
                }
            }

            /// <summary>The arguments playing a role, with their parameter's type; every argument when the API did not resolve.</summary>
            private static List<(Cell Cell, ITypeSymbol? Type)> RoleArguments(IReadOnlyList<string> parameters, IMethodSymbol? method, Dictionary<string, Cell> byParameter, Cell[] arguments)
            {
                if (method == null)
                {
                    return arguments.Select(a => (a, (ITypeSymbol?)null)).ToList();
                }

                var result = new List<(Cell, ITypeSymbol?)>();
                foreach (var parameter in parameters)
                {
                    if (byParameter.TryGetValue(parameter, out var cell))
                    {
                        result.Add((cell, parameter == "this" ? method.ContainingType : method.Parameters.FirstOrDefault(p => p.Name == parameter)?.Type));
                    }
                }

                return result;
            }

            /// <summary>The framework's own guards on the object the sink is called on (<c>AllowedDomains</c> set on it).</summary>
            private IReadOnlyList<TaintGuard> ReceiverGuards(ApiEntry entry, Cell? receiver, ulong labels)
            {
                if (receiver?.Properties == null || !Owner._propertyGuards.TryGetValue(entry.Symbol.Container, out var properties))
                {
                    return Array.Empty<TaintGuard>();
                }

                var guards = new List<TaintGuard>();
                foreach (var property in properties)
                {
                    if (receiver.Properties.ContainsKey(property.Symbol.Name))
                    {
                        var type = property.Symbol.Container.Substring(property.Symbol.Container.LastIndexOf('.') + 1);
                        guards.Add(new TaintGuard(labels, property.Kind, $"{type}.{property.Symbol.Name}"));
                    }
                }

                return guards;
            }

            /// <summary>Checks a call makes: catalogued guards, comparisons with constants, prefix checks of resolved paths, digests compared.</summary>
            private void Checks(int offset, IMethodSymbol method, Cell? receiver, Cell[] arguments, ulong inputs, ref Cell result)
            {
                var rules = Owner._rules;
                var name = method.Name;
                var argumentLabels = arguments.Aggregate(0UL, (l, a) => l | a.Labels);
                switch (rules.GuardOf(method.OriginalDefinition))
                {
                    case GuardKind.AllowList:
                        Guard(offset, argumentLabels, GuardKind.AllowList);
                        break;
                    case GuardKind.Containment:
                        _node._fullPath |= Recording ? argumentLabels : 0;
                        break;
                    case GuardKind.Digest when name != "FixedTimeEquals":
                        result = new Cell { Labels = result.Labels | Labels.Digest, Text = result.Text };
                        break;
                }

                if (name == "StartsWith" && receiver != null && receiver.Labels != 0 && arguments.Length > 0 && Recording)
                {
                    var prefix = arguments[0];
                    if (prefix.Separator || prefix.Evaluate().EndsWith("/", StringComparison.Ordinal) || prefix.Evaluate().EndsWith("\\", StringComparison.Ordinal))
                    {
                        _node._prefixChecks.Add((_index, offset, receiver.Labels));
                    }
                    else
                    {
                        _node._summary.NaiveContainment = true;
                    }
                }

                if (name is "Equals" or "SequenceEqual" or "FixedTimeEquals" or "op_Equality" or "op_Inequality" && Recording)
                {
                    // The values compared, not the comparison's options (StringComparison.OrdinalIgnoreCase is a constant too).
                    var operands = arguments.Where((a, i) => i >= method.Parameters.Length || !TaintRules.IsOption(method.Parameters[i].Type))
                        .Concat(receiver != null ? new[] { receiver } : Array.Empty<Cell>()).ToList();
                    var pinned = operands.Where(IsConstant).ToList();
                    if ((inputs & Labels.Digest) != 0 && pinned.Count > 0)
                    {
                        _node._digestChecks.Add((_index, offset, TaintGuard.HashedData(inputs), pinned.Select(p => PinnedDigest.Normalize(p.Text!)).Where(p => p.Length > 0).ToList()));
                    }

                    if (operands.Any(IsConstant) && !operands.Any(o => o.Shape))
                    {
                        Guard(offset, inputs & ~Labels.Digest, GuardKind.AllowList);
                    }
                }

                // A check answers with a boolean; the code must use the answer for the check to stop anything (see Discard).
                if (method.ReturnType.SpecialType == SpecialType.System_Boolean)
                {
                    result.CheckAt = offset;
                }
            }

            private void Guard(int offset, ulong labels, GuardKind kind)
            {
                if (Recording && labels != 0)
                {
                    _node._guards.Add((_index, offset, new TaintGuard(labels, kind, _node.Where)));
                }
            }

            private static bool IsConstant(Cell cell) => cell.Text != null && cell.Labels == 0 && !cell.Object && cell.Text.IndexOf('*') < 0;
        }
    }
}
