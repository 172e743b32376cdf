namespace Tollgate.Benchmarks;

/// <summary>The harness's only dependency on the CLI: its entry point, called in process.</summary>
internal static class TollgateCli
{
    /// <summary>
    /// Runs <c>tollgate scan DIR --format json --output FILE</c> through the CLI's own <c>Main</c>, so the
    /// measured work is exactly what a user runs (input discovery, compilation, analysis, the JSON report).
    /// </summary>
    public static int Scan(string corpusDirectory, string outputFile, bool risks = true)
        => global::Tollgate.Cli.Program.Main(risks
            ? ["scan", corpusDirectory, "--format", "json", "--output", outputFile]
            : ["scan", corpusDirectory, "--format", "json", "--output", outputFile, "--no-risks"]);
}
