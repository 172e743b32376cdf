using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Analysis;
using Tollgate.Analyzers.Hosting;
using Tollgate.Catalog;
using Tollgate.Cli.Analyzers;
using Tollgate.Cli.Inputs;
using Tollgate.Cli.Policy;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli;

/// <summary>What a scan found, ready for the reporters.</summary>
public sealed record ScanReport(
    IReadOnlyList<ScanInput> Inputs,
    IReadOnlyList<EntryPoint> EntryPoints,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>What code no tool reaches names, by assembly (see <see cref="Tollgate.Analysis.AnalysisResult.OutsideTools"/>).</summary>
    public IReadOnlyList<PluginTargets> OutsideTools { get; init; } = Array.Empty<PluginTargets>();

    /// <summary>The gate counts suppressed findings too (<c>--ignore-suppressions</c>): the scanned code's own suppressions are not trusted.</summary>
    public bool CountsSuppressed { get; init; }

    /// <summary>Whether the gate counts this finding: not suppressed by the scanned code, or its suppressions are not trusted.</summary>
    public bool Counts(Finding finding) => finding.BaselineState != Baseline.Unchanged
        && (finding.Suppression == null || (CountsSuppressed && finding.Suppression.Kind != FindingSuppression.Policy));

    /// <summary>Findings of that severity the gate counts.</summary>
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity && Counts(f));

    public int Suppressed => Findings.Count(f => f.Suppression != null);

    /// <summary>Findings the baseline records, hidden from the people-facing reports.</summary>
    public int Baselined => Findings.Count(f => f.BaselineState == Baseline.Unchanged);
}

/// <summary>Options of one scan, parsed from the command line.</summary>
public sealed record ScanSettings(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> CatalogFiles,
    string? PackagesFolder,
    bool UsePackages,
    bool Risks = true)
{
    /// <summary>The framework the host runs plugins on: which lib/ folder of a package is scanned.</summary>
    public string TargetFramework { get; init; } = "net10.0";
}

/// <summary>
/// Runs a scan: discovers inputs, builds one compilation per project, runs the engine on each,
/// and turns whatever could not be read into findings rather than failures.
/// </summary>
public sealed class Scanner
{
    private readonly IProgressSink _progress;

    public Scanner(IProgressSink progress) => _progress = progress;

    public static (CapabilityCatalog Catalog, List<Finding> Problems) LoadCatalog(IReadOnlyList<string> catalogFiles, Func<string, string> relative)
    {
        var catalog = CapabilityCatalog.LoadBuiltIn();
        foreach (var file in catalogFiles)
        {
            catalog.Add(relative(Path.GetFullPath(file)), File.ReadAllText(file));
        }

        var problems = catalog.Errors.Select(error => new Finding
        {
            RuleId = RuleIds.CatalogEntryInvalid,
            Severity = Severity.Error,
            Message = $"Catalog entry ignored: {error.Message}",
            Location = new SourceSpan(error.Origin.File, error.Origin.Line, 1),
        }).ToList();
        return (catalog, problems);
    }

    public ScanReport Scan(ScanSettings settings, CapabilityCatalog catalog, IReadOnlyList<Finding> catalogProblems, CancellationToken cancellationToken)
    {
        var root = ScanRoot(settings.Paths);
        var discovery = new InputDiscovery(root);
        foreach (var path in settings.Paths)
        {
            discovery.Add(path);
        }

        var inputs = new List<ScanInput>(discovery.Other);
        var findings = new List<Finding>(catalogProblems);
        var entryPoints = new List<EntryPoint>();
        var outsideTools = new List<PluginTargets>();
        foreach (var (path, message) in discovery.Unreadable)
        {
            inputs.Add(new ScanInput(discovery.Relative(path), InputKinds.Source, InputStatuses.Failed, message));
            findings.Add(Unreadable(discovery.Relative(path), message));
        }

        var projects = discovery.GroupProjects();
        var resolver = new ReferenceResolver(settings.UsePackages ? settings.PackagesFolder : null);

        // The analyzers build their catalog from these texts (the built-in one plus the user's), as they do in a build.
        var catalogTexts = settings.CatalogFiles.Select(f => (AdditionalText)new FileText(Path.GetFullPath(f), File.ReadAllText(f))).ToImmutableArray();
        // Set by the scan, never by the scanned code's own configuration files.
        var globals = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EngineHost.RisksOption] = settings.Risks ? "true" : "false",
            [EngineHost.UnreachedOption] = "true",
        };
        var configuration = AnalyzerConfiguration.Read(root, projects.SelectMany(p => p.SourceFiles.Select(f => Path.GetDirectoryName(f)!)), globals);
        var index = 0;
        foreach (var project in projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            index++;
            _progress.Report($"[{index}/{projects.Count}] {project.Name}: reading {project.SourceFiles.Count} files");
            var parsed = Parse(project, discovery, inputs, findings, cancellationToken);
            var projectFile = ReadProjectFile(project, discovery, inputs, findings);
            var resolution = settings.UsePackages
                ? resolver.Resolve(project)
                : new ReferenceResolver.Resolution(ReferenceResolver.FrameworkReferences, ReferenceResolver.ReadPackageReferences(project.ProjectFile ?? "").Select(p => p.Id).ToList(), "packages not used");
            if (projectFile.UnshippedFramework != null)
            {
                resolution = resolution with { Unresolved = resolution.Unresolved.Concat(new[] { projectFile.UnshippedFramework + " (shared framework)" }).ToList() };
            }

            var matchedByName = false;
            var apps = project.ProjectFile == null ? SplitFileBasedApps(parsed).ToList() : new List<List<SyntaxTree>> { parsed };
            foreach (var trees in apps.Where(t => t.Count > 0))
            {
                if (projectFile.GlobalUsings.Count > 0 || projectFile.Aliases.Count > 0)
                {
                    trees.Add(CSharpSyntaxTree.ParseText(projectFile.GlobalUsingsSource(), ParseOptions, Path.Combine(project.Directory, "obj", project.Name + ".GlobalUsings.g.cs"), cancellationToken: cancellationToken));
                }

                var name = apps.Count == 1 ? project.Name : project.Name + "/" + Path.GetFileNameWithoutExtension(trees[trees.Count - 2].FilePath);
                var compilation = CSharpCompilation.Create(
                    name,
                    trees,
                    resolution.References,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable, concurrentBuild: true));

                _progress.Report($"[{index}/{projects.Count}] {name}: analysing");
                var result = AnalyzerRunner.Run(compilation, catalogTexts, configuration, settings.Risks, discovery.Relative, cancellationToken);
                entryPoints.AddRange(result.EntryPoints);
                outsideTools.AddRange(result.OutsideTools);
                findings.AddRange(result.Findings);
                matchedByName |= result.MatchedByName;
            }

            if (parsed.Count > 0 && (resolution.Unresolved.Count > 0 || (matchedByName && project.ProjectFile == null)))
            {
                var where = project.ProjectFile != null ? discovery.Relative(project.ProjectFile) : discovery.Relative(project.Directory);
                var packages = string.Join(", ", resolution.Unresolved.OrderBy(u => u, StringComparer.OrdinalIgnoreCase));
                var missing = resolution.Unresolved.Count == 0
                    ? "no project file: only framework assemblies are referenced"
                    : settings.UsePackages ? "packages not found in the local package folder: " + packages : "package references not resolved (--no-packages): " + packages;
                findings.Add(new Finding
                {
                    RuleId = RuleIds.ReferencesUnresolved,
                    Severity = Severity.Note,
                    Message = $"{project.Name}: {missing}. APIs of those assemblies were matched by fully-qualified name through the files' using directives.",
                    Location = new SourceSpan(where, 1, 1),
                });
            }
        }

        if (discovery.AssemblyFiles.Count > 0 || discovery.PackageFiles.Count > 0)
        {
            new CompiledInputs(discovery, catalog, resolver, settings, _progress).Scan(inputs, findings, entryPoints, outsideTools, cancellationToken);
        }

        if (projects.Count == 0 && discovery.Unreadable.Count == 0 && discovery.AssemblyFiles.Count == 0 && discovery.PackageFiles.Count == 0)
        {
            throw new NothingToScanException($"No C# sources, projects, assemblies or packages found under {string.Join(", ", settings.Paths)}.");
        }

        // A suppression that does not say why is itself worth a reviewer's look (the finding stays suppressed).
        findings.AddRange(findings.Where(f => f.Suppression is { Justification: null } s && s.Kind != FindingSuppression.Policy).Select(f => new Finding
        {
            RuleId = RuleIds.SuppressionUnjustified,
            Severity = Severity.Note,
            EntryPoint = f.EntryPoint,
            Message = $"{f.RuleId} ({f.Risk ?? f.Capability ?? "finding"}) is suppressed {(f.Suppression!.Kind == FindingSuppression.External ? "by configuration" : "in the code")} without a justification",
            Location = f.Location,
            Trace = f.Trace,
            TraceLocations = f.TraceLocations,
        }).ToList());

        return new ScanReport(
            inputs.OrderBy(i => i.Path, StringComparer.Ordinal).ThenBy(i => i.Kind, StringComparer.Ordinal).ToList(),
            entryPoints.OrderBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Framework, StringComparer.Ordinal).ToList(),
            Order(findings))
        {
            OutsideTools = outsideTools.GroupBy(t => t.Assembly, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PluginTargets(g.Key, g.SelectMany(t => t.Targets).GroupBy(t => t.Key, StringComparer.Ordinal)
                    .ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.SelectMany(v => v.Value).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList(), StringComparer.Ordinal)))
                .ToList(),
        };
    }

    /// <summary>The C# sources a package carries, compiled together against the package's dependencies; named <c>package!entry</c>.</summary>
    internal static IEnumerable<Finding> ScanPackageSources(string package, IReadOnlyList<PackageFile> sources, IReadOnlyList<MetadataReference> references,
        CapabilityCatalog catalog, ScanSettings settings, List<EntryPoint> entryPoints, List<PluginTargets> outsideTools, List<ScanInput> inputs, CancellationToken cancellationToken)
    {
        var trees = new List<SyntaxTree>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var path = $"{package}!{source.EntryPath}";
            SourceText text;
            try
            {
                using var stream = new MemoryStream(source.Content, writable: false);
                text = SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true);
            }
            catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
            {
                inputs.Add(new ScanInput(path, InputKinds.Source, InputStatuses.Failed, "binary content, not C# source"));
                continue;
            }

            trees.Add(CSharpSyntaxTree.ParseText(text, ParseOptions, path, cancellationToken));
            paths[path] = path;
            inputs.Add(new ScanInput(path, InputKinds.Source, InputStatuses.Scanned, null));
        }

        if (trees.Count == 0)
        {
            return Array.Empty<Finding>();
        }

        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(package), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
        var catalogTexts = settings.CatalogFiles.Select(f => (AdditionalText)new FileText(Path.GetFullPath(f), File.ReadAllText(f))).ToImmutableArray();
        var globals = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EngineHost.RisksOption] = settings.Risks ? "true" : "false",
            [EngineHost.UnreachedOption] = "true",
        };
        var configuration = AnalyzerConfiguration.Read(Directory.GetCurrentDirectory(), Array.Empty<string>(), globals);
        var result = AnalyzerRunner.Run(compilation, catalogTexts, configuration, settings.Risks, p => paths.TryGetValue(p, out var known) ? known : p, cancellationToken);
        entryPoints.AddRange(result.EntryPoints);
        outsideTools.AddRange(result.OutsideTools);
        return result.Findings;
    }

    /// <summary>The project file's usings and frameworks; a malformed one is a finding, and its sources are still scanned.</summary>
    private static ProjectFile ReadProjectFile(SourceProject project, InputDiscovery discovery, List<ScanInput> inputs, List<Finding> findings)
    {
        if (project.ProjectFile == null)
        {
            return ProjectFile.ForLooseSources();
        }

        var projectPath = discovery.Relative(project.ProjectFile);
        if (ReferenceResolver.LoadXml(project.ProjectFile) == null)
        {
            // Its references and usings are unknown: the sources are still scanned, by name, but the gate must not pass quietly.
            const string message = "project file is not well-formed XML (or is too large); its references are unknown";
            inputs.Add(new ScanInput(projectPath, InputKinds.Project, InputStatuses.Failed, message));
            findings.Add(Unreadable(projectPath, message));
        }
        else
        {
            inputs.Add(new ScanInput(projectPath, InputKinds.Project, InputStatuses.Scanned, $"{project.SourceFiles.Count} source files"));
        }

        return ProjectFile.Read(project.ProjectFile);
    }

    /// <summary>
    /// Loose sources with top-level statements in several files are separate file-based apps (<c>dotnet run app.cs</c>):
    /// each is compiled with the loose files that have none, instead of colliding in one compilation.
    /// </summary>
    private static IEnumerable<List<SyntaxTree>> SplitFileBasedApps(List<SyntaxTree> trees)
    {
        var apps = trees.Where(t => t.GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit && unit.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()).ToList();
        if (apps.Count <= 1)
        {
            yield return trees;
            yield break;
        }

        var shared = trees.Except(apps).ToList();
        foreach (var app in apps)
        {
            yield return new List<SyntaxTree>(shared) { app };
        }
    }

    public static IReadOnlyList<Finding> Order(IEnumerable<Finding> findings) => findings
        .OrderBy(f => f.Location?.Path ?? "", StringComparer.Ordinal)
        .ThenBy(f => f.Location?.Line ?? 0)
        .ThenBy(f => f.Location?.Column ?? 0)
        .ThenBy(f => f.RuleId, StringComparer.Ordinal)
        .ThenBy(f => f.EntryPoint ?? "", StringComparer.Ordinal)
        .ThenBy(f => f.Message, StringComparer.Ordinal)
        .ToList();

    internal static string ScanRoot(IReadOnlyList<string> paths)
    {
        if (paths.Count == 1)
        {
            var full = Path.GetFullPath(paths[0]);
            return Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? full;
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The symbols of a .NET 10 release build: what the plugin ships as is what is checked.</summary>
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None).WithPreprocessorSymbols(
        "NET", "NETCOREAPP", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER",
        "NET5_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER", "NETSTANDARD2_0_OR_GREATER", "RELEASE", "TRACE");

    private static List<SyntaxTree> Parse(SourceProject project, InputDiscovery discovery, List<ScanInput> inputs, List<Finding> findings, CancellationToken cancellationToken)
    {
        var parseOptions = ParseOptions;
        var results = new (SyntaxTree? Tree, ScanInput Input, Finding? Problem)[project.SourceFiles.Count];
        Parallel.For(0, project.SourceFiles.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var file = project.SourceFiles[i];
            var relative = discovery.Relative(file);
            try
            {
                var info = new FileInfo(file);
                if (info.Length > InputDiscovery.MaxSourceFileBytes)
                {
                    var message = $"file is {info.Length / (1024 * 1024)} MiB, above the {InputDiscovery.MaxSourceFileBytes / (1024 * 1024)} MiB limit for a source file";
                    results[i] = (null, new ScanInput(relative, InputKinds.Source, InputStatuses.Failed, message), Unreadable(relative, message));
                    return;
                }

                SourceText text;
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))
                {
                    text = SourceText.From(stream, Encoding.UTF8, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: true);
                }

                var tree = CSharpSyntaxTree.ParseText(text, parseOptions, file, cancellationToken);
                var errors = tree.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Finding? problem = null;
                var status = new ScanInput(relative, InputKinds.Source, InputStatuses.Scanned, null);
                if (errors.Count > 0)
                {
                    var first = errors[0];
                    var line = first.Location.GetLineSpan().StartLinePosition;
                    problem = new Finding
                    {
                        RuleId = RuleIds.SourceErrors,
                        Severity = Severity.Warning,
                        Message = $"{errors.Count} syntax error(s); the first: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}. The recovered parts were scanned.",
                        Location = new SourceSpan(relative, line.Line + 1, line.Character + 1),
                    };
                    status = status with { Message = $"{errors.Count} syntax error(s)" };
                }

                results[i] = (tree, status, problem);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
            {
                var message = ex is InvalidDataException ? "binary content, not C# source" : "could not be read: " + ex.Message;
                results[i] = (null, new ScanInput(relative, InputKinds.Source, InputStatuses.Failed, message), Unreadable(relative, message));
            }
        });

        var trees = new List<SyntaxTree>();
        foreach (var (tree, input, problem) in results)
        {
            inputs.Add(input);
            if (problem != null)
            {
                findings.Add(problem);
            }

            if (tree != null)
            {
                trees.Add(tree);
            }
        }

        return trees;
    }

    internal static Finding Unreadable(string path, string message, string consequence = "Its content was not checked.") => new()
    {
        RuleId = RuleIds.InputUnreadable,
        Severity = Severity.Error,
        Message = $"{path}: {message}. {consequence}",
        Location = new SourceSpan(path, 1, 1),
    };
}

public sealed class NothingToScanException : Exception
{
    public NothingToScanException(string message)
        : base(message)
    {
    }
}

/// <summary>Receives progress messages; the console sink shows them only once a scan has run for a second.</summary>
public interface IProgressSink
{
    void Report(string message);

    void Done();
}

public sealed class NullProgress : IProgressSink
{
    public static readonly NullProgress Instance = new();

    public void Report(string message)
    {
    }

    public void Done()
    {
    }
}
