using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Benchmarks;

/// <summary>What a phase child reports: one JSON line on its standard output.</summary>
internal sealed class PhaseResult
{
    public static readonly JsonSerializerOptions LineJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Phase { get; set; } = string.Empty;

    public double MedianMs { get; set; }

    public double MinMs { get; set; }

    public double MaxMs { get; set; }

    public double WarmupMs { get; set; }

    public double[] RunsMs { get; set; } = [];

    /// <summary>Peak working set of the whole child process (warm-up included), read at its end.</summary>
    public long PeakWorkingSetBytes { get; set; }

    /// <summary>Managed bytes allocated by one measured run, averaged over the runs.</summary>
    public long AllocatedBytesPerRun { get; set; }

    public int Files { get; set; }

    public long Lines { get; set; }

    public int Repeat { get; set; }

    public int ProcessorCount { get; set; }

    /// <summary>Phase-specific counts that show the work was really done (trees, calls resolved, entry points found).</summary>
    public SortedDictionary<string, long> Counters { get; set; } = new();

    /// <summary>The <c>assemblies</c> phase only: its inputs, the IL-decoding floor it is compared with, each round.</summary>
    public AssembliesDetails? Assemblies { get; set; }

    /// <summary>Set when the phase could not be measured; the timings are then meaningless.</summary>
    public string? Error { get; set; }
}
