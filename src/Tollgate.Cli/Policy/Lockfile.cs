using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli.Policy;

/// <summary>
/// <c>tollgate.lock.json</c>: per tool, what it can do today (capabilities, risks and whether each is mitigated) and the
/// concrete hosts, programs, path roots and model sources its code names. A scan against it fails when a plugin widens
/// (a new tool, capability, risk, target, or a lost mitigation) and notes when it narrows. Targets named by code no tool
/// reaches (a client's base address set in a constructor) are locked per assembly: a new one there widens the plugin too.
/// </summary>
public sealed class Lockfile
{
    private Lockfile(IReadOnlyList<LockedTool> tools, IReadOnlyList<PluginTargets> outsideTools)
    {
        Tools = tools;
        OutsideTools = outsideTools;
    }

    /// <summary>Per assembly, what its code no tool reaches names; only the kinds a lock pins (<see cref="TargetKinds.All"/>).</summary>
    public IReadOnlyList<PluginTargets> OutsideTools { get; }

    public sealed record LockedRisk(string RuleId, string Risk, bool Mitigated);

    public sealed record LockedTool(string Id, string Name, string Framework, IReadOnlyList<string> Capabilities, IReadOnlyList<LockedRisk> Risks,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Targets)
    {
        /// <summary>The plugin the tool belongs to: the assembly it is compiled into (the project for sources). Shown, not compared.</summary>
        public string? Assembly { get; init; }
    }

    public IReadOnlyList<LockedTool> Tools { get; }

    public static Lockfile Of(ScanReport report)
    {
        var tools = report.EntryPoints
            .Select(e => new LockedTool(e.Id, e.Name, e.Framework, e.Capabilities.OrderBy(c => c, StringComparer.Ordinal).ToList(), RisksOf(report, e.Id),
                Locked(e.Targets)) { Assembly = e.Assembly })
            .OrderBy(t => t.Assembly ?? "", StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Framework, StringComparer.Ordinal)
            .ToList();
        var outside = report.OutsideTools
            .Select(p => new PluginTargets(p.Assembly, Locked(p.Targets)))
            .Where(p => p.Targets.Count > 0)
            .OrderBy(p => p.Assembly, StringComparer.Ordinal)
            .ToList();
        return new Lockfile(tools, outside);
    }

    /// <summary>The kinds a lock pins (not the report's <c>urls</c>), each sorted; kinds with nothing left out.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Locked(IReadOnlyDictionary<string, IReadOnlyList<string>> targets) =>
        TargetKinds.All.Where(k => targets.TryGetValue(k, out var v) && v.Count > 0)
            .ToDictionary(k => k, k => (IReadOnlyList<string>)targets[k].OrderBy(v => v, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    /// <summary>A tool's risks, one per rule: mitigated only when every finding of it is.</summary>
    private static List<LockedRisk> RisksOf(ScanReport report, string tool) => report.Findings
        .Where(f => f.EntryPoint == tool && f.Risk != null)
        .GroupBy(f => (f.RuleId, f.Risk!))
        .Select(g => new LockedRisk(g.Key.RuleId, g.Key.Item2, g.All(f => f.Mitigation != null)))
        .OrderBy(r => r.RuleId, StringComparer.Ordinal)
        .ToList();

    /// <summary>One way a tool differs between two versions: whether it widens what the tool can do, and what changed.</summary>
    public sealed record ToolChange(string Tool, bool Widens, string What)
    {
        /// <summary>Set for a change in code no tool reaches: the assembly it is in (and <see cref="Tool"/> says so).</summary>
        public string? Assembly { get; init; }
    }

    /// <summary>Findings (TG9005) for every way the scanned plugins differ from the lock: widening as errors, narrowing as notes.</summary>
    public IReadOnlyList<Finding> Compare(ScanReport report, string lockPath)
    {
        var locations = report.EntryPoints.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Location, StringComparer.Ordinal);
        return Differences(Of(report)).Select(change => new Finding
        {
            RuleId = RuleIds.LockDrift,
            Severity = change.Widens ? Severity.Error : Severity.Note,
            EntryPoint = change.Assembly == null ? change.Tool : null,
            Message = (change.Assembly == null ? $"Tool '{change.Tool}'" : $"Code of '{change.Assembly}' that no tool reaches (startup, constructors, helpers)") + $" {change.What} {(change.Widens ? "beyond" : "within")} the lock {lockPath}" + (change.Widens ? "; review it, then run 'tollgate lock' to accept it" : ""),
            Location = locations.TryGetValue(change.Tool, out var location) ? location : new SourceSpan(lockPath, 1, 1),
            Trace = new[] { change.Tool },
        }).ToList();
    }

    /// <summary>How <paramref name="after"/> differs from this version, tool by tool, in id order.</summary>
    public IReadOnlyList<ToolChange> Differences(Lockfile after)
    {
        var current = after.Tools.ToDictionary(t => (t.Id, t.Framework));
        var locked = Tools.ToDictionary(t => (t.Id, t.Framework));
        var changes = new List<ToolChange>();
        void Add(string tool, bool widens, string what) => changes.Add(new ToolChange(tool, widens, what));

        foreach (var (key, tool) in current.OrderBy(p => p.Key.Id, StringComparer.Ordinal))
        {
            if (!locked.TryGetValue(key, out var before))
            {
                Add(tool.Id, true, $"is new ({tool.Framework} \"{tool.Name}\"{(tool.Capabilities.Count == 0 ? "" : ", reaching " + string.Join(", ", tool.Capabilities))})");
                continue;
            }

            foreach (var capability in tool.Capabilities.Except(before.Capabilities))
            {
                Add(tool.Id, true, $"gains {capability}");
            }

            foreach (var capability in before.Capabilities.Except(tool.Capabilities))
            {
                Add(tool.Id, false, $"no longer reaches {capability}");
            }

            foreach (var kind in TargetKinds.All)
            {
                var now = tool.Targets.TryGetValue(kind, out var n) ? n : Array.Empty<string>();
                var then = before.Targets.TryGetValue(kind, out var t) ? t : Array.Empty<string>();
                foreach (var value in now.Except(then, StringComparer.Ordinal))
                {
                    Add(tool.Id, true, $"names a new {Singular(kind)} '{value}'");
                }

                foreach (var value in then.Except(now, StringComparer.Ordinal))
                {
                    Add(tool.Id, false, $"no longer names the {Singular(kind)} '{value}'");
                }
            }

            var risksBefore = before.Risks.ToDictionary(r => r.RuleId, StringComparer.Ordinal);
            foreach (var risk in tool.Risks)
            {
                if (!risksBefore.TryGetValue(risk.RuleId, out var was))
                {
                    Add(tool.Id, true, $"has a new risk {risk.Risk} ({risk.RuleId}){(risk.Mitigated ? ", mitigated" : "")}");
                }
                else if (was.Mitigated && !risk.Mitigated)
                {
                    Add(tool.Id, true, $"lost the mitigation of {risk.Risk} ({risk.RuleId})");
                }
                else if (!was.Mitigated && risk.Mitigated)
                {
                    Add(tool.Id, false, $"now mitigates {risk.Risk} ({risk.RuleId})");
                }
            }

            foreach (var risk in before.Risks.Where(r => tool.Risks.All(n => n.RuleId != r.RuleId)))
            {
                Add(tool.Id, false, $"no longer has the risk {risk.Risk} ({risk.RuleId})");
            }
        }

        foreach (var (key, tool) in locked.Where(p => !current.ContainsKey(p.Key)).OrderBy(p => p.Key.Id, StringComparer.Ordinal))
        {
            Add(tool.Id, false, "is gone");
        }

        var lockedOutside = OutsideTools.ToDictionary(p => p.Assembly, StringComparer.Ordinal);
        var currentOutside = after.OutsideTools.ToDictionary(p => p.Assembly, StringComparer.Ordinal);
        foreach (var assembly in lockedOutside.Keys.Union(currentOutside.Keys).OrderBy(a => a, StringComparer.Ordinal))
        {
            foreach (var kind in TargetKinds.All)
            {
                var now = currentOutside.TryGetValue(assembly, out var n) && n.Targets.TryGetValue(kind, out var nv) ? nv : Array.Empty<string>();
                var then = lockedOutside.TryGetValue(assembly, out var t) && t.Targets.TryGetValue(kind, out var tv) ? tv : Array.Empty<string>();
                var where = $"{assembly} (code no tool reaches)";
                changes.AddRange(now.Except(then, StringComparer.Ordinal).Select(v => new ToolChange(where, true, $"names a new {Singular(kind)} '{v}'") { Assembly = assembly }));
                changes.AddRange(then.Except(now, StringComparer.Ordinal).Select(v => new ToolChange(where, false, $"no longer names the {Singular(kind)} '{v}'") { Assembly = assembly }));
            }
        }

        return changes;
    }

    private static string Singular(string kind) => kind switch
    {
        TargetKinds.Hosts => "host",
        TargetKinds.Commands => "program",
        TargetKinds.Paths => "path root",
        TargetKinds.Digests => "pinned digest",
        _ => "model source",
    };

    /// <summary>Sorted, indented with '\n', no timestamps: the same plugin writes the same bytes.</summary>
    public void Write(Stream output) => ReviewedFile.Write(output, writer =>
    {
        writer.WriteStartArray("tools");
        foreach (var tool in Tools)
        {
            writer.WriteStartObject();
            writer.WriteString("id", tool.Id);
            if (tool.Assembly != null)
            {
                writer.WriteString("assembly", tool.Assembly);
            }

            writer.WriteString("name", tool.Name);
            writer.WriteString("framework", tool.Framework);
            ReviewedFile.WriteStrings(writer, "capabilities", tool.Capabilities);
            writer.WriteStartArray("risks");
            foreach (var risk in tool.Risks)
            {
                writer.WriteStartObject();
                writer.WriteString("ruleId", risk.RuleId);
                writer.WriteString("risk", risk.Risk);
                writer.WriteBoolean("mitigated", risk.Mitigated);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteTargets(writer, tool.Targets);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("outsideTools");
        foreach (var plugin in OutsideTools)
        {
            writer.WriteStartObject();
            writer.WriteString("assembly", plugin.Assembly);
            WriteTargets(writer, plugin.Targets);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>Every kind a lock pins, in order, empty ones too: the file's shape does not depend on the plugin.</summary>
    private static void WriteTargets(Utf8JsonWriter writer, IReadOnlyDictionary<string, IReadOnlyList<string>> targets)
    {
        foreach (var kind in TargetKinds.All)
        {
            ReviewedFile.WriteStrings(writer, kind, targets.TryGetValue(kind, out var values) ? values : Array.Empty<string>());
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTargets(JsonElement item) =>
        TargetKinds.All.ToDictionary(k => k, k => (IReadOnlyList<string>)ReviewedFile.Strings(item, k), StringComparer.Ordinal);

    /// <summary>Reads a lockfile; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static Lockfile Read(string file)
    {
        using var document = ReviewedFile.Read(file, "lockfile", "tools");
        var result = new List<LockedTool>();
        foreach (var tool in document.RootElement.GetProperty("tools").EnumerateArray())
        {
            var id = ReviewedFile.Text(tool, "id") ?? throw new InvalidDataException($"lockfile '{file}': tool {result.Count + 1} has no id");
            var risks = tool.TryGetProperty("risks", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => new LockedRisk(ReviewedFile.Text(x, "ruleId") ?? "", ReviewedFile.Text(x, "risk") ?? "",
                    x.ValueKind == JsonValueKind.Object && x.TryGetProperty("mitigated", out var m) && m.ValueKind == JsonValueKind.True)).ToList()
                : new List<LockedRisk>();
            result.Add(new LockedTool(id, ReviewedFile.Text(tool, "name") ?? "", ReviewedFile.Text(tool, "framework") ?? "", ReviewedFile.Strings(tool, "capabilities"), risks,
                ReadTargets(tool))
            { Assembly = ReviewedFile.Text(tool, "assembly") });
        }

        var outside = new List<PluginTargets>();
        if (document.RootElement.TryGetProperty("outsideTools", out var plugins) && plugins.ValueKind == JsonValueKind.Array)
        {
            foreach (var plugin in plugins.EnumerateArray())
            {
                var assembly = ReviewedFile.Text(plugin, "assembly") ?? throw new InvalidDataException($"lockfile '{file}': an entry of outsideTools has no assembly");
                outside.Add(new PluginTargets(assembly, ReadTargets(plugin)));
            }
        }

        return new Lockfile(result, outside);
    }
}
