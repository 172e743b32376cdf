using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>The shipped samples against their hand-written answer key, samples/expected.json.</summary>
public sealed class SamplesTests
{
    private static readonly JsonDocument Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Scan.RepositoryRoot, "samples", "expected.json")));

    public static IEnumerable<object[]> SampleFolders() =>
        Expected.RootElement.GetProperty("samples").EnumerateArray().Select(s => new object[] { s.GetProperty("folder").GetString()! });

    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void EverySampleMatchesItsAnswerKey(string folder) => AssertMatches(folder, withPackages: true);

    /// <summary>Without package references the engine matches by name and must find the same, except where noted.</summary>
    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void EverySampleMatchesItsAnswerKeyWithoutPackages(string folder) => AssertMatches(folder, withPackages: false);

    /// <summary>One scan of all samples per mode, shared by the cases: the samples are scanned together, as the README does.</summary>
    private static readonly System.Lazy<JsonDocument> WithPackages = new(() => ScanAll(true));
    private static readonly System.Lazy<JsonDocument> WithoutPackages = new(() => ScanAll(false));

    private static JsonDocument ScanAll(bool withPackages)
    {
        var args = new List<string> { "samples", "--no-progress", "--fail-on", "none" };
        if (!withPackages)
        {
            args.Add("--no-packages");
        }

        var (report, result) = Tool.ScanJson(args.ToArray());
        Assert.Equal(0, result.ExitCode);
        return report;
    }

    /// <summary>Each risky sample reports exactly its risks (severity included: mitigated ones are warnings); benign ones none.</summary>
    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void EverySampleReportsExactlyItsRisks(string folder)
    {
        var report = WithPackages.Value;
        var sample = Expected.RootElement.GetProperty("samples").EnumerateArray().Single(s => s.GetProperty("folder").GetString() == folder);
        foreach (var expected in sample.GetProperty("entryPoints").EnumerateArray())
        {
            var id = expected.GetProperty("id").GetString()!;
            var expectedRisks = expected.GetProperty("risks").EnumerateArray()
                .Select(r => $"{r.GetProperty("risk").GetString()}:{r.GetProperty("severity").GetString()}").OrderBy(r => r, System.StringComparer.Ordinal).ToList();
            var actualRisks = report.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("entryPoint").GetString() == id && f.GetProperty("risk").ValueKind == JsonValueKind.String)
                .Select(f => $"{f.GetProperty("risk").GetString()}:{f.GetProperty("severity").GetString()}").Distinct().OrderBy(r => r, System.StringComparer.Ordinal).ToList();
            Assert.True(expectedRisks.SequenceEqual(actualRisks), $"{id}: expected [{string.Join(", ", expectedRisks)}], found [{string.Join(", ", actualRisks)}]");
        }
    }

    private static void AssertMatches(string folder, bool withPackages)
    {
        var report = withPackages ? WithPackages.Value : WithoutPackages.Value;
        var sample = Expected.RootElement.GetProperty("samples").EnumerateArray().Single(s => s.GetProperty("folder").GetString() == folder);
        var found = report.RootElement.GetProperty("entryPoints").EnumerateArray()
            .Where(e => e.GetProperty("location").GetProperty("path").GetString()!.StartsWith(folder + "/", System.StringComparison.Ordinal))
            .ToDictionary(e => e.GetProperty("id").GetString()!);

        var expectedIds = sample.GetProperty("entryPoints").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).OrderBy(i => i).ToList();
        Assert.Equal(expectedIds, found.Keys.OrderBy(i => i).ToList());

        foreach (var expected in sample.GetProperty("entryPoints").EnumerateArray())
        {
            var id = expected.GetProperty("id").GetString()!;
            var actual = found[id];
            Assert.Equal(expected.GetProperty("framework").GetString(), actual.GetProperty("framework").GetString());
            Assert.Equal(expected.GetProperty("name").GetString(), actual.GetProperty("name").GetString());
            var expectedCapabilities = Strings(expected.GetProperty("capabilities"));
            if (!withPackages && KnownDegradedGaps.TryGetValue(id, out var missing))
            {
                expectedCapabilities = expectedCapabilities.Except(missing).ToList();
            }

            Assert.True(
                expectedCapabilities.SequenceEqual(Strings(actual.GetProperty("capabilities"))),
                $"{id}: expected [{string.Join(", ", expectedCapabilities)}], found [{string.Join(", ", Strings(actual.GetProperty("capabilities")))}]");

            foreach (var capability in expectedCapabilities)
            {
                var finding = report.RootElement.GetProperty("findings").EnumerateArray()
                    .Single(f => f.GetProperty("entryPoint").GetString() == id && f.GetProperty("capability").GetString() == capability && f.GetProperty("risk").ValueKind == JsonValueKind.Null);
                var trace = Strings(finding.GetProperty("trace"), sort: false);
                Assert.Equal(id, trace[0]);
                Assert.True(trace.Count >= 2, $"{id}/{capability}: trace too short");
            }
        }

        var unreached = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("entryPoint").ValueKind == JsonValueKind.Null && f.GetProperty("capability").ValueKind == JsonValueKind.String)
            .Where(f => f.GetProperty("location").GetProperty("path").GetString()!.StartsWith(folder + "/", System.StringComparison.Ordinal))
            .Select(f => f.GetProperty("capability").GetString()!).Distinct().OrderBy(c => c).ToList();
        Assert.Equal(Strings(sample.GetProperty("unreachedCapabilities")), unreached);
    }

    /// <summary>
    /// What name matching cannot see without the packages: the variable's type comes from
    /// <c>GetRequiredService&lt;T&gt;()</c> of an unresolved assembly, so the later <c>CreateCommand</c> call has no type.
    /// </summary>
    private static readonly Dictionary<string, string[]> KnownDegradedGaps = new()
    {
        ["DbQuery.TableToolsRegistration.AddTableTools.<lambda>1"] = new[] { "database.access" },
    };

    private static List<string> Strings(JsonElement array, bool sort = true)
    {
        var values = array.EnumerateArray().Select(e => e.GetString()!);
        return (sort ? values.OrderBy(v => v, System.StringComparer.Ordinal) : values).ToList();
    }
}
