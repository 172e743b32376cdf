using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Tollgate.Analyzers.Rules;
using Tollgate.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>What every Tollgate analyzer and descriptor must satisfy, checked over the whole analyzer assembly.</summary>
public sealed class AnalyzerConventionsTests
{
    /// <summary>Rules the CLI reports about its own inputs, which no analyzer hosts.</summary>
    private static readonly string[] CliOnly = { RuleIds.InputUnreadable, RuleIds.ReferencesUnresolved, RuleIds.SourceErrors, RuleIds.LockDrift, RuleIds.SuppressionUnjustified };

    private static readonly Assembly AnalyzerAssembly = typeof(ProcessAnalyzer).Assembly;

    public static IEnumerable<object[]> AnalyzerTypes() =>
        AnalyzerAssembly.GetTypes().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new object[] { t.Name });

    private static Type AnalyzerType(string name) => AnalyzerAssembly.GetTypes().Single(t => t.Name == name && typeof(DiagnosticAnalyzer).IsAssignableFrom(t));

    private static IReadOnlyList<DiagnosticAnalyzer> Analyzers() =>
        AnalyzerTypes().Select(a => (DiagnosticAnalyzer)Activator.CreateInstance(AnalyzerType((string)a[0]))!).ToList();

    private static IEnumerable<DiagnosticDescriptor> Supported() => Analyzers().SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void TheAssemblyHasOneAnalyzerPerFamily()
    {
        Assert.Equal(
            new[] { "CatalogAnalyzer", "DataAnalyzer", "DeclarationAnalyzer", "DynamicCodeAnalyzer", "FileSystemAnalyzer", "ModelAnalyzer", "NetworkAnalyzer", "ProcessAnalyzer", "SecretsAnalyzer" },
            AnalyzerTypes().Select(a => (string)a[0]));
    }

    [Theory]
    [MemberData(nameof(AnalyzerTypes))]
    public void AnAnalyzerIsSealedAndDeclaredForCSharp(string name)
    {
        var type = AnalyzerType(name);

        Assert.True(type.IsSealed, $"{name} is not sealed");
        Assert.True(type.IsPublic, $"{name} is not public");
        var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>(inherit: false);
        Assert.NotNull(attribute);
        Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
    }

    [Theory]
    [MemberData(nameof(AnalyzerTypes))]
    public async Task AnAnalyzerReportsNothingOnAnEmptyFile(string name)
    {
        await RunAsync(name, "");
    }

    [Theory]
    [MemberData(nameof(AnalyzerTypes))]
    public async Task AnAnalyzerReportsNothingOnCodeWithoutTools(string name)
    {
        await RunAsync(
            name,
            """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text.Json;

            namespace Contoso.Text;

            public sealed record Slug(string Value);

            public static class Slugs
            {
                private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "admin", "api" };

                public static Slug Create(string title)
                {
                    var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant());
                    var value = string.Join("-", words);
                    return new Slug(Reserved.Contains(value) ? value + "-1" : value);
                }

                public static string ToJson(Slug slug) => JsonSerializer.Serialize(slug);
            }
            """);
    }

    [Fact]
    public void EveryDescriptorLinksToItsRulePageAndThePageExists()
    {
        var root = Infrastructure.Scan.RepositoryRoot;
        foreach (var descriptor in Supported())
        {
            Assert.EndsWith($"rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var uri) && uri.Scheme == "https", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "rules", descriptor.Id + ".md")), $"rules/{descriptor.Id}.md is missing");
        }
    }

    [Fact]
    public void DescriptorsAgreeWithTheRuleRegistry()
    {
        foreach (var descriptor in Supported())
        {
            var rule = RuleRegistry.Get(descriptor.Id);
            Assert.Equal(rule.Title, descriptor.Title.ToString());
            Assert.Equal(rule.Summary, descriptor.Description.ToString());
            Assert.Equal(TollgateDescriptors.CategoryOf(descriptor.Id), descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault, descriptor.Id);
            // Reported per document (the IDE shows them without full-solution analysis); only the catalog's file errors at compilation end.
            Assert.Equal(descriptor.Id == "TG9002", descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd));

            var expected = rule.Risk != null ? DiagnosticSeverity.Warning
                : rule.Capability != null ? DiagnosticSeverity.Info
                : rule.DefaultSeverity == Tollgate.Model.Severity.Error ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
            Assert.True(expected == descriptor.DefaultSeverity, $"{descriptor.Id}: {descriptor.DefaultSeverity}, expected {expected}");
        }
    }

    [Fact]
    public void RiskAndCapabilityCategoriesFollowTheFamilyDigit()
    {
        var categories = Supported().Where(d => d.Id != RuleIds.CatalogEntryInvalid).GroupBy(d => d.Id[2]).ToDictionary(g => g.Key, g => g.Select(d => d.Category).Distinct().ToList());

        Assert.All(categories.Values, c => Assert.Single(c));
        Assert.Equal(categories.Count, categories.Values.Select(c => c[0]).Distinct().Count());
        Assert.Equal("Tollgate.Scanner", Supported().Single(d => d.Id == RuleIds.CatalogEntryInvalid).Category);
    }

    [Fact]
    public void EveryRuleButTheCliOnesIsSupportedByExactlyOneAnalyzer()
    {
        var supporters = Analyzers().SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Analyzer: a.GetType().Name)))
            .GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Select(p => p.Analyzer).ToList());

        foreach (var rule in RuleRegistry.All)
        {
            if (CliOnly.Contains(rule.Id))
            {
                Assert.False(supporters.ContainsKey(rule.Id), $"{rule.Id} is reported by the CLI only");
                continue;
            }

            Assert.True(supporters.TryGetValue(rule.Id, out var analyzers), $"{rule.Id} is supported by no analyzer");
            Assert.True(analyzers!.Count == 1, $"{rule.Id} is supported by {string.Join(", ", analyzers)}");
        }

        Assert.DoesNotContain(supporters.Keys, id => !RuleRegistry.TryGet(id, out _));
    }

    [Fact]
    public void TheUnshippedReleaseListsExactlyTheSupportedRules()
    {
        var path = Path.Combine(Infrastructure.Scan.RepositoryRoot, "src", "Tollgate.Analyzers", "AnalyzerReleases.Unshipped.md");
        var rows = File.ReadAllLines(path)
            .Where(l => l.StartsWith("TG", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        var byAnalyzer = Analyzers().SelectMany(a => a.SupportedDiagnostics.Select(d => (Descriptor: d, Analyzer: a.GetType().Name))).ToList();

        Assert.Equal(byAnalyzer.Select(p => p.Descriptor.Id).OrderBy(i => i, StringComparer.Ordinal), rows.Select(r => r[0]).OrderBy(i => i, StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var (descriptor, analyzer) = byAnalyzer.Single(p => p.Descriptor.Id == row[0]);
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
            Assert.StartsWith(analyzer + ",", row[3], StringComparison.Ordinal);
            Assert.Contains($"]({descriptor.HelpLinkUri})", row[3], StringComparison.Ordinal);
        }

        var shipped = File.ReadAllLines(Path.Combine(Infrastructure.Scan.RepositoryRoot, "src", "Tollgate.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.DoesNotContain(shipped, l => l.StartsWith("TG", StringComparison.Ordinal));
    }

    private static async Task RunAsync(string analyzerName, string source)
    {
        var test = (Microsoft.CodeAnalysis.Testing.AnalyzerTest<DefaultVerifier>)Activator.CreateInstance(typeof(AnalyzerTest<>).MakeGenericType(AnalyzerType(analyzerName)), source)!;
        await test.RunAsync();
    }
}
