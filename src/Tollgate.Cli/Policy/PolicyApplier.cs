using System;
using System.Collections.Generic;
using System.Linq;
using Tollgate.Model;

namespace Tollgate.Cli.Policy;

/// <summary>
/// Applies a policy to a scan's findings: severity overrides first, then rules in file order. A finding a rule allows is
/// kept and marked allowed (suppression kind <c>policy</c>, the rule as justification); one a rule denies becomes an
/// error. Problems of the scan itself (family 9) can have their severity set, but are never allowed: an unread input cannot
/// be waved through.
/// </summary>
public static class PolicyApplier
{
    public static IReadOnlyList<Finding> Apply(PolicyFile policy, IReadOnlyList<Finding> findings, IReadOnlyList<EntryPoint> entryPoints)
    {
        var tools = entryPoints.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return findings.Select(f => Apply(policy, f, tools)).ToList();
    }

    private static Finding Apply(PolicyFile policy, Finding finding, Dictionary<string, EntryPoint> tools)
    {
        var names = Names(finding);
        foreach (var name in names)
        {
            if (policy.Severities.TryGetValue(name, out var severity))
            {
                finding = finding with { Severity = severity.Severity };
            }
        }

        // Problems of the scan itself can be weighed, never allowed or denied away.
        if (finding.RuleId.StartsWith("TG9", StringComparison.Ordinal))
        {
            return finding;
        }

        tools.TryGetValue(finding.EntryPoint ?? "", out var tool);
        foreach (var rule in policy.Rules)
        {
            if (!InScope(rule.Scope, finding, tool))
            {
                continue;
            }

            var where = $"{policy.Path}:{rule.Line}";
            if (rule.Deny.FirstOrDefault(names.Contains) is { } denied)
            {
                return finding with
                {
                    Severity = Severity.Error,
                    Message = $"{finding.Message} (denied by policy {where}: {denied}{(rule.Reason is { } reason ? "; " + reason : "")})",
                };
            }

            if (rule.Allow.FirstOrDefault(names.Contains) is { } allowed)
            {
                // An allowance limited to listed targets holds only when the tool names nothing else (and names something).
                if (Unlisted(rule, finding, tool) is { } unlisted)
                {
                    return finding with { Message = $"{finding.Message} (not allowed by policy {where}: {unlisted})" };
                }

                return finding with
                {
                    Suppression = new FindingSuppression(FindingSuppression.Policy, $"allowed by policy {where} ({allowed}){(rule.Reason is { } reason ? ": " + reason : "")}"),
                };
            }
        }

        return finding;
    }

    /// <summary>The target kind a capability's allowance is limited by.</summary>
    private static string? TargetKindOf(string? capability) => capability switch
    {
        Capabilities.NetworkOutbound => TargetKinds.Hosts,
        Capabilities.ProcessExec => TargetKinds.Commands,
        Capabilities.FilesystemRead or Capabilities.FilesystemWrite => TargetKinds.Paths,
        Capabilities.ModelDownload or Capabilities.ModelLoad => TargetKinds.Models,
        _ => null,
    };

    /// <summary>Why a limited allowance does not hold for this finding's tool, or null when it does (or is not limited).</summary>
    private static string? Unlisted(PolicyRule rule, Finding finding, EntryPoint? tool)
    {
        if (TargetKindOf(finding.Capability) is not { } kind || !rule.Targets.TryGetValue(kind, out var listed))
        {
            return null;
        }

        var named = tool != null && tool.Targets.TryGetValue(kind, out var values) ? values : Array.Empty<string>();
        if (named.Count == 0)
        {
            return $"the tool's {kind} are not written in its code, so they cannot be checked against the list";
        }

        var exact = kind is TargetKinds.Hosts or TargetKinds.Commands;
        var outside = named.Where(v => !listed.Any(l => exact ? string.Equals(l, v, StringComparison.Ordinal) || PolicyFile.Glob(l, v, path: false) : v.StartsWith(l, StringComparison.Ordinal))).ToList();
        var prefixes = kind == TargetKinds.Hosts ? listed.Where(l => l.Contains("://")).ToList() : new List<string>();
        if (prefixes.Count > 0)
        {
            outside = NotUnderUrlPrefixes(prefixes, outside, tool!);
        }

        if (outside.Count > 0)
        {
            return $"it names {string.Join(", ", outside.Select(v => $"'{v}'"))}, not in its {kind}{(prefixes.Count > 0 ? " or URL prefixes" : "")}";
        }

        return kind == TargetKinds.Models ? UnpinnedDigest(rule, named, tool!) : null;
    }

    /// <summary>
    /// Hosts not listed by name are still allowed when every URL of that host the tool writes is under a listed URL prefix.
    /// What stays outside: the URLs under no prefix, and the hosts the tool names with no URL (a socket's host).
    /// </summary>
    private static List<string> NotUnderUrlPrefixes(List<string> prefixes, List<string> hosts, EntryPoint tool)
    {
        var urls = tool.Targets.TryGetValue(TargetKinds.Urls, out var written) ? written : Array.Empty<string>();
        var outside = new List<string>();
        foreach (var host in hosts)
        {
            var ofHost = urls.Where(u => HostOf(u) == host).ToList();
            outside.AddRange(ofHost.Count == 0 ? new[] { host } : ofHost.Where(u => !prefixes.Any(p => u.StartsWith(p, StringComparison.Ordinal))));
        }

        return outside;
    }

    private static string HostOf(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOf('/', start);
        return end < 0 ? url.Substring(start) : url.Substring(start, end - start);
    }

    /// <summary>
    /// A model source listed with a digest: the tool must compare its download with that digest, and pin no other.
    /// Digests are not tied to a source in the code, so the check is by the set the tool pins.
    /// </summary>
    private static string? UnpinnedDigest(PolicyRule rule, IReadOnlyList<string> sources, EntryPoint tool)
    {
        var required = rule.ModelDigests.Where(p => sources.Any(s => s.StartsWith(p.Source, StringComparison.Ordinal))).Select(p => p.Digest).Distinct(StringComparer.Ordinal).ToList();
        if (required.Count == 0)
        {
            return null;
        }

        var pinned = tool.Targets.TryGetValue(TargetKinds.Digests, out var digests) ? digests : Array.Empty<string>();
        var missing = required.Where(d => !pinned.Contains(d, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return pinned.Count == 0
                ? $"its code compares the download with no pinned digest; the policy pins {string.Join(", ", missing.Select(d => $"'{d}'"))}"
                : $"its code does not compare the download with {string.Join(", ", missing.Select(d => $"'{d}'"))}";
        }

        var other = pinned.Where(d => !rule.ModelDigests.Any(p => p.Digest == d)).ToList();
        return other.Count == 0 ? null : $"it pins {string.Join(", ", other.Select(d => $"'{d}'"))}, not in its models";
    }

    /// <summary>The words a finding can be named by in a policy: its rule id, capability and risk.</summary>
    private static HashSet<string> Names(Finding finding)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { finding.RuleId };
        if (finding.Capability != null)
        {
            names.Add(finding.Capability);
        }

        if (finding.Risk != null)
        {
            names.Add(finding.Risk);
        }

        return names;
    }

    private static bool InScope(PolicyScope scope, Finding finding, EntryPoint? tool)
    {
        var path = finding.Location?.Path ?? "";
        var member = finding.EntryPoint ?? (finding.Trace.Count > 0 ? finding.Trace[0] : "");
        if (scope.Path != null && !PolicyFile.Glob(scope.Path, path, path: true))
        {
            return false;
        }

        if (scope.Namespace != null && !(member.StartsWith(scope.Namespace + ".", StringComparison.Ordinal) || PolicyFile.Glob(scope.Namespace, member, path: false)))
        {
            return false;
        }

        // A package is named by its id: the file name of the .nupkg the finding is located in (Id.Version.nupkg!…).
        if (scope.Package != null)
        {
            var bang = path.IndexOf(".nupkg!", StringComparison.OrdinalIgnoreCase);
            var file = bang < 0 ? "" : path.Substring(0, bang).Substring(path.Substring(0, bang).LastIndexOf('/') + 1);
            if (!PolicyFile.Glob(scope.Package + ".*", file, path: false) && !PolicyFile.Glob(scope.Package, file, path: false))
            {
                return false;
            }
        }

        if (scope.Assembly != null && (tool?.Assembly == null || !PolicyFile.Glob(scope.Assembly, tool.Assembly, path: false)))
        {
            return false;
        }

        if (scope.Tool != null && (tool == null || !(PolicyFile.Glob(scope.Tool, tool.Name, path: false) || PolicyFile.Glob(scope.Tool, tool.Id, path: false))))
        {
            return false;
        }

        return true;
    }
}
