using System.Collections.Generic;

namespace Tollgate.Model;

/// <summary>What a tool says about itself: exposed name, description, MCP annotations.</summary>
public sealed record DeclaredMetadata
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public bool? ReadOnly { get; init; }
    public bool? Destructive { get; init; }
    public bool? Idempotent { get; init; }
    public bool? OpenWorld { get; init; }
}

/// <summary>A tool parameter; model-controlled unless the framework injects it.</summary>
public sealed record ToolParameter(string Name, string Type, bool ModelControlled, string? Description);

/// <summary>A method or delegate a model can invoke, with what it can reach.</summary>
public sealed record EntryPoint
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Framework { get; init; }
    public required SourceSpan Location { get; init; }
    public required DeclaredMetadata Declared { get; init; }
    public required IReadOnlyList<ToolParameter> Parameters { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = new string[0];

    /// <summary>The assembly the tool is compiled into (the project's name for sources), for policies scoped by assembly.</summary>
    public string? Assembly { get; init; }

    /// <summary>
    /// What the tool's code names as constants where it reaches a capability, by kind (<see cref="TargetKinds"/>): hosts,
    /// programs, path roots, model sources, and the pinned digests its code compares downloads with; sorted. What a lockfile pins and a drift report compares.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Targets { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>What code of an assembly that no tool reaches names, by kind (<see cref="TargetKinds"/>).</summary>
public sealed record PluginTargets(string Assembly, IReadOnlyDictionary<string, IReadOnlyList<string>> Targets);

/// <summary>The kinds of <see cref="EntryPoint.Targets"/>.</summary>
public static class TargetKinds
{
    public const string Hosts = "hosts";
    public const string Commands = "commands";
    public const string Paths = "paths";
    public const string Models = "models";

    /// <summary>Digests written into the code and compared with a hash of downloaded data: lowercase hex.</summary>
    public const string Digests = "digests";

    /// <summary>
    /// The written part of each URL whose scheme and host are written, up to its first unknown part. Reported, and checked by a
    /// policy's URL prefixes; not locked (the lock pins hosts: a new path on a locked host is not a new place to send data).
    /// </summary>
    public const string Urls = "urls";

    /// <summary>The kinds a lockfile pins and a drift report compares.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { Hosts, Commands, Paths, Models, Digests };
}
