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
using Tollgate.Catalog;
using Tollgate.Model;
using AnalysisResult = Tollgate.Analysis.AnalysisResult;

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
        var key = new RunKey(
            compilation.References.ToImmutableArray(),
            compilation.SyntaxTrees.ToImmutableArray(),
            options.AdditionalFiles.Where(IsCatalogFile).OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray(),
            !IsFalse(options, RisksOption),
            !IsFalse(options, UnreachedOption));
        if (key.Trees.IsEmpty)
        {
            return Compute(compilation, key, cancellationToken);
        }

        var slot = Runs.GetValue(key.Trees[0], _ => new Slot());
        for (var attempt = 1; ; attempt++)
        {
            Lazy<EngineRun> pending;
            lock (slot)
            {
                if (slot.Run != null && slot.Run.Key.Matches(key))
                {
                    return slot.Run;
                }

                // Analyzers asking at once (one per document) wait for one computation instead of each starting their own.
                if (slot.Pending == null || !slot.PendingFor!.Matches(key))
                {
                    slot.PendingFor = key;
                    slot.Pending = new Lazy<EngineRun>(() => Compute(compilation, key, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
                }

                pending = slot.Pending;
            }

            try
            {
                var run = pending.Value;
                lock (slot)
                {
                    slot.Run = run;
                    slot.Forget(pending);
                }

                return run;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < 3)
            {
                // Another request's computation was cancelled, not this one: start again.
                lock (slot)
                {
                    slot.Forget(pending);
                }
            }
            catch (OperationCanceledException)
            {
                lock (slot)
                {
                    slot.Forget(pending);
                }

                throw;
            }
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

    private static EngineRun Compute(Compilation compilation, RunKey key, CancellationToken cancellationToken)
    {
        var catalog = CapabilityCatalog.LoadBuiltIn();
        var catalogErrors = new List<(CatalogError Error, AdditionalText File)>();
        foreach (var file in key.CatalogFiles)
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

        var result = new PluginAnalyzer(catalog, key.Risks, key.Unreached).Analyze(compilation, t => t.FilePath, cancellationToken);
        return new EngineRun(key, result, catalogErrors);
    }

    private sealed class Slot
    {
        public EngineRun? Run { get; set; }

        public Lazy<EngineRun>? Pending { get; set; }

        public RunKey? PendingFor { get; set; }

        public void Forget(Lazy<EngineRun> pending)
        {
            if (ReferenceEquals(Pending, pending))
            {
                Pending = null;
                PendingFor = null;
            }
        }
    }
}

/// <summary>What an engine run is computed from: the same objects (trees, references, catalog files) and options give the same run.</summary>
internal sealed class RunKey
{
    public RunKey(ImmutableArray<MetadataReference> references, ImmutableArray<SyntaxTree> trees, ImmutableArray<AdditionalText> catalogFiles, bool risks, bool unreached)
    {
        References = references;
        Trees = trees;
        CatalogFiles = catalogFiles;
        Risks = risks;
        Unreached = unreached;
    }

    public ImmutableArray<MetadataReference> References { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public ImmutableArray<AdditionalText> CatalogFiles { get; }

    public bool Risks { get; }

    public bool Unreached { get; }

    public bool Matches(RunKey other) =>
        Risks == other.Risks && Unreached == other.Unreached && SameObjects(Trees, other.Trees) && SameObjects(CatalogFiles, other.CatalogFiles)
        && SameObjects(References, other.References);

    private static bool SameObjects<T>(ImmutableArray<T> left, ImmutableArray<T> right)
        where T : class
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!ReferenceEquals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One engine run and what it was computed from.</summary>
public sealed class EngineRun
{
    private readonly Dictionary<string, SyntaxTree> _treesByPath = new(StringComparer.Ordinal);
    private readonly Lazy<Dictionary<string, List<Finding>>> _byPath;

    internal EngineRun(RunKey key, AnalysisResult result, IReadOnlyList<(CatalogError Error, AdditionalText File)> catalogErrors)
    {
        Key = key;
        Result = result;
        CatalogErrors = catalogErrors;
        _byPath = new Lazy<Dictionary<string, List<Finding>>>(() => result.Findings.Where(f => f.Location != null)
            .GroupBy(f => f.Location!.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal));
        foreach (var tree in key.Trees)
        {
            if (!_treesByPath.ContainsKey(tree.FilePath))
            {
                _treesByPath.Add(tree.FilePath, tree);
            }
        }
    }

    public AnalysisResult Result { get; }

    /// <summary>Lines of the user's catalog files (AdditionalFiles) that could not be read.</summary>
    public IReadOnlyList<(CatalogError Error, AdditionalText File)> CatalogErrors { get; }

    internal RunKey Key { get; }

    /// <summary>The findings located in each file, for analyzers that report one document at a time.</summary>
    public IReadOnlyList<Finding> FindingsIn(string path) =>
        _byPath.Value.TryGetValue(path, out var findings) ? findings : Array.Empty<Finding>();

    public bool TryGetTree(string path, out SyntaxTree tree) => _treesByPath.TryGetValue(path, out tree!);

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
