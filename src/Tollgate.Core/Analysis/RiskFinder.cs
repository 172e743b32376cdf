using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Analysis;

/// <summary>
/// Turns an entry point's taint summary, capabilities and declaration into risk findings (TAXONOMY.md),
/// lowered to warnings where the code visibly guards the risk.
/// </summary>
internal sealed class RiskFinder
{
    private static readonly Regex WritingSql = new(@"(^\s*(insert|update|delete|drop|alter|create|truncate|replace|merge|grant|revoke|attach|vacuum)\b)|\b(insert\s+into|delete\s+from|update\s+\S+\s+set|drop\s+(table|database|index)|truncate\s+table)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly HashSet<string> Modifying = new(StringComparer.Ordinal) { Capabilities.FilesystemWrite, Capabilities.ProcessExec, Capabilities.SystemModify };

    private readonly ProjectContext _context;
    private readonly ITaintSummaries _taint;
    private readonly ConstantText _constants;

    public RiskFinder(ProjectContext context, ITaintSummaries taint)
    {
        _context = context;
        _taint = taint;
        _constants = new ConstantText(context);
    }

    public IEnumerable<Finding> Find(DiscoveredEntry entry, IReadOnlyCollection<string> capabilities, IReadOnlyDictionary<string, Finding> capabilityFindings, IEnumerable<NodeSummary> reachable)
    {
        var tool = entry.EntryPoint;
        var summary = _taint.Summarize(entry.Root);
        var modelBits = 0UL;
        for (var i = 0; i < tool.Parameters.Count && i < Labels.MaxParameters; i++)
        {
            if (tool.Parameters[i].ModelControlled)
            {
                modelBits |= Labels.Parameter(i);
            }
        }

        // One finding per risk and tool: the first (shortest) unguarded flow, else the first guarded one.
        var chosen = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var flow in summary.Flows)
        {
            foreach (var (risk, labels, guardKind) in RisksOf(flow, modelBits))
            {
                var mitigation = Mitigation(entry, flow, guardKind, labels);
                if (chosen.TryGetValue(risk, out var existing) && (existing.Mitigation == null || mitigation != null))
                {
                    continue;
                }

                var explanation = Explain(tool, flow, labels, risk);
                if (risk == Risks.FilesystemTraversal && mitigation == null && summary.NaiveContainment)
                {
                    explanation += "; the StartsWith check on the way does not include the directory separator, so it is not containment";
                }

                if (!chosen.ContainsKey(risk))
                {
                    order.Add(risk);
                }

                chosen[risk] = RiskFinding(entry, risk, flow.Sink.Entry.Capability, mitigation, explanation,
                    flow.Sink.Site, new[] { tool.Id }.Concat(flow.Trace).ToList(), new SourceSpan?[] { tool.Location }.Concat(flow.Sites).ToList());
            }
        }

        // Weights fetched from a URL the model chooses, by a tool that loads models: the source of the model is the model's choice.
        if (capabilities.Contains(Capabilities.ModelLoad) && !chosen.ContainsKey(Risks.ModelUnverifiedDownload)
            && chosen.TryGetValue(Risks.NetworkSsrf, out var fetched))
        {
            order.Add(Risks.ModelUnverifiedDownload);
            chosen[Risks.ModelUnverifiedDownload] = fetched with
            {
                RuleId = RuleRegistry.ForRisk(Risks.ModelUnverifiedDownload).Id,
                Risk = Risks.ModelUnverifiedDownload,
                Capability = Capabilities.ModelDownload,
                Message = $"Tool '{tool.Name}' ({tool.Framework}): loads models and fetches data from a URL the model chooses, with no check of what it downloads"
                    + (fetched.Mitigation == null ? "" : $" (mitigated: {fetched.Mitigation})"),
            };
        }

        var findings = order.Select(r => chosen[r]).ToList();
        if (capabilities.Contains(Capabilities.ModelDownload) && !chosen.ContainsKey(Risks.ModelUnverifiedDownload)
            && capabilityFindings.TryGetValue(Capabilities.ModelDownload, out var download))
        {
            // The hash must be of what was downloaded or read from disk, not of a name or a constant.
            var digest = summary.Guards.FirstOrDefault(g => g.Kind == GuardKind.Digest && (g.Labels & (Labels.Network | Labels.File)) != 0);
            var mitigation = entry.Approval ?? (digest != null ? $"digest comparison in {digest.Where}" : null);
            findings.Add(RiskFinding(entry, Risks.ModelUnverifiedDownload, Capabilities.ModelDownload, mitigation,
                $"Tool '{tool.Name}' ({tool.Framework}): downloads model weights" + (digest == null ? " and uses them with no pinned digest compared first" : ""),
                download.Location!, download.Trace, download.TraceLocations));
        }

        findings.AddRange(Declarations(entry, capabilities, reachable));
        findings.AddRange(Descriptions(entry));
        return findings;
    }

    /// <summary>The pinned digests the tool's code compares hashes of its data with (already summarized by <see cref="Find"/>).</summary>
    public IReadOnlyList<string> PinnedDigests(DiscoveredEntry entry) =>
        _taint.Summarize(entry.Root).Guards.Where(g => g.Kind == GuardKind.Digest).SelectMany(g => g.Pinned).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();

    /// <summary>The risks one flow raises, with the data that raises each and the guard that would mitigate it.</summary>
    private static IEnumerable<(string Risk, ulong Labels, GuardKind? Guard)> RisksOf(TaintFlow flow, ulong modelBits)
    {
        if (flow.FixedRisk != null)
        {
            yield return (flow.FixedRisk, 0, flow.FixedRisk == Risks.ShellUnrestricted ? GuardKind.AllowList : null);
        }

        var capability = flow.Sink.Entry.Capability;
        var model = flow.Labels & modelBits;
        if (model != 0)
        {
            var risk = (flow.Role, capability) switch
            {
                ("command" or "arguments" or "startinfo", Capabilities.ProcessExec) => Risks.ShellUnrestricted,
                ("url", Capabilities.NetworkOutbound) when flow.ConstantHost => null,
                ("url" or "host" or "port", Capabilities.NetworkOutbound) => Risks.NetworkSsrf,
                ("url" or "host" or "model", Capabilities.ModelDownload) => Risks.ModelUnverifiedDownload,
                ("url", Capabilities.ModelLoad) => Risks.ModelUnverifiedDownload,
                ("model", Capabilities.ModelLoad) => Risks.FilesystemTraversal,
                ("path", Capabilities.FilesystemRead or Capabilities.FilesystemWrite or Capabilities.SecretsRead) => Risks.FilesystemTraversal,
                ("code", Capabilities.CodeDynamic) => Risks.CodeInjection,
                ("query", Capabilities.DatabaseAccess) => Risks.DatabaseUnrestricted,
                ("input", Capabilities.DeserializationUnsafe) => Risks.DeserializationUntrusted,
                _ => null,
            };
            if (risk != null)
            {
                yield return (risk, model, risk == Risks.FilesystemTraversal ? GuardKind.Containment : GuardKind.AllowList);
            }
        }

        var sensitive = flow.Labels & Labels.Sensitive;
        if (sensitive != 0 && capability == Capabilities.NetworkOutbound && flow.Role is "payload" or "url" or "host")
        {
            yield return (Risks.NetworkExfiltration, sensitive, null);
        }

        var downloaded = flow.Labels & Labels.Network;
        if (downloaded != 0 && flow.Role == "code" && capability == Capabilities.CodeDynamic)
        {
            yield return (Risks.CodeInjection, downloaded, null);
        }

        if (downloaded != 0 && flow.Role == "input" && capability == Capabilities.DeserializationUnsafe)
        {
            yield return (Risks.DeserializationUntrusted, downloaded, null);
        }
    }

    private static string? Mitigation(DiscoveredEntry entry, TaintFlow flow, GuardKind? kind, ulong labels)
    {
        if (entry.Approval != null)
        {
            return entry.Approval;
        }

        if (kind == null)
        {
            return null;
        }

        // Every model-controlled value that reaches the sink must be checked; a risk with no such value (a shell run on
        // data the code built) is mitigated only by approval.
        var guards = flow.Guards.Where(g => g.Kind == kind && (g.Labels & labels) != 0).ToList();
        var covered = guards.Aggregate(0UL, (l, g) => l | g.Labels);
        if (labels == 0 || (covered & labels) != labels)
        {
            return null;
        }

        var where = string.Join(", ", guards.Select(g => g.Where).Distinct());
        return kind switch
        {
            GuardKind.Containment => $"path containment check in {where}",
            _ => $"allow-list check in {where}",
        };
    }

    private static string Explain(EntryPoint tool, TaintFlow flow, ulong labels, string risk)
    {
        var where = $"{RoleName(flow.Role)} of {flow.Sink.Api}";
        string what;
        if (risk == Risks.ModelUnsafeFormat)
        {
            return $"Tool '{tool.Name}' ({tool.Framework}): loads a model format that can run code when loaded, through {flow.Sink.Api}";
        }

        if (labels == 0)
        {
            what = "a shell interpreter runs a command line that is not constant, and it reaches";
        }
        else if ((labels & Labels.Parameters) != 0)
        {
            var names = Enumerable.Range(0, Math.Min(tool.Parameters.Count, Labels.MaxParameters))
                .Where(i => (labels & Labels.Parameter(i)) != 0).Select(i => $"'{tool.Parameters[i].Name}'").ToList();
            what = $"model-controlled parameter{(names.Count > 1 ? "s" : "")} {string.Join(", ", names)} reach{(names.Count > 1 ? "" : "es")}";
        }
        else
        {
            what = $"{Labels.Describe(labels)} reach{((labels & (labels - 1)) == 0 && (labels & Labels.Environment) == 0 ? "es" : "")}";
        }

        return $"Tool '{tool.Name}' ({tool.Framework}): {what} {where}";
    }

    private static string RoleName(string role) => role switch
    {
        "command" => "the program",
        "arguments" => "the command line",
        "startinfo" => "the process start info",
        "url" => "the URL",
        "host" => "the host",
        "port" => "the port",
        "path" => "the path",
        "code" => "the code",
        "payload" => "the data sent",
        "query" => "the command text",
        "model" => "the model source",
        "input" => "the input",
        "pickle" => "the checkpoint",
        _ => role,
    };

    private IEnumerable<Finding> Declarations(DiscoveredEntry entry, IReadOnlyCollection<string> capabilities, IEnumerable<NodeSummary> reachable)
    {
        var tool = entry.EntryPoint;
        var declared = tool.Declared;
        var contradictions = new List<(string Text, string? Annotation, string? TruthfulValue)>();
        var writesDatabase = capabilities.Contains(Capabilities.DatabaseAccess) && WritesDatabase(reachable);
        var modifies = capabilities.Where(Modifying.Contains).ToList();
        if (writesDatabase)
        {
            modifies.Add("database writes");
        }

        if (declared.ReadOnly == true && modifies.Count > 0)
        {
            contradictions.Add(($"declares ReadOnly = true but reaches {string.Join(", ", modifies)}", "ReadOnly", "false"));
        }

        var destructive = capabilities.Where(c => c is Capabilities.FilesystemWrite or Capabilities.SystemModify or Capabilities.ProcessExec).ToList();
        if (writesDatabase)
        {
            destructive.Add("database writes");
        }

        if (declared.Destructive == false && destructive.Count > 0)
        {
            contradictions.Add(($"declares Destructive = false but reaches {string.Join(", ", destructive)}", "Destructive", "true"));
        }

        if (declared.OpenWorld == false && capabilities.Contains(Capabilities.NetworkOutbound))
        {
            contradictions.Add(("declares OpenWorld = false but reaches network.outbound", "OpenWorld", "true"));
        }

        if (declared.Description is { Length: > 0 } description)
        {
            var contradicted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in _context.Catalog.Claims)
            {
                // A claim of not writing (read-only, never modifies) is also contradicted by SQL that writes.
                var reaches = capabilities.Contains(claim.Capability) ? claim.Capability
                    : writesDatabase && claim.Capability == Capabilities.FilesystemWrite ? "database writes" : null;
                if (reaches != null && !contradicted.Contains(reaches) && Matches(claim.Text, description) is { } said)
                {
                    contradicted.Add(reaches);
                    contradictions.Add(($"its description says \"{said}\" but it reaches {reaches}", null, null));
                }
            }
        }

        foreach (var contradiction in contradictions.Distinct())
        {
            var finding = RiskFinding(entry, Risks.DeclarationMismatch, null, null, $"Tool '{tool.Name}' ({tool.Framework}): {contradiction.Text}",
                entry.Declaration ?? tool.Location, new[] { tool.Id }, new SourceSpan?[] { tool.Location });
            if (contradiction.Annotation == null)
            {
                yield return finding;
                continue;
            }

            // What the truthful-annotation fix writes.
            var properties = finding.Properties.ToDictionary(p => p.Key, p => p.Value);
            properties[FindingProperties.Annotation] = contradiction.Annotation;
            properties[FindingProperties.TruthfulValue] = contradiction.TruthfulValue!;
            yield return finding with { Properties = properties };
        }
    }

    private bool WritesDatabase(IEnumerable<NodeSummary> reachable)
    {
        foreach (var node in reachable)
        {
            foreach (var sink in node.Sinks)
            {
                if (sink.Entry.Capability != Capabilities.DatabaseAccess || !sink.Entry.Roles.TryGetValue("query", out var parameters))
                {
                    continue;
                }

                foreach (var text in sink.RoleTexts(parameters, _constants))
                {
                    if (WritingSql.IsMatch(text.Replace("*", " ")))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private IEnumerable<Finding> Descriptions(DiscoveredEntry entry)
    {
        var tool = entry.EntryPoint;
        var texts = new List<(string Where, string Text)>();
        if (tool.Declared.Description is { Length: > 0 } description)
        {
            texts.Add(("description", description));
        }

        if (tool.Declared.Title is { Length: > 0 } title)
        {
            texts.Add(("title", title));
        }

        foreach (var parameter in tool.Parameters)
        {
            if (parameter.Description is { Length: > 0 } text)
            {
                texts.Add(($"description of parameter '{parameter.Name}'", text));
            }
        }

        foreach (var (where, text) in texts)
        {
            string? reason = null;
            if (InvisibleCharacter(text) is { } hidden)
            {
                reason = $"contains invisible or bidirectional Unicode (U+{hidden:X4})";
            }
            else
            {
                foreach (var pattern in _context.Catalog.Injections)
                {
                    if (Matches(pattern, text) is { } said)
                    {
                        reason = $"addresses the model: \"{said}\"";
                        break;
                    }
                }
            }

            if (reason != null)
            {
                yield return RiskFinding(entry, Risks.DescriptionInjection, null, null, $"Tool '{tool.Name}' ({tool.Framework}): its {where} {reason}",
                    entry.Declaration ?? tool.Location, new[] { tool.Id }, new SourceSpan?[] { tool.Location });
            }
        }
    }

    private static string? Matches(TextPattern pattern, string text)
    {
        try
        {
            var match = pattern.Regex.Match(text);
            return match.Success ? match.Value.Trim() : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Zero-width, tag and bidirectional-override characters: text a person does not see but a model reads.</summary>
    private static int? InvisibleCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2060' and <= '\u2064' or >= '\u2066' and <= '\u2069' or '\uFEFF' or '\u00AD')
            {
                return c;
            }

            // Tag characters (U+E0000–U+E007F) are surrogate pairs starting with U+DB40.
            if (c == '\uDB40' && i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDC7F')
            {
                return char.ConvertToUtf32(c, text[i + 1]);
            }
        }

        return null;
    }

    private static Finding RiskFinding(DiscoveredEntry entry, string risk, string? capability, string? mitigation, string message, SourceSpan location, IReadOnlyList<string> trace, IReadOnlyList<SourceSpan?> traceLocations) => new()
    {
        RuleId = RuleRegistry.ForRisk(risk).Id,
        Severity = mitigation == null ? Severity.Error : Severity.Warning,
        Capability = capability,
        Risk = risk,
        EntryPoint = entry.EntryPoint.Id,
        Mitigation = mitigation,
        Message = mitigation == null ? message : $"{message} (mitigated: {mitigation})",
        Location = location,
        Trace = trace,
        TraceLocations = traceLocations,
        Declaration = entry.Declaration,
        Properties = entry.ByFactory ? FactoryRegistered : NoProperties,
    };

    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, string> FactoryRegistered = new Dictionary<string, string> { [FindingProperties.RegisteredByFactory] = "true" };
}
