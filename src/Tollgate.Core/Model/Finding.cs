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
}
