using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Tollgate.Model;

namespace Tollgate.Cli.Analyzers;

/// <summary>
/// The scanned code's <c>.editorconfig</c> and <c>.globalconfig</c> files, read the way the compiler reads them:
/// rule severities per file and <c>&lt;ID&gt;.option</c> keys for the analyzers. Only files inside the scanned root
/// count, so a machine's own configuration never changes what a scan reports.
/// </summary>
internal sealed class AnalyzerConfiguration
{
    private readonly AnalyzerConfigSet _set;
    private readonly ImmutableDictionary<string, string> _globals;
    private readonly Dictionary<string, AnalyzerConfigOptionsResult> _perFile = new(StringComparer.Ordinal);

    private AnalyzerConfiguration(AnalyzerConfigSet set, ImmutableDictionary<string, string> globals)
    {
        _set = set;
        _globals = globals;
    }

    public IReadOnlyList<string> Files { get; private init; } = Array.Empty<string>();

    /// <summary>Reads the configuration files of the given folders and their parents up to <paramref name="root"/>.</summary>
    public static AnalyzerConfiguration Read(string root, IEnumerable<string> folders, IReadOnlyDictionary<string, string> globals)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            for (var dir = folder; dir != null && (dir + Path.DirectorySeparatorChar).StartsWith(fullRoot, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
            {
                foreach (var name in new[] { ".editorconfig", ".globalconfig" })
                {
                    var candidate = Path.Combine(dir, name);
                    var info = new FileInfo(candidate);
                    if (info.Exists && !info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.Length <= 1024 * 1024)
                    {
                        files.Add(candidate);
                    }
                }
            }
        }

        var configs = new List<AnalyzerConfig>();
        foreach (var file in files)
        {
            try
            {
                var text = File.ReadAllText(file);
                configs.Add(AnalyzerConfig.Parse(SourceText.From(text), file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable configuration file changes nothing: the defaults apply.
            }
        }

        return new AnalyzerConfiguration(AnalyzerConfigSet.Create(configs), globals.ToImmutableDictionary(StringComparer.Ordinal)) { Files = files.ToList() };
    }

    public AnalyzerConfigOptionsProvider OptionsProvider => new Provider(this);

    /// <summary>
    /// The severity configured for a rule in a file (<c>dotnet_diagnostic.ID.severity</c>), if any: error, warning,
    /// note (suggestion or silent), or none.
    /// </summary>
    public Severity? ConfiguredSeverity(string path, string ruleId)
    {
        var result = For(path);
        if (!result.TreeOptions.TryGetValue(ruleId, out var report) && !_set.GlobalConfigOptions.TreeOptions.TryGetValue(ruleId, out report))
        {
            return null;
        }

        return report switch
        {
            ReportDiagnostic.Error => Severity.Error,
            ReportDiagnostic.Warn => Severity.Warning,
            ReportDiagnostic.Info or ReportDiagnostic.Hidden => Severity.Note,
            ReportDiagnostic.Suppress => Severity.None,
            _ => null,
        };
    }

    private AnalyzerConfigOptionsResult For(string path)
    {
        lock (_perFile)
        {
            if (!_perFile.TryGetValue(path, out var result))
            {
                _perFile[path] = result = _set.GetOptionsForSourcePath(path);
            }

            return result;
        }
    }

    private sealed class Provider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfiguration _configuration;
        private readonly Options _global;

        public Provider(AnalyzerConfiguration configuration)
        {
            _configuration = configuration;
            _global = new Options(configuration._set.GlobalConfigOptions.AnalyzerOptions.SetItems(configuration._globals));
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => ForPath(tree.FilePath);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ForPath(textFile.Path);

        private AnalyzerConfigOptions ForPath(string path) =>
            string.IsNullOrEmpty(path) ? _global : new Options(_configuration.For(path).AnalyzerOptions.SetItems(_configuration._globals));
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public Options(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>A file given to the analyzers as an AdditionalFile (the user's catalog files).</summary>
internal sealed class FileText : AdditionalText
{
    private readonly SourceText _text;

    public FileText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
}
