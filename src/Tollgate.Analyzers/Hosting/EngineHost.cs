using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Analysis;
using AnalysisResult = Tollgate.Analysis.AnalysisResult;
using Tollgate.Catalog;

namespace Tollgate.Analyzers.Hosting;

/// <summary>
/// Runs the engine once per compilation for every Tollgate analyzer (and for the CLI, which runs the same analyzers):
/// the run is kept against the compilation's first syntax tree and reused while the trees, references and catalog
/// files are the same objects, so nine analyzers cost one analysis.
/// </summary>
public static class EngineHost
{
    /// <summary>AdditionalFiles whose name starts with this are catalog files added to the built-in catalog.</summary>
    public const string CatalogFilePrefix = "tollgate.catalog";

    /// <summary>Global analyzer option: <c>false</c> skips the data-flow analysis (capability inventory only).</summary>
    public const string RisksOption = "tollgate.risks";

    /// <summary>
    /// Global analyzer option: <c>false</c> skips the inventory of capability uses no tool reaches (the presets do, to keep
    /// builds fast; the CLI always reports them).
    /// </summary>
    public const string UnreachedOption = "tollgate.report_unreached";

    private static readonly ConditionalWeakTable<SyntaxTree, Slot> Runs = new();

    /// <summary>The engine's result for this compilation, computed once.</summary>
    public static EngineRun Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var trees = compilation.SyntaxTrees.ToImmutableArray();
        var catalogFiles = options.AdditionalFiles.Where(IsCatalogFile).OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray();
        var risks = !IsFalse(options, RisksOption);
        var unreached = !IsFalse(options, UnreachedOption);
        if (trees.IsEmpty)
        {
            return Compute(compilation, trees, catalogFiles, risks, unreached, cancellationToken);
        }

        var slot = Runs.GetValue(trees[0], _ => new Slot());
        for (var attempt = 1; ; attempt++)
        {
            Lazy<EngineRun> pending;
            lock (slot)
            {
                if (slot.Run != null && slot.Run.Matches(compilation, trees, catalogFiles, risks, unreached))
                {
                    return slot.Run;
                }

                // Analyzers asking at once (one per document) wait for one computation instead of each starting their own.
                if (slot.Pending == null || !slot.PendingFor!.Matches(compilation, trees, catalogFiles, risks, unreached))
                {
                    slot.PendingFor = EngineRun.KeyOf(compilation, trees, catalogFiles, risks, unreached);
                    slot.Pending = new Lazy<EngineRun>(() => Compute(compilation, trees, catalogFiles, risks, unreached, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
                }

                pending = slot.Pending;
            }

            try
            {
                var run = pending.Value;
                lock (slot)
                {
                    slot.Run = run;
                    Forget(slot, pending);
                }

                return run;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < 3)
            {
                // Another request's computation was cancelled, not this one: start again.
                lock (slot)
                {
                    Forget(slot, pending);
                }
            }
            catch (OperationCanceledException)
            {
                lock (slot)
                {
                    Forget(slot, pending);
                }

                throw;
            }
        }
    }

    private static void Forget(Slot slot, Lazy<EngineRun> pending)
    {
        if (ReferenceEquals(slot.Pending, pending))
        {
            slot.Pending = null;
            slot.PendingFor = null;
        }
    }

    /// <summary>A catalog file: named <c>tollgate.catalog*</c>, or with the <c>.catalog</c> extension.</summary>
    public static bool IsCatalogFile(AdditionalText file)
    {
        var name = System.IO.Path.GetFileName(file.Path);
        return name.StartsWith(CatalogFilePrefix, StringComparison.OrdinalIgnoreCase) || name.EndsWith(".catalog", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsFalse(AnalyzerOptions options, string key) =>
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out var value) && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    private static EngineRun Compute(Compilation compilation, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> catalogFiles, bool risks, bool unreached, CancellationToken cancellationToken)
    {
        var catalog = CapabilityCatalog.LoadBuiltIn();
        var builtInErrors = catalog.Errors.Count;
        var catalogErrors = new List<(CatalogError Error, AdditionalText File)>();
        foreach (var file in catalogFiles)
        {
            var text = file.GetText(cancellationToken);
            if (text == null)
            {
                continue;
            }

            var before = catalog.Errors.Count;
            catalog.Add(System.IO.Path.GetFileName(file.Path), text.ToString());
            catalogErrors.AddRange(catalog.Errors.Skip(before).Select(e => (e, file)));
        }

        var result = new PluginAnalyzer(catalog, risks, unreached).Analyze(compilation, t => t.FilePath, cancellationToken);
        return new EngineRun(compilation.References.ToImmutableArray(), trees, catalogFiles, risks, unreached, result, catalogErrors, builtInErrors);
    }

    private sealed class Slot
    {
        public EngineRun? Run { get; set; }

        public Lazy<EngineRun>? Pending { get; set; }

        public EngineRun? PendingFor { get; set; }
    }
}

/// <summary>One engine run and what it was computed from.</summary>
public sealed class EngineRun
{
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly ImmutableArray<SyntaxTree> _trees;
    private readonly ImmutableArray<AdditionalText> _catalogFiles;
    private readonly bool _risks;
    private readonly bool _unreached;
    private readonly Dictionary<string, SyntaxTree> _treesByPath;
    private readonly Lazy<Dictionary<string, List<Tollgate.Model.Finding>>> _byPath;

    internal EngineRun(ImmutableArray<MetadataReference> references, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> catalogFiles, bool risks, bool unreached,
        AnalysisResult result, IReadOnlyList<(CatalogError Error, AdditionalText File)> catalogErrors, int builtInCatalogErrors)
    {
        _references = references;
        _trees = trees;
        _catalogFiles = catalogFiles;
        _risks = risks;
        _unreached = unreached;
        Result = result;
        CatalogErrors = catalogErrors;
        BuiltInCatalogErrors = builtInCatalogErrors;
        _byPath = new Lazy<Dictionary<string, List<Tollgate.Model.Finding>>>(() => result.Findings.Where(f => f.Location != null)
            .GroupBy(f => f.Location!.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal));
        _treesByPath = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            if (!_treesByPath.ContainsKey(tree.FilePath))
            {
                _treesByPath.Add(tree.FilePath, tree);
            }
        }
    }

    public AnalysisResult Result { get; }

    /// <summary>The findings located in each file, for analyzers that report one document at a time.</summary>
    public IReadOnlyList<Tollgate.Model.Finding> FindingsIn(string path) =>
        _byPath.Value.TryGetValue(path, out var findings) ? findings : Array.Empty<Tollgate.Model.Finding>();

    /// <summary>A key of what a run is computed from, to match requests against a computation in progress.</summary>
    internal static EngineRun KeyOf(Compilation compilation, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> catalogFiles, bool risks, bool unreached) =>
        new(compilation.References.ToImmutableArray(), trees, catalogFiles, risks, unreached, new AnalysisResult(Array.Empty<Tollgate.Model.EntryPoint>(), Array.Empty<Tollgate.Model.Finding>(), false),
            Array.Empty<(CatalogError, AdditionalText)>(), 0);

    /// <summary>Lines of the user's catalog files (AdditionalFiles) that could not be read.</summary>
    public IReadOnlyList<(CatalogError Error, AdditionalText File)> CatalogErrors { get; }

    /// <summary>Errors in the built-in catalog (none in a release; a test asserts it).</summary>
    public int BuiltInCatalogErrors { get; }

    public bool TryGetTree(string path, out SyntaxTree tree) => _treesByPath.TryGetValue(path, out tree!);

    internal bool Matches(Compilation compilation, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> catalogFiles, bool risks, bool unreached)
    {
        if (risks != _risks || unreached != _unreached || trees.Length != _trees.Length || catalogFiles.Length != _catalogFiles.Length)
        {
            return false;
        }

        for (var i = 0; i < trees.Length; i++)
        {
            if (!ReferenceEquals(trees[i], _trees[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < catalogFiles.Length; i++)
        {
            if (!ReferenceEquals(catalogFiles[i], _catalogFiles[i]))
            {
                return false;
            }
        }

        var references = compilation.References.ToImmutableArray();
        if (references.Length != _references.Length)
        {
            return false;
        }

        for (var i = 0; i < references.Length; i++)
        {
            if (!ReferenceEquals(references[i], _references[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text of a catalog error's line, for its diagnostic location.</summary>
    internal static Location LineLocation(AdditionalText file, int line, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text == null || line < 1 || line > text.Lines.Count)
        {
            return Location.Create(file.Path, default, default);
        }

        var textLine = text.Lines[line - 1];
        return Location.Create(file.Path, textLine.Span, new LinePositionSpan(new LinePosition(line - 1, 0), new LinePosition(line - 1, textLine.Span.Length)));
    }
}
