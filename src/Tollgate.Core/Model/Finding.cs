using System.Collections.Generic;

namespace Tollgate.Model;

/// <summary>One reported fact: a capability, a risk, or a problem of the scan itself.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required Severity Severity { get; init; }
    public string? Capability { get; init; }
    public string? Risk { get; init; }
    public string? EntryPoint { get; init; }
    public string? Mitigation { get; init; }
    public required string Message { get; init; }
    public SourceSpan? Location { get; init; }
    public IReadOnlyList<string> Trace { get; init; } = new string[0];
    /// <summary>Trace steps' locations where known, same order as <see cref="Trace"/> (null for steps outside the scan).</summary>
    public IReadOnlyList<SourceSpan?> TraceLocations { get; init; } = new SourceSpan?[0];

    /// <summary>Where the entry point is declared (its attribute or the factory call), for hosts that point or fix there.</summary>
    public SourceSpan? Declaration { get; init; }

    /// <summary>Set when the scanned code or its configuration suppresses the finding; the gate does not count it.</summary>
    public FindingSuppression? Suppression { get; init; }

    /// <summary>Against a baseline (<c>scan --baseline</c>): <c>new</c>, or <c>unchanged</c> (recorded there, hidden, not counted by the gate).</summary>
    public string? BaselineState { get; init; }

    /// <summary>Facts a code fix needs (<see cref="FindingProperties"/>); not part of the reports.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// How a finding was suppressed: <c>inSource</c> (<c>#pragma warning disable</c>, <c>[SuppressMessage]</c>) or
/// <c>external</c> (an <c>.editorconfig</c> severity of <c>none</c>), with the justification given, if any.
/// </summary>
public sealed record FindingSuppression(string Kind, string? Justification)
{
    public const string InSource = "inSource";
    public const string External = "external";

    /// <summary>Allowed by the host's policy file: the justification names the file, line and reason. Never counted by the gate.</summary>
    public const string Policy = "policy";

    /// <summary>What the suppress code fix writes for the author to replace: a justification that still says this is none.</summary>
    public const string JustificationPlaceholder = "TODO: say why this is acceptable";
}

/// <summary>Keys of <see cref="Finding.Properties"/>.</summary>
public static class FindingProperties
{
    /// <summary>The declared annotation a declaration.mismatch contradicts (<c>ReadOnly</c>, <c>Destructive</c>, <c>OpenWorld</c>).</summary>
    public const string Annotation = "annotation";

    /// <summary>The value the annotation should have for the code it declares (<c>true</c>/<c>false</c>).</summary>
    public const string TruthfulValue = "truthfulValue";

    /// <summary>"true" when the tool is registered by a factory call, which can be wrapped in an approval wrapper.</summary>
    public const string RegisteredByFactory = "registeredByFactory";
}
