using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Analysis;

/// <summary>What the analysis of one compilation found.</summary>
public sealed record AnalysisResult(IReadOnlyList<EntryPoint> EntryPoints, IReadOnlyList<Finding> Findings, bool MatchedByName)
{
    /// <summary>What code no tool reaches names (startup, constructors, helpers), by assembly: a client's base address, a host set up at startup.</summary>
    public IReadOnlyList<PluginTargets> OutsideTools { get; init; } = Array.Empty<PluginTargets>();
}

/// <summary>Code no tool reaches, inventoried: its capability uses, each with the member that makes it, and its sinks, by assembly.</summary>
internal sealed record UnreachedCode(IReadOnlyList<(CapabilityUse Use, string Member)> Uses, IReadOnlyList<(string Assembly, SinkUse Sink)> Sinks)
{
    public static readonly UnreachedCode None = new(Array.Empty<(CapabilityUse, string)>(), Array.Empty<(string, SinkUse)>());
}

/// <summary>
/// The engine: finds a compilation's entry points, follows what they reach through the scanned code,
/// and reports each reachable capability with its shortest call trace. Capability uses no entry point
/// reaches are reported without an entry point.
/// </summary>
public sealed class PluginAnalyzer
{
    private readonly CapabilityCatalog _catalog;

    private readonly bool _risks;
    private readonly bool _unreached;

    /// <param name="risks">Run the data-flow analysis that raises risks; without it the scan is a capability inventory.</param>
    /// <param name="unreached">Also inventory the capability uses no tool reaches (every member that mentions a catalogued API is read).</param>
    public PluginAnalyzer(CapabilityCatalog catalog, bool risks = true, bool unreached = true)
    {
        _catalog = catalog;
        _risks = risks;
        _unreached = unreached;
    }

    public AnalysisResult Analyze(Compilation compilation, Func<SyntaxTree, string> pathOf, CancellationToken cancellationToken = default)
    {
        var context = new ProjectContext(compilation, _catalog, pathOf, cancellationToken);
        var summarizer = new NodeSummarizer(context);
        var entries = new EntryPointFinder(context).Find();

        var summaries = Explore(entries.Select(e => e.Root), node => summarizer.Summarize(node, DisplayName(node)), cancellationToken);
        var taint = _risks ? new TaintAnalysis(context, summaries) : null;
        return Report(context, entries, summaries, taint,
            reachedSites => _unreached ? Unreached(context, summarizer, summaries, reachedSites, cancellationToken) : UnreachedCode.None,
            cancellationToken);
    }

    /// <summary>
    /// Turns what was explored from the entry points into the report: per tool, each capability with its shortest trace and
    /// the risks of its data flows; then the capability uses no tool reaches.
    /// </summary>
    internal static AnalysisResult Report(
        ProjectContext context, IReadOnlyList<DiscoveredEntry> entries, ConcurrentDictionary<NodeKey, NodeSummary> summaries, ITaintSummaries? taint,
        Func<HashSet<(string, SourceSpan)>, UnreachedCode> unreachedCode, CancellationToken cancellationToken)
    {
        var constants = new ConstantText(context);
        var lambdaNames = entries.Where(e => e.Root.Kind == NodeKind.Lambda).ToDictionary(e => e.Root, e => e.EntryPoint.Id);

        var findings = new List<Finding>();
        var entryPoints = new List<EntryPoint>();
        var risks = taint != null ? new RiskFinder(context, taint) : null;
        var reachedSites = new HashSet<(string, SourceSpan)>();
        var matchedByName = false;
        var riskInputs = new (DiscoveredEntry Entry, IReadOnlyCollection<string> Capabilities, Dictionary<string, Finding> Findings, List<NodeSummary> Reachable)[entries.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            var reached = ShortestTraces(entry.Root, summaries, lambdaNames);
            var capabilityFindings = new Dictionary<string, Finding>(StringComparer.Ordinal);
            foreach (var pair in reached.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var (use, trace, traceLocations) = pair.Value;
                matchedByName |= use.MatchedByName;
                findings.Add(capabilityFindings[use.Capability] = new Finding
                {
                    RuleId = RuleRegistry.ForCapability(use.Capability).Id,
                    Severity = Severity.Note,
                    Capability = use.Capability,
                    EntryPoint = entry.EntryPoint.Id,
                    Message = $"Tool '{entry.EntryPoint.Name}' ({entry.EntryPoint.Framework}) can reach {use.Capability} through {use.Api}" + (use.MatchedByName ? " (matched by name: the API's assembly was not resolved)" : ""),
                    Location = use.Site,
                    Trace = trace,
                    TraceLocations = traceLocations,
                });
            }

            var reachable = ReachableSummaries(entry.Root, summaries).ToList();
            foreach (var summary in reachable)
            {
                foreach (var use in summary.Uses)
                {
                    reachedSites.Add((use.Capability, use.Site));
                }
            }

            riskInputs[e] = (entry, reached.Keys, capabilityFindings, reachable);
            entryPoints.Add(entry.EntryPoint with
            {
                Capabilities = reached.Keys.OrderBy(c => c, StringComparer.Ordinal).ToList(),
                Assembly = entry.Root.Symbol.ContainingAssembly?.Name,
                Targets = Targets(reachable.SelectMany(s => s.Sinks), constants, context.Catalog.ModelUrls),
            });
        }

        // Risks per tool in parallel; summaries shared through the analysis's cache, results kept in tool order.
        if (risks != null)
        {
            var riskFindings = new List<Finding>[entries.Count];
            Parallel.For(0, entries.Count, new ParallelOptions { CancellationToken = cancellationToken }, e =>
            {
                var input = riskInputs[e];
                riskFindings[e] = risks.Find(input.Entry, input.Capabilities, input.Findings, input.Reachable).ToList();
            });
            for (var e = 0; e < entries.Count; e++)
            {
                if (risks.PinnedDigests(entries[e]) is { Count: > 0 } digests)
                {
                    var targets = entryPoints[e].Targets.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    targets[TargetKinds.Digests] = digests;
                    entryPoints[e] = entryPoints[e] with { Targets = targets };
                }
            }

            foreach (var list in riskFindings)
            {
                findings.AddRange(list);
            }
        }

        var unreached = unreachedCode(reachedSites);
        foreach (var (use, member) in unreached.Uses)
        {
            matchedByName |= use.MatchedByName;
            findings.Add(new Finding
            {
                RuleId = RuleRegistry.ForCapability(use.Capability).Id,
                Severity = Severity.Note,
                Capability = use.Capability,
                Message = $"{member} uses {use.Capability} through {use.Api}; no tool reaches it" + (use.MatchedByName ? " (matched by name: the API's assembly was not resolved)" : ""),
                Location = use.Site,
                Trace = new[] { member, use.Api },
                TraceLocations = new SourceSpan?[] { null, use.Site },
            });
        }

        return new AnalysisResult(entryPoints, findings, matchedByName)
        {
            OutsideTools = unreached.Sinks.GroupBy(s => s.Assembly, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PluginTargets(g.Key, Targets(g.Select(s => s.Sink), constants, context.Catalog.ModelUrls)))
                .Where(p => p.Targets.Count > 0).ToList(),
        };
    }

    /// <summary>
    /// The constants a tool's reachable code passes where it uses a capability: the host of a URL whose scheme and host are
    /// written, a program, the written part of a path up to its first unknown segment, a model source. Unknown values are left out:
    /// a lockfile pins what the code says, and a value the code does not say is the capability itself.
    /// </summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Targets(IEnumerable<SinkUse> sinks, ConstantText constants, IReadOnlyList<string> modelUrls)
    {
        var found = TargetKinds.All.Append(TargetKinds.Urls).ToDictionary(k => k, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var sink in sinks)
        {
            foreach (var role in sink.Entry.Roles)
            {
                var kind = role.Key switch
                {
                    "url" or "host" when sink.Entry.Capability is Capabilities.ModelDownload => TargetKinds.Models,
                    "url" or "host" => TargetKinds.Hosts,
                    "command" => TargetKinds.Commands,
                    "path" => TargetKinds.Paths,
                    "model" => TargetKinds.Models,
                    _ => null,
                };
                if (kind == null)
                {
                    continue;
                }

                foreach (var text in sink.RoleTexts(role.Value, constants).SelectMany(t => t.Split('\n')))
                {
                    if (TargetOf(kind, role.Key, text) is { Length: > 0 } value)
                    {
                        found[kind].Add(value);
                        if (kind == TargetKinds.Hosts && role.Key == "url")
                        {
                            found[TargetKinds.Urls].Add(UrlPrefix(text));
                        }
                    }

                    // A model hub's URL is also a model source: what was written of it, up to its first unknown part.
                    if (role.Key == "url" && kind == TargetKinds.Hosts && ConstantText.ContainsAny(text, modelUrls))
                    {
                        found[TargetKinds.Models].Add(text.IndexOf('*') is var unknown and >= 0 ? text.Substring(0, unknown) : text);
                    }
                }
            }
        }

        return found.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal);
    }

    /// <summary>A URL up to its first unknown part, its scheme and host in lowercase.</summary>
    private static string UrlPrefix(string url)
    {
        var written = url.IndexOf('*') is var unknown and >= 0 ? url.Substring(0, unknown) : url;
        var hostEnd = written.IndexOf('/', written.IndexOf("://", StringComparison.Ordinal) + 3);
        return written.Substring(0, hostEnd).ToLowerInvariant() + written.Substring(hostEnd);
    }

    private static string? TargetOf(string kind, string role, string text)
    {
        if (kind == TargetKinds.Hosts && role == "url")
        {
            if (!TaintRules.HasConstantHost(text))
            {
                return null;
            }

            var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
            return text.Substring(start, text.IndexOf('/', start) - start).ToLowerInvariant();
        }

        var unknown = text.IndexOf('*');
        if (unknown < 0)
        {
            return text;
        }

        // A path's written root (/srv/data/ of /srv/data/*): where it can reach, not what it reads.
        var root = kind == TargetKinds.Paths ? text.Substring(0, unknown) : "";
        return root.LastIndexOf('/') is var slash and > 0 ? root.Substring(0, slash + 1) : null;
    }

    /// <summary>Summarizes every node reachable from the roots, a breadth-first wave at a time, each wave in parallel.</summary>
    internal static ConcurrentDictionary<NodeKey, NodeSummary> Explore(IEnumerable<NodeKey> roots, Func<NodeKey, NodeSummary> summarize, CancellationToken cancellationToken)
    {
        var summaries = new ConcurrentDictionary<NodeKey, NodeSummary>();
        var frontier = roots.Distinct().ToList();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        while (frontier.Count > 0)
        {
            Parallel.ForEach(frontier, options, node => summaries.TryAdd(node, summarize(node)));
            frontier = frontier.SelectMany(n => summaries[n].Edges).Select(e => e.Target).Where(t => !summaries.ContainsKey(t)).Distinct().ToList();
        }

        return summaries;
    }

    private static string DisplayName(NodeKey node) => node.Kind switch
    {
        NodeKind.TypeInitializer => SymbolNames.ReportMemberName(node.Symbol) + "..cctor",
        _ => SymbolNames.ReportMemberName(node.Symbol),
    };

    /// <summary>Breadth-first from one entry point: for each capability, the first use found and the path to it.</summary>
    private static Dictionary<string, (CapabilityUse Use, IReadOnlyList<string> Trace, IReadOnlyList<SourceSpan?> Locations)> ShortestTraces(
        NodeKey root, ConcurrentDictionary<NodeKey, NodeSummary> summaries, Dictionary<NodeKey, string> lambdaNames)
    {
        var result = new Dictionary<string, (CapabilityUse, IReadOnlyList<string>, IReadOnlyList<SourceSpan?>)>(StringComparer.Ordinal);
        var parent = new Dictionary<NodeKey, (NodeKey From, SourceSpan Site)?> { [root] = null };
        var queue = new Queue<NodeKey>();
        var conditional = new List<(NodeKey Node, CapabilityUse Use)>();
        queue.Enqueue(root);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (!summaries.TryGetValue(node, out var summary))
            {
                continue;
            }

            foreach (var use in summary.Uses)
            {
                if (use.OnlyVia != null)
                {
                    conditional.Add((node, use));
                }
                else if (!result.ContainsKey(use.Capability))
                {
                    var (trace, locations) = Path(node, parent, summaries, lambdaNames);
                    trace.Add(use.Api);
                    locations.Add(use.Site);
                    result[use.Capability] = (use, trace, locations);
                }
            }

            foreach (var edge in summary.Edges)
            {
                if (!parent.ContainsKey(edge.Target))
                {
                    parent[edge.Target] = (node, edge.Site);
                    queue.Enqueue(edge.Target);
                }
            }
        }

        // A use that holds only for some callers: the tool must reach the node through one of them; the trace goes that way.
        foreach (var (node, use) in conditional)
        {
            if (result.ContainsKey(use.Capability))
            {
                continue;
            }

            foreach (var caller in parent.Keys.Where(k => use.OnlyVia!.Contains(CapabilityUse.Owner(k.Symbol), SymbolEqualityComparer.Default)))
            {
                if (!summaries.TryGetValue(caller, out var callerSummary) || callerSummary.Edges.FirstOrDefault(e => e.Target.Equals(node)) is not { } call)
                {
                    continue;
                }

                var (trace, locations) = Path(caller, parent, summaries, lambdaNames);
                trace.Add(summaries[node].DisplayName);
                locations.Add(call.Site);
                trace.Add(use.Api);
                locations.Add(use.Site);
                result[use.Capability] = (use, trace, locations);
                break;
            }
        }

        return result;
    }

    private static (List<string>, List<SourceSpan?>) Path(
        NodeKey node, Dictionary<NodeKey, (NodeKey From, SourceSpan Site)?> parent, ConcurrentDictionary<NodeKey, NodeSummary> summaries, Dictionary<NodeKey, string> lambdaNames)
    {
        var names = new List<string>();
        var locations = new List<SourceSpan?>();
        for (NodeKey? current = node; current != null;)
        {
            var key = current.Value;
            names.Add(lambdaNames.TryGetValue(key, out var lambdaName) ? lambdaName : summaries[key].DisplayName);
            var step = parent[key];
            locations.Add(step?.Site ?? summaries[key].Location);
            current = step?.From;
        }

        names.Reverse();
        locations.Reverse();

        // Each step's location is the call that led to it; the first is the entry point's declaration.
        return (names, locations);
    }

    private static IEnumerable<NodeSummary> ReachableSummaries(NodeKey root, ConcurrentDictionary<NodeKey, NodeSummary> summaries)
    {
        var seen = new HashSet<NodeKey> { root };
        var stack = new Stack<NodeKey>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            if (!summaries.TryGetValue(stack.Pop(), out var summary))
            {
                continue;
            }

            yield return summary;
            foreach (var edge in summary.Edges)
            {
                if (seen.Add(edge.Target))
                {
                    stack.Push(edge.Target);
                }
            }
        }
    }

    /// <summary>Capability uses in members that mention a catalogued name, at sites no entry point reaches: the first per member and capability.</summary>
    private static UnreachedCode Unreached(
        ProjectContext context, NodeSummarizer summarizer, ConcurrentDictionary<NodeKey, NodeSummary> reached,
        HashSet<(string, SourceSpan)> reachedSites, CancellationToken cancellationToken)
    {
        var members = context.Index.MembersMentioningCatalog;
        var results = new (CapabilityUse, string)[members.Count][];
        var sinks = new SinkUse[members.Count][];
        Parallel.For(0, members.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var member = members[i];

            // A method some tool reaches was summarized already, and every use in it is reached: nothing to add.
            if (member is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                && context.Model(member.SyntaxTree).GetDeclaredSymbol(member, cancellationToken) is IMethodSymbol method
                && reached.ContainsKey(new NodeKey(NodeKind.Method, NodeSummarizer.Normalize(method))))
            {
                results[i] = Array.Empty<(CapabilityUse, string)>();
                sinks[i] = Array.Empty<SinkUse>();
                return;
            }

            var name = MemberName(context, member);
            var summary = summarizer.SummarizeSyntax(member, name);
            results[i] = summary.Uses.Where(u => !reachedSites.Contains((u.Capability, u.Site))).Select(u => (u, name)).ToArray();
            sinks[i] = summary.Sinks.Where(u => !reachedSites.Contains((u.Entry.Capability, u.Site))).ToArray();
        });

        var assembly = context.Compilation.AssemblyName ?? "";
        return new UnreachedCode(FirstPerMemberAndCapability(results), sinks.SelectMany(b => b).Select(s => (assembly, s)).ToList());
    }

    /// <summary>The first use per member and capability, one per site, in site order within each batch.</summary>
    internal static List<(CapabilityUse Use, string Member)> FirstPerMemberAndCapability(IEnumerable<(CapabilityUse Use, string Member)[]> batches)
    {
        var uses = new List<(CapabilityUse, string)>();
        var seenSites = new HashSet<(string, SourceSpan)>();
        var seenMembers = new HashSet<(string, string)>();
        foreach (var batch in batches)
        {
            foreach (var item in batch.OrderBy(i => i.Use.Site))
            {
                if (seenSites.Add((item.Use.Capability, item.Use.Site)) && seenMembers.Add((item.Member, item.Use.Capability)))
                {
                    uses.Add(item);
                }
            }
        }

        return uses;
    }

    private static string MemberName(ProjectContext context, SyntaxNode member)
    {
        var model = context.Model(member.SyntaxTree);
        var declared = member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.Count > 0 ? model.GetDeclaredSymbol(field.Declaration.Variables[0]) : null,
            ArrowExpressionClauseSyntax arrow when arrow.Parent is MemberDeclarationSyntax parent => model.GetDeclaredSymbol(parent),
            GlobalStatementSyntax => null,
            _ => model.GetDeclaredSymbol(member),
        };
        if (declared != null)
        {
            return SymbolNames.ReportMemberName(declared);
        }

        return member is GlobalStatementSyntax ? "<top-level statements>" : context.Span(member).ToString();
    }
}
