using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Tollgate.Analysis;
using Tollgate.Model;
using Tollgate.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Cli.Policy;

/// <summary>A policy that cannot be used: the file, the line and what is wrong. The scan stops (exit 2).</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }

    public int Line { get; }

    public string Problem { get; }
}

/// <summary>What a policy rule applies to: a plugin (package id, namespace, path glob) and a tool; unset parts match everything.</summary>
public sealed record PolicyScope(string? Package, string? Namespace, string? Path, string? Tool)
{
    /// <summary>The assembly (glob) the tool is compiled into.</summary>
    public string? Assembly { get; init; }
}

/// <summary>One rule of a policy: within its scope, which capabilities, risks or rules are allowed or denied, and why.</summary>
public sealed record PolicyRule(PolicyScope Scope, IReadOnlyList<string> Allow, IReadOnlyList<string> Deny, string? Reason, int Line)
{
    /// <summary>
    /// What an allowed capability may name, by target kind (hosts, commands, paths, models): the allowance holds only when every
    /// target the tool's code names is listed (hosts and programs exactly, path roots and model sources as prefixes).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Targets { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Model sources listed with the digest of their weights: a tool that names such a source holds to the allowance only when its
    /// code compares what it downloads with that digest, and pins no digest the rule does not list.
    /// </summary>
    public IReadOnlyList<ModelPin> ModelDigests { get; init; } = Array.Empty<ModelPin>();
}

/// <summary>A model source and the digest (lowercase hex) its weights must have.</summary>
public sealed record ModelPin(string Source, string Digest);

/// <summary>
/// <c>tollgate.yml</c>: what the host team allows a plugin to do (docs: README "Use it as a CI gate", schema:
/// <c>rules/tollgate.schema.json</c>). Read with YamlDotNet's representation model so every problem names its line.
/// </summary>
public sealed class PolicyFile
{
    public const string DefaultName = "tollgate.yml";
    private const long MaxBytes = 1024 * 1024;

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "version", "fail-on", "severity", "rules" };
    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "package", "assembly", "namespace", "path", "tool", "allow", "deny", "reason", TargetKinds.Hosts, TargetKinds.Commands, TargetKinds.Paths, TargetKinds.Models,
    };

    private PolicyFile(string path)
    {
        Path = path;
    }

    /// <summary>The file as the report names it.</summary>
    public string Path { get; }

    public Severity? FailOn { get; private set; }

    /// <summary>Severity overrides by rule id, capability or risk, with the line that sets each.</summary>
    public IReadOnlyDictionary<string, (Severity Severity, int Line)> Severities => _severities;

    public IReadOnlyList<PolicyRule> Rules => _rules;

    private readonly Dictionary<string, (Severity, int)> _severities = new(StringComparer.Ordinal);
    private readonly List<PolicyRule> _rules = new();

    /// <summary>Reads and checks a policy; throws <see cref="PolicyException"/> naming the line of the first problem.</summary>
    public static PolicyFile Load(string file, string displayPath)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new PolicyException(displayPath, 0, "the policy file does not exist");
        }

        if (info.Length > MaxBytes)
        {
            throw new PolicyException(displayPath, 0, $"the policy file is {info.Length} bytes, above the {MaxBytes} byte limit");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new PolicyException(displayPath, (int)ex.Start.Line, "not valid YAML: " + FirstLine(ex.Message));
        }

        var policy = new PolicyFile(displayPath);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return policy;
        }

        if (stream.Documents.Count > 1)
        {
            throw policy.Error(stream.Documents[1].RootNode, "a policy is one YAML document");
        }

        var root = policy.Map(stream.Documents[0].RootNode, "the policy");
        foreach (var entry in root.Children)
        {
            var key = policy.Scalar(entry.Key, "a key");
            if (!TopLevel.Contains(key))
            {
                throw policy.Error(entry.Key, $"unknown key '{key}' (expected one of: {string.Join(", ", TopLevel)})");
            }

            switch (key)
            {
                case "version":
                    if (policy.Scalar(entry.Value, "version") != "1")
                    {
                        throw policy.Error(entry.Value, "unsupported version (this tollgate reads version 1)");
                    }

                    break;
                case "fail-on":
                    policy.FailOn = policy.SeverityOf(entry.Value, allowNone: true);
                    break;
                case "severity":
                    foreach (var pair in policy.Map(entry.Value, "severity").Children)
                    {
                        var name = policy.Scalar(pair.Key, "a rule id, capability or risk");
                        policy.CheckName(pair.Key, name);
                        policy._severities[name] = (policy.SeverityOf(pair.Value, allowNone: false), Line(pair.Key));
                    }

                    break;
                case "rules":
                    if (entry.Value is not YamlSequenceNode rules)
                    {
                        throw policy.Error(entry.Value, "'rules' is a list of rules");
                    }

                    foreach (var rule in rules.Children)
                    {
                        policy._rules.Add(policy.ReadRule(rule));
                    }

                    break;
            }
        }

        return policy;
    }

    private PolicyRule ReadRule(YamlNode node)
    {
        var map = Map(node, "a rule");
        string? package = null, assembly = null, ns = null, path = null, tool = null, reason = null;
        var allow = new List<string>();
        var deny = new List<string>();
        var targets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var pins = new List<ModelPin>();
        foreach (var entry in map.Children)
        {
            var key = Scalar(entry.Key, "a key");
            if (!RuleKeys.Contains(key))
            {
                throw Error(entry.Key, $"unknown key '{key}' in a rule (expected one of: {string.Join(", ", RuleKeys)})");
            }

            switch (key)
            {
                case "package": package = Scalar(entry.Value, key); break;
                case "assembly": assembly = Scalar(entry.Value, key); break;
                case "namespace": ns = Scalar(entry.Value, key); break;
                case "path": path = Scalar(entry.Value, key); break;
                case "tool": tool = Scalar(entry.Value, key); break;
                case "reason": reason = Scalar(entry.Value, key); break;
                case "allow": allow.AddRange(Names(entry.Value, key)); break;
                case "deny": deny.AddRange(Names(entry.Value, key)); break;
                case TargetKinds.Models: targets[key] = Models(entry.Value, pins).ToList(); break;
                default: targets[key] = Values(entry.Value, key).ToList(); break;
            }
        }

        if (allow.Count == 0 && deny.Count == 0)
        {
            throw Error(node, "a rule needs 'allow' or 'deny'");
        }

        if (targets.Count > 0 && allow.Count == 0)
        {
            throw Error(node, $"'{targets.Keys.First()}' limits what 'allow' lets a tool name; this rule allows nothing");
        }

        return new PolicyRule(new PolicyScope(package, ns, path, tool) { Assembly = assembly }, allow, deny, reason, Line(node)) { Targets = targets, ModelDigests = pins };
    }

    /// <summary>Model sources: a URL or path prefix, or <c>{ source: …, sha256: … }</c> to pin the weights' digest too.</summary>
    private IEnumerable<string> Models(YamlNode node, List<ModelPin> pins)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children : (IEnumerable<YamlNode>)new[] { node };
        foreach (var item in items)
        {
            if (item is not YamlMappingNode pinned)
            {
                foreach (var value in Values(item, TargetKinds.Models))
                {
                    yield return value;
                }

                continue;
            }

            string? source = null, digest = null;
            foreach (var entry in pinned.Children)
            {
                var key = Scalar(entry.Key, "a key");
                switch (key)
                {
                    case "source": source = Scalar(entry.Value, key).Trim(); break;
                    case "sha256" or "sha384" or "sha512":
                        var written = Scalar(entry.Value, key).Trim();
                        digest = PinnedDigest.Normalize(written);
                        var length = key switch { "sha256" => 64, "sha384" => 96, _ => 128 };
                        if (digest.Length != length || !digest.All(Uri.IsHexDigit))
                        {
                            throw Error(entry.Value, $"'{written}' is not a {key} digest ({length} hex digits or its base64)");
                        }

                        break;
                    default:
                        throw Error(entry.Key, $"unknown key '{key}' in a model source (expected: source, sha256, sha384, sha512)");
                }
            }

            if (string.IsNullOrEmpty(source))
            {
                throw Error(item, "a model source with a digest needs 'source'");
            }

            if (digest != null)
            {
                pins.Add(new ModelPin(source!, digest));
            }

            yield return source!;
        }
    }

    private IEnumerable<string> Names(YamlNode node, string key)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children : (IEnumerable<YamlNode>)new[] { node };
        foreach (var item in items)
        {
            var name = Scalar(item, $"an entry of '{key}'");
            CheckName(item, name);
            yield return name;
        }
    }

    private IEnumerable<string> Values(YamlNode node, string key)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children : (IEnumerable<YamlNode>)new[] { node };
        foreach (var item in items)
        {
            var value = Scalar(item, $"an entry of '{key}'").Trim();
            if (value.Length == 0)
            {
                throw Error(item, $"an empty entry in '{key}'");
            }

            yield return key == TargetKinds.Hosts ? HostOrUrlPrefix(item, value) : value;
        }
    }

    /// <summary>
    /// A host (lowercase) or a URL prefix: its scheme and host lowercase, and a prefix that stops at the host ends with '/'
    /// (so <c>https://api.example.com</c> cannot match <c>https://api.example.com.evil.net/</c>).
    /// </summary>
    private string HostOrUrlPrefix(YamlNode node, string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return value.ToLowerInvariant();
        }

        var hostEnd = value.IndexOf('/', scheme + 3);
        if (scheme == 0 || hostEnd == scheme + 3 || value.IndexOf('*') >= 0)
        {
            throw Error(node, $"'{value}' is not a URL prefix (scheme://host/path, no wildcards)");
        }

        return hostEnd < 0 ? value.ToLowerInvariant() + "/" : value.Substring(0, hostEnd).ToLowerInvariant() + value.Substring(hostEnd);
    }

    /// <summary>Rule ids, capabilities and risks are the report's words (TAXONOMY.md); anything else is a typo that would allow nothing.</summary>
    private void CheckName(YamlNode node, string name)
    {
        if (RuleRegistry.TryGet(name, out _) || Capabilities.IsKnown(name) || Risks.IsKnown(name))
        {
            return;
        }

        throw Error(node, $"unknown rule, capability or risk '{name}'");
    }

    private Severity SeverityOf(YamlNode node, bool allowNone)
    {
        var text = Scalar(node, "a severity");
        if (SeverityNames.TryParse(text, out var severity) && (allowNone || severity != Severity.None))
        {
            return severity;
        }

        throw Error(node, $"unknown severity '{text}' (expected error, warning, note{(allowNone ? " or none" : "")})");
    }

    private YamlMappingNode Map(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values");

    private string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a single value");

    private PolicyException Error(YamlNode node, string problem) => new(Path, Line(node), problem);

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return newline < 0 ? message : message.Substring(0, newline);
    }

    /// <summary>A glob with <c>*</c> (within a segment of a path, anything in a name), <c>**</c> (across segments) and <c>?</c>.</summary>
    internal static bool Glob(string pattern, string value, bool path)
    {
        var expression = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", path ? "[^/]*" : ".*").Replace(@"\?", ".") + "$";
        return Regex.IsMatch(value, expression, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
