using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using Microsoft.CodeAnalysis;
using Tollgate.Model;

namespace Tollgate.Analysis.Metadata;

/// <summary>
/// What a compiled node does directly, in the same terms as <see cref="NodeSummarizer"/>: edges to the scan's other
/// members (with overrides and implementations across the scanned assemblies), and the catalogued APIs it uses.
/// </summary>
internal sealed class CompiledSummarizer
{
    private readonly CompiledProgram _program;
    private readonly IReadOnlyDictionary<IMethodSymbol, string> _names;

    public CompiledSummarizer(CompiledProgram program, IReadOnlyDictionary<IMethodSymbol, string> names)
    {
        _program = program;
        _names = names;
    }

    public string DisplayName(IMethodSymbol method) => _names.TryGetValue(method, out var name) ? name : SymbolNames.ReportMemberName(method);

    public NodeSummary Summarize(NodeKey key) => Summarize(key, usesOnly: false);

    /// <param name="usesOnly">Only the catalogued uses (for the inventory of code no tool reaches): no edges, so no dispatch is worked out.</param>
    public NodeSummary Summarize(NodeKey key, bool usesOnly)
    {
        var root = (IMethodSymbol)key.Symbol;
        var summary = new NodeSummary(DisplayName(root), _program.Location(root));
        var bodies = _program.Bodies(root);
        var state = new NodeState(root, labelParameters: false, _program.ParameterTexts(root));
        var interpreters = bodies.Select(b => (Body: b, IL: new ILInterpreter(b.Module, _program.Symbols, b.Handle))).ToList();
        var visitors = interpreters.Select(i => new Visitor(this, i.Body, state, summary) { UsesOnly = usesOnly }).ToList();

        // Twice when a value stored late in a loop or a generated member must reach the reads before it.
        var passes = CompiledProgram.PassesFor(bodies, 2);
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = 0; i < interpreters.Count; i++)
            {
                visitors[i].Recording = pass == passes - 1;
                interpreters[i].IL.Run(visitors[i]);
            }
        }

        // An abstract tool runs as whatever overrides it.
        if (bodies.Count == 0 && !usesOnly)
        {
            foreach (var implementation in _program.Implementations(root))
            {
                summary.Edges.Add(new Edge(new NodeKey(NodeKind.Method, implementation), summary.Location!));
            }
        }

        return summary;
    }

    private sealed class Visitor : CompiledVisitor
    {
        private readonly CompiledSummarizer _owner;
        private readonly NodeSummary _summary;
        private readonly HashSet<(NodeKey, int)> _edges = new();

        public Visitor(CompiledSummarizer owner, Body body, NodeState state, NodeSummary summary)
            : base(owner._program, body, state)
        {
            _owner = owner;
            _summary = summary;
        }

        public bool Recording { get; set; }

        public bool UsesOnly { get; init; }

        public override Cell Function(int offset, ResolvedMember target)
        {
            if (Recording && target.Symbol is IMethodSymbol method && !Uses(offset, target, null, Array.Empty<Cell>()))
            {
                Reach(offset, method, virtualCall: false);
            }

            return base.Function(offset, target);
        }

        public override Cell LoadField(int offset, ResolvedMember field, Cell? instance)
        {
            if (Recording && Program.IsScannedType(field.ContainerName))
            {
                TypeInitializer(offset, field.Symbol);
            }

            return base.LoadField(offset, field, instance);
        }

        protected override Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
        {
            // A catalogued API is where the analysis stops, as for source: the catalog says what it does.
            if (Recording && !Uses(offset, target, receiver, arguments) && Program.MayRunScannedCode(target, code == ILOpCode.Callvirt)
                && target.Symbol is IMethodSymbol method)
            {
                Reach(offset, method, virtualCall: code == ILOpCode.Callvirt);
                if (code == ILOpCode.Newobj || method.IsStatic)
                {
                    TypeInitializer(offset, method);
                }
            }

            return External(code, target, receiver, arguments);
        }

        private void Reach(int offset, IMethodSymbol method, bool virtualCall)
        {
            if (UsesOnly)
            {
                return;
            }

            foreach (var target in Program.CallTargets(method, virtualCall, State.Root))
            {
                Edge(offset, target);
            }
        }

        private void TypeInitializer(int offset, ISymbol? member)
        {
            if (UsesOnly)
            {
                return;
            }

            if (member?.ContainingType is { } type && Program.Symbols.IsScanned(type) && !CompiledProgram.IsCompilerGenerated(type)
                && type.OriginalDefinition.StaticConstructors.FirstOrDefault() is { } initializer && !SymbolEqualityComparer.Default.Equals(initializer, Body.Symbol))
            {
                Edge(offset, initializer.OriginalDefinition);
            }
        }

        private void Edge(int offset, IMethodSymbol target)
        {
            var key = new NodeKey(NodeKind.Method, target);
            if (_edges.Add((key, offset)))
            {
                _summary.Edges.Add(new Edge(key, Program.Site(Body, offset)));
            }
        }

        /// <summary>A path that names a well-known secret file reads a secret; a URL of a model hub downloads a model (as for source).</summary>
        private void DerivedUses(Catalog.ApiEntry entry, string api, SourceSpan site, bool byName, Dictionary<string, Cell> byParameter)
        {
            var catalog = Program.Context.Catalog;
            if (entry.Roles.TryGetValue("path", out var paths) && paths.Any(p => byParameter.TryGetValue(p, out var cell) && ConstantText.ContainsAny(cell.Evaluate(), catalog.SecretPaths)))
            {
                // A name the callers pass makes it a secret only for them (a helper shared by tools); none: the node's own code names it.
                var via = Program.CallerTexts(State.Root).Where(c => c.Texts.Any(t => t != null && ConstantText.ContainsAny(t, catalog.SecretPaths)))
                    .Select(c => CapabilityUse.Owner(c.Caller)).Distinct(SymbolEqualityComparer.Default).ToList();
                _summary.Uses.Add(new CapabilityUse(Capabilities.SecretsRead, api, site, byName, entry) { OnlyVia = via.Count == 0 ? null : via });
            }

            if (entry.Roles.TryGetValue("url", out var urls) && urls.Any(p => byParameter.TryGetValue(p, out var cell) && ConstantText.ContainsAny(cell.Evaluate(), catalog.ModelUrls)))
            {
                _summary.Uses.Add(new CapabilityUse(Capabilities.ModelDownload, api, site, byName, entry));
            }
        }

        /// <summary>Records the catalogued uses of a call; false when the API is not catalogued.</summary>
        private bool Uses(int offset, ResolvedMember target, Cell? receiver, Cell[] arguments)
        {
            if (!Program.MayBeCatalogued(target))
            {
                return false;
            }

            var entries = Program.Match(target, out var byName, out var api);
            if (entries.Count == 0)
            {
                return false;
            }

            var site = Program.Site(Body, offset);
            var method = target.Symbol as IMethodSymbol;
            var byParameter = ByParameter(method, receiver, arguments);
            foreach (var entry in entries)
            {
                if (entry.Condition != null && !ConditionHolds(entry.Condition, method, byParameter))
                {
                    continue;
                }

                _summary.Uses.Add(new CapabilityUse(entry.Capability, api, site, byName, entry));
                DerivedUses(entry, api, site, byName, byParameter);
                if (entry.Roles.Count > 0)
                {
                    _summary.Sinks.Add(new SinkUse(entry, api, site, null, method)
                    {
                        ArgumentTexts = byParameter.ToDictionary(p => p.Key, p => p.Value.Evaluate(), StringComparer.Ordinal),
                    });
                }
            }

            return true;
        }
    }
}
