using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>The host's policy file through the built tool: what it allows passes, what it denies fails, a broken policy stops the scan.</summary>
public sealed class PolicyTests
{
    private const string Plugin = """
        using System.ComponentModel;
        using System.Diagnostics;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;
        namespace Contoso.Weather;
        [McpServerToolType]
        public static class WeatherTools
        {
            private static readonly HttpClient Http = new();

            [McpServerTool(Name = "get_forecast"), Description("Gets the forecast.")]
            public static Task<string> GetForecast(string city) => Http.GetStringAsync("https://api.weather.gov/forecast?city=" + city);

            [McpServerTool(Name = "clean_cache"), Description("Cleans the cache.")]
            public static void CleanCache() => Process.Start("rm", "-rf /tmp/weather-cache");
        }
        """;

    [Fact]
    public void WhatThePolicyAllowsPassesTheGateAndIsReportedAsAllowed()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), """
            version: 1
            rules:
              - namespace: Contoso.Weather
                allow: [network.outbound, process.exec]
                reason: reviewed by the platform team
            """);

        var (report, result) = Tool.ScanJson(path, "--no-progress", "--fail-on", "note");

        Assert.Equal(0, result.ExitCode);
        var allowed = Findings(report).Where(f => f.TryGetProperty("suppression", out var s) && s.ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(2, allowed.Count);
        Assert.All(allowed, f =>
        {
            Assert.Equal("policy", f.GetProperty("suppression").GetProperty("kind").GetString());
            Assert.Contains("tollgate.yml:3", f.GetProperty("suppression").GetProperty("justification").GetString());
        });
    }

    [Fact]
    public void WhatThePolicyDeniesFailsTheGate()
    {
        using var folder = Plugin_(out var path);
        var policy = Path.Combine(path, "host-policy.yml");
        File.WriteAllText(policy, """
            version: 1
            rules:
              - tool: clean_cache
                deny: [process.exec]
                reason: tools may not start processes here
            """);

        var (report, result) = Tool.ScanJson(path, "--no-progress", "--policy", policy);

        Assert.Equal(1, result.ExitCode);
        var denied = Assert.Single(Findings(report), f => f.GetProperty("ruleId").GetString() == "TG1100");
        Assert.Equal("error", denied.GetProperty("severity").GetString());
        Assert.Contains("denied by policy", denied.GetProperty("message").GetString());
        Assert.Contains("host-policy.yml:3", denied.GetProperty("message").GetString());

        // The same tool's network use is not in the rule's scope and stays a note.
        Assert.Equal("note", Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG2100").GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("version: 1\nrules:\n  - namespace: Contoso\n    allow: [process.exce]\n", 4, "unknown rule, capability or risk 'process.exce'")]
    [InlineData("version: 1\nseverity:\n  TG9999: error\n", 3, "unknown rule, capability or risk 'TG9999'")]
    [InlineData("version: 1\nrules:\n  - namespace: Contoso\n    allow: [process.exec\n", 5, "not valid YAML")]
    [InlineData("version: 1\nfail-on: sometimes\n", 2, "unknown severity 'sometimes'")]
    [InlineData("version: 1\nrulez: []\n", 2, "unknown key 'rulez'")]
    [InlineData("version: 1\nrules:\n  - namespace: Contoso\n", 3, "a rule needs 'allow' or 'deny'")]
    [InlineData("version: 1\nrules:\n  - tool: get_forecast\n    allow: [network.outbound]\n    hosts: [\"https://*.weather.gov/\"]\n", 5, "is not a URL prefix")]
    public void ABrokenPolicyStopsTheScanNamingFileAndLine(string text, int line, string problem)
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), text);

        var result = Tool.Run("scan", path, "--no-progress");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"tollgate.yml:{line}: ", result.StdErr);
        Assert.Contains(problem, result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void SeverityOverridesAndTheThresholdComeFromThePolicy()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), """
            version: 1
            fail-on: warning
            severity:
              network.outbound: warning
            """);

        var (report, result) = Tool.ScanJson(path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("warning", Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG2100").GetProperty("severity").GetString());

        // --fail-on on the command line wins over the policy's threshold.
        var (_, explicitThreshold) = Tool.ScanJson(path, "--no-progress", "--fail-on", "error");
        Assert.Equal(0, explicitThreshold.ExitCode);
    }

    [Fact]
    public void APolicyCannotAllowAnInputThatCouldNotBeRead()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllBytes(Path.Combine(path, "Hidden.cs"), new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0 });
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), """
            version: 1
            rules:
              - path: "**"
                allow: [TG9001, network.outbound, process.exec]
            """);

        var (report, result) = Tool.ScanJson(path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var unreadable = Assert.Single(Findings(report), f => f.GetProperty("ruleId").GetString() == "TG9001");
        Assert.False(unreadable.TryGetProperty("suppression", out var suppression) && suppression.ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public void APolicyCanWeighAProblemOfTheScanButItStaysReported()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllBytes(Path.Combine(path, "Hidden.cs"), new byte[] { 0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0 });
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), "version: 1\nseverity:\n  TG9001: warning\n");

        var (report, result) = Tool.ScanJson(path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning", Assert.Single(Findings(report), f => f.GetProperty("ruleId").GetString() == "TG9001").GetProperty("severity").GetString());
    }

    [Fact]
    public void SarifCarriesTheAllowanceAsAnExternalSuppressionWithThePolicyAsJustification()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), "version: 1\nrules:\n  - tool: get_forecast\n    allow: [network.outbound]\n");
        var sarif = Path.Combine(path, "out.sarif");

        var result = Tool.Run("scan", path, "--no-progress", "--format", "sarif", "--output", sarif);

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var network = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "TG2100");
        var suppression = Assert.Single(network.GetProperty("suppressions").EnumerateArray());
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Contains("allowed by policy tollgate.yml:3", suppression.GetProperty("justification").GetString());
        Assert.Empty(SarifValidator.Errors(sarif));
    }

    [Fact]
    public void AnAllowanceLimitedToHostsHoldsOnlyForTheListedHosts()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), "version: 1\nrules:\n  - tool: get_forecast\n    allow: [network.outbound]\n    hosts: [api.weather.gov]\n");
        var (report, _) = Tool.ScanJson(path, "--no-progress");
        var network = Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG2100");
        Assert.Equal("policy", network.GetProperty("suppression").GetProperty("kind").GetString());

        File.WriteAllText(Path.Combine(path, "tollgate.yml"), "version: 1\nrules:\n  - tool: get_forecast\n    allow: [network.outbound]\n    hosts: [\"*.example.com\"]\n");
        var (narrower, _) = Tool.ScanJson(path, "--no-progress");
        var refused = Findings(narrower).Single(f => f.GetProperty("ruleId").GetString() == "TG2100");
        Assert.False(refused.TryGetProperty("suppression", out var suppression) && suppression.ValueKind == JsonValueKind.Object);
        Assert.Contains("it names 'api.weather.gov', not in its hosts", refused.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("https://api.weather.gov/forecast", null)]
    [InlineData("https://API.Weather.gov/", null)]
    [InlineData("https://api.weather.gov/alerts/", "it names 'https://api.weather.gov/forecast?city=', not in its hosts or URL prefixes")]
    [InlineData("https://api.weather.gov.evil.example", "not in its hosts or URL prefixes")]
    public void AnAllowanceLimitedToUrlPrefixesHoldsOnlyForUrlsUnderThem(string prefix, string? refusal)
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), $"version: 1\nrules:\n  - tool: get_forecast\n    allow: [network.outbound]\n    hosts: [\"{prefix}\"]\n");

        var (report, result) = Tool.ScanJson(path, "--no-progress", "--fail-on", "note");

        var network = Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG2100");
        var allowed = network.TryGetProperty("suppression", out var suppression) && suppression.ValueKind == JsonValueKind.Object;
        Assert.Equal(refusal == null, allowed);
        if (refusal != null)
        {
            Assert.Contains(refusal, network.GetProperty("message").GetString());
        }

        Assert.Equal(1, result.ExitCode); // clean_cache's process.exec is not allowed by this rule
        Assert.Equal("https://api.weather.gov/forecast?city=", report.RootElement.GetProperty("entryPoints").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "get_forecast").GetProperty("targets").GetProperty("urls")[0].GetString());
    }

    [Fact]
    public void ARuleScopedToAnAssemblyAppliesToItsToolsOnly()
    {
        using var folder = Plugin_(out var path);
        File.WriteAllText(Path.Combine(path, "Weather.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(path, "tollgate.yml"), "version: 1\nrules:\n  - assembly: Weather\n    allow: [network.outbound]\n  - assembly: Other*\n    deny: [process.exec]\n");

        var (report, result) = Tool.ScanJson(path, "--no-progress");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Weather", report.RootElement.GetProperty("entryPoints")[0].GetProperty("assembly").GetString());
        Assert.Equal("policy", Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG2100").GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal("note", Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG1100").GetProperty("severity").GetString());
    }

    private const string ModelPlugin = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;
        namespace Contoso.Llm;
        [McpServerToolType]
        public static class ModelTools
        {
            private const string Weights = "https://huggingface.co/contoso/llama-mini/resolve/main/model.gguf";
            private const string Sha256 = "FC5A1047F5919892FCDF8AA79EA5D6BB6531B5C176939EF0110906CB225941C1";
            private static readonly HttpClient Http = new();

            [McpServerTool(Name = "prepare_model"), Description("Downloads the model weights.")]
            public static async Task<string> PrepareModel()
            {
                var bytes = await Http.GetByteArrayAsync(Weights);
                if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException("digest mismatch");
                }

                await File.WriteAllBytesAsync("/models/llama-mini.gguf", bytes);
                return "ready";
            }
        }
        """;

    [Theory]
    [InlineData("fc5a1047f5919892fcdf8aa79ea5d6bb6531b5c176939ef0110906cb225941c1", 0, null)]
    [InlineData("/FoQR/WRmJL834qnnqXWu2UxtcF2k57wEQkGyyJZQcE=", 0, null)]
    [InlineData("7f754d3dbef2f9c8be86a085d505d9bf943e8a9d0c2d84c5015e92e97c53040d", 1, "its code does not compare the download with '7f754d3d")]
    public void AModelSourceListedWithADigestHoldsOnlyWhenTheCodePinsThatDigest(string sha256, int exitCode, string? refusal)
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "ModelTools.cs"), ModelPlugin);
        File.WriteAllText(Path.Combine(folder.Path, "tollgate.yml"), $"""
            version: 1
            rules:
              - tool: prepare_model
                allow: [model.download, network.outbound, filesystem.write]
                models:
                  - source: https://huggingface.co/contoso/
                    sha256: "{sha256}"
            """);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress", "--fail-on", "note");

        Assert.Equal(exitCode, result.ExitCode);
        var download = Findings(report).Single(f => f.GetProperty("ruleId").GetString() == "TG6100");
        var allowed = download.TryGetProperty("suppression", out var suppression) && suppression.ValueKind == JsonValueKind.Object;
        Assert.Equal(refusal == null, allowed);
        if (refusal != null)
        {
            Assert.Contains(refusal, download.GetProperty("message").GetString());
        }
    }

    [Fact]
    public void AMalformedDigestInThePolicyStopsTheScan()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "ModelTools.cs"), ModelPlugin);
        File.WriteAllText(Path.Combine(folder.Path, "tollgate.yml"), "version: 1\nrules:\n  - tool: prepare_model\n    allow: [model.download]\n    models:\n      - source: https://huggingface.co/contoso/\n        sha256: abc123\n");

        var result = Tool.Run("scan", folder.Path, "--no-progress");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tollgate.yml:7: 'abc123' is not a sha256 digest", result.StdErr);
    }

    [Fact]
    public void TheShippedExamplePolicyIsValid()
    {
        var result = Tool.Run("scan", Path.Combine(Scan.RepositoryRoot, "samples", "TextTools"), "--no-progress", "--policy", Path.Combine(Scan.RepositoryRoot, "samples", "ci", "tollgate.yml"));

        Assert.True(result.ExitCode is 0 or 1, result.StdErr);
        Assert.DoesNotContain("policy error", result.StdErr);
    }

    [Fact]
    public void TheSchemaNamesExactlyTheReportsWords()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Scan.RepositoryRoot, "rules", "tollgate.schema.json")));
        var names = schema.RootElement.GetProperty("properties").GetProperty("severity").GetProperty("propertyNames").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).OrderBy(n => n, StringComparer.Ordinal);
        var expected = Tollgate.Rules.RuleRegistry.All.Select(r => r.Id).Concat(Tollgate.Model.Capabilities.All).Concat(Tollgate.Model.Risks.All).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(expected, names);
    }

    private static TempFolder Plugin_(out string path)
    {
        var folder = new TempFolder();
        path = folder.Path;
        File.WriteAllText(Path.Combine(path, "WeatherTools.cs"), Plugin);
        return folder;
    }

    private static JsonElement[] Findings(JsonDocument report) => report.RootElement.GetProperty("findings").EnumerateArray().ToArray();
}
