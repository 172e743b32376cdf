using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Threading;
using Microsoft.CodeAnalysis;
using Tollgate.Analysis.Metadata;
using Tollgate.Catalog;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// Scans compiled plugins: each folder of assemblies is one program (a plugin with its dependencies), each package another.
/// Nothing is loaded or extracted: images are read into memory and given to the metadata engine.
/// </summary>
internal sealed class CompiledInputs
{
    public const long MaxAssemblyBytes = 256L * 1024 * 1024;

    /// <summary>Public key tokens of Microsoft's and .NET's framework libraries; assemblies claiming one are references, not followed.</summary>
    private static readonly HashSet<string> FrameworkKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "b03f5f7f11d50a3a", "31bf3856ad364e35", "cc7b13ffcd2ddd51", "adb9793829ddae60", "7cec85d7bea7798e", "b77a5c561934e089", "30ad4fe6b2a6aeed",
    };

    private static readonly string[] FrameworkPrefixes = { "System.", "Microsoft.", "ModelContextProtocol", "Azure.", "Newtonsoft.Json", "netstandard", "mscorlib", "OpenAI" };

    /// <summary>Assemblies that claim a framework library's identity without its signature, by path: scanned, and said so.</summary>
    private readonly Dictionary<string, string> _impostors = new(StringComparer.Ordinal);

    private readonly InputDiscovery _discovery;
    private readonly CapabilityCatalog _catalog;
    private readonly ReferenceResolver _resolver;
    private readonly ScanSettings _settings;
    private readonly IProgressSink _progress;

    public CompiledInputs(InputDiscovery discovery, CapabilityCatalog catalog, ReferenceResolver resolver, ScanSettings settings, IProgressSink progress)
    {
        _discovery = discovery;
        _catalog = catalog;
        _resolver = resolver;
        _settings = settings;
        _progress = progress;
    }

    public void Scan(List<ScanInput> inputs, List<Finding> findings, List<EntryPoint> entryPoints, List<PluginTargets> outsideTools, CancellationToken cancellationToken)
    {
        foreach (var folder in _discovery.AssemblyFiles.GroupBy(f => Path.GetDirectoryName(f)!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scanned = new List<AssemblyInput>();
            var libraries = new List<MetadataReference>();
            foreach (var file in folder.OrderBy(f => f, StringComparer.Ordinal))
            {
                var relative = _discovery.Relative(file);
                var image = ReadFile(file, relative, InputKinds.Assembly, inputs, findings);
                if (image == null)
                {
                    continue;
                }

                if (FrameworkClaim(image.Value) is { } claim)
                {
                    if (IsAuthentic(claim, image.Value))
                    {
                        libraries.Add(MetadataReference.CreateFromImage(image.Value, filePath: relative));
                        inputs.Add(new ScanInput(relative, InputKinds.Assembly, InputStatuses.Skipped, $"framework library ({claim.Description}): used as a reference, its code is not followed"));
                        continue;
                    }

                    _impostors[relative] = $"claims to be {claim.Description}, but its strong-name signature does not verify: its code is followed as the plugin's";
                }

                var pdbPath = Path.ChangeExtension(file, ".pdb");
                ImmutableArray<byte>? pdb = File.Exists(pdbPath) && new FileInfo(pdbPath).Length < MaxAssemblyBytes ? ImmutableArray.Create(File.ReadAllBytes(pdbPath)) : null;
                scanned.Add(new AssemblyInput(relative, image.Value, pdb));
            }

            if (scanned.Count > 0)
            {
                _progress.Report($"{_discovery.Relative(folder.Key)}: analysing {scanned.Count} assemblies");
                var present = new HashSet<string>(folder.Select(f => Path.GetFileNameWithoutExtension(f)), StringComparer.OrdinalIgnoreCase);
                var references = ReferenceResolver.FrameworkReferences.Concat(libraries).ToList();
                references.AddRange(DependencyReferences(folder.Key, present, findings));
                Analyze(scanned, references, null, inputs, findings, entryPoints, outsideTools, cancellationToken);
            }
        }

        foreach (var file in _discovery.PackageFiles.OrderBy(f => f, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = _discovery.Relative(file);
            var bytes = ReadFile(file, relative, InputKinds.Package, inputs, findings);
            if (bytes != null)
            {
                ScanPackage(relative, bytes.Value.ToArray(), 0, inputs, findings, entryPoints, outsideTools, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The packages a build output depends on but does not carry (a class library's bin/ holds only its own assembly), from its
    /// <c>.deps.json</c>, resolved in the local package folder as references: their APIs are then matched as in a source scan.
    /// </summary>
    private IEnumerable<MetadataReference> DependencyReferences(string folder, HashSet<string> present, List<Finding> findings)
    {
        var wanted = new List<(string Id, string? Version)>();
        string? depsFile = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.deps.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            depsFile ??= file;
            try
            {
                if (new FileInfo(file).Length > 16 * 1024 * 1024)
                {
                    continue;
                }

                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file), new System.Text.Json.JsonDocumentOptions { MaxDepth = 32 });
                if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var library in libraries.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/');
                    if (slash > 0 && library.Value.ValueKind == System.Text.Json.JsonValueKind.Object && library.Value.TryGetProperty("type", out var type)
                        && type.GetString() == "package" && !present.Contains(library.Name.Substring(0, slash)))
                    {
                        wanted.Add((library.Name.Substring(0, slash), library.Name.Substring(slash + 1)));
                    }
                }
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                findings.Add(new Finding
                {
                    RuleId = RuleIds.ReferencesUnresolved,
                    Severity = Severity.Note,
                    Message = $"{_discovery.Relative(file)}: not readable as a dependency manifest ({ex.Message}); packages it names are matched by name.",
                    Location = new SourceSpan(_discovery.Relative(file), 1, 1),
                });
            }
        }

        if (wanted.Count == 0 || !_settings.UsePackages)
        {
            return Array.Empty<MetadataReference>();
        }

        var resolution = _resolver.ResolvePackages(wanted, new List<MetadataReference>());
        if (resolution.Unresolved.Count > 0 && depsFile != null)
        {
            findings.Add(new Finding
            {
                RuleId = RuleIds.ReferencesUnresolved,
                Severity = Severity.Note,
                Message = $"{_discovery.Relative(depsFile)}: packages not found in the local package folder: {string.Join(", ", resolution.Unresolved)}. Their APIs were matched by the names the assemblies write.",
                Location = new SourceSpan(_discovery.Relative(depsFile), 1, 1),
            });
        }

        return resolution.References;
    }

    private void ScanPackage(string relative, byte[] bytes, int depth, List<ScanInput> inputs, List<Finding> findings, List<EntryPoint> entryPoints, List<PluginTargets> outsideTools, CancellationToken cancellationToken)
    {
        _progress.Report($"{relative}: reading package");
        var contents = PackageReader.Read(bytes, _settings.TargetFramework, new PackageLimits(), depth);
        foreach (var problem in contents.Problems)
        {
            var where = problem.Entry.Length == 0 ? relative : $"{relative}!{problem.Entry}";
            findings.Add(Scanner.Unreadable(where, problem.Reason, problem.Fatal ? "The package was not scanned." : "That part was not scanned."));
        }

        if (contents.HasFatalProblem)
        {
            inputs.Add(new ScanInput(relative, InputKinds.Package, InputStatuses.Failed, contents.Problems.First(p => p.Fatal).Reason));
            return;
        }

        var identity = contents.Id == null ? "" : $"{contents.Id} {contents.Version}: ";
        var message = $"{identity}lib/{contents.ChosenFramework ?? "(none)"} with {contents.Assemblies.Count} assemblies, {contents.Sources.Count} sources"
            + (contents.Dependencies.Count == 0 ? "" : "; depends on " + string.Join(", ", contents.Dependencies.Select(d => $"{d.Id} {d.VersionRange}".Trim()).Distinct()));
        inputs.Add(new ScanInput(relative, InputKinds.Package, contents.Problems.Count == 0 ? InputStatuses.Scanned : InputStatuses.Failed, message));

        var dependencies = contents.Dependencies.Where(d => d.TargetFramework == null || d.TargetFramework.Equals(contents.ChosenFramework, StringComparison.OrdinalIgnoreCase))
            .Select(d => (d.Id, d.VersionRange)).Distinct().ToList();
        var resolution = _settings.UsePackages ? _resolver.ResolvePackages(dependencies) : new ReferenceResolver.Resolution(ReferenceResolver.FrameworkReferences, dependencies.Select(d => d.Id).ToList(), "packages not used");
        if (resolution.Unresolved.Count > 0)
        {
            findings.Add(new Finding
            {
                RuleId = RuleIds.ReferencesUnresolved,
                Severity = Severity.Note,
                Message = $"{relative}: dependencies not found in the local package folder: {string.Join(", ", resolution.Unresolved)}. Their APIs were matched by the names the assemblies write.",
                Location = new SourceSpan(relative, 1, 1),
            });
        }

        var assemblies = contents.Assemblies.Select(a => new AssemblyInput(
            $"{relative}!{a.EntryPath}",
            ImmutableArray.Create(a.Content),
            contents.Symbols.FirstOrDefault(p => string.Equals(Path.ChangeExtension(p.EntryPath, ".dll"), Path.ChangeExtension(a.EntryPath, ".dll"), StringComparison.OrdinalIgnoreCase)) is { } pdb
                ? ImmutableArray.Create(pdb.Content) : null)).ToList();
        if (assemblies.Count > 0)
        {
            _progress.Report($"{relative}: analysing {assemblies.Count} assemblies");
            Analyze(assemblies, resolution.References, relative, inputs, findings, entryPoints, outsideTools, cancellationToken);
        }

        if (contents.Sources.Count > 0)
        {
            findings.AddRange(Scanner.ScanPackageSources(relative, contents.Sources, resolution.References, _catalog, _settings, entryPoints, outsideTools, inputs, cancellationToken));
        }

        foreach (var nested in contents.NestedPackages)
        {
            ScanPackage($"{relative}!{nested.EntryPath}", nested.Content, depth + 1, inputs, findings, entryPoints, outsideTools, cancellationToken);
        }
    }

    private void Analyze(List<AssemblyInput> assemblies, IReadOnlyList<MetadataReference> references, string? package, List<ScanInput> inputs, List<Finding> findings, List<EntryPoint> entryPoints, List<PluginTargets> outsideTools, CancellationToken cancellationToken)
    {
        var analysis = new CompiledPluginAnalyzer(_catalog, _settings.Risks).Analyze(assemblies, references, null, cancellationToken);
        foreach (var (path, reason) in analysis.Unreadable)
        {
            inputs.Add(new ScanInput(path, InputKinds.Assembly, InputStatuses.Failed, reason));
            findings.Add(Scanner.Unreadable(path, reason, "Its code was not checked."));
        }

        foreach (var path in analysis.Scanned)
        {
            inputs.Add(new ScanInput(path, InputKinds.Assembly, InputStatuses.Scanned, _impostors.TryGetValue(path, out var claim) ? claim : package == null ? null : "from " + package));
        }

        entryPoints.AddRange(analysis.Result.EntryPoints);
        outsideTools.AddRange(analysis.Result.OutsideTools);
        findings.AddRange(analysis.Result.Findings);
    }

    private ImmutableArray<byte>? ReadFile(string file, string relative, string kind, List<ScanInput> inputs, List<Finding> findings)
    {
        try
        {
            var length = new FileInfo(file).Length;
            var limit = kind == InputKinds.Package ? new PackageLimits().MaxPackageBytes : MaxAssemblyBytes;
            if (length > limit)
            {
                var message = $"file is {length / (1024 * 1024)} MiB, above the {limit / (1024 * 1024)} MiB limit";
                inputs.Add(new ScanInput(relative, kind, InputStatuses.Failed, message));
                findings.Add(Scanner.Unreadable(relative, message, "Its content was not checked."));
                return null;
            }

            return ImmutableArray.Create(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            inputs.Add(new ScanInput(relative, kind, InputStatuses.Failed, "could not be read: " + ex.Message));
            findings.Add(Scanner.Unreadable(relative, "could not be read: " + ex.Message, "Its content was not checked."));
            return null;
        }
    }

    /// <summary>A framework library's identity an assembly claims: its name and public key token.</summary>
    internal sealed record Claim(string Name, string Token)
    {
        public string Description => $"{Name}, public key token {Token}";
    }

    /// <summary>
    /// A framework library: the identity it claims (<see cref="FrameworkClaim"/>) and proof of it. A public key in metadata is
    /// public, anyone can copy it; the strong-name signature verifies only when made with the private key (<see cref="StrongName"/>).
    /// ReadyToRun copies of the platform in a self-contained app lose that signature; they pass as the same bytes as a file of the
    /// .NET installation the scan runs on.
    /// </summary>
    internal static bool IsAuthentic(Claim claim, ImmutableArray<byte> image) => StrongName.IsValid(image) || InstalledFramework.Contains(claim.Name, image);

    /// <summary>The framework identity the image claims: a framework name and a known Microsoft or .NET public key; null for none.</summary>
    internal static Claim? FrameworkClaim(ImmutableArray<byte> image)
    {
        try
        {
            using var pe = new PEReader(image);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            if (!reader.IsAssembly)
            {
                return null;
            }

            var definition = reader.GetAssemblyDefinition();
            var name = reader.GetString(definition.Name);
            var key = reader.GetBlobBytes(definition.PublicKey);
            if (key.Length == 0 || !FrameworkPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                return null;
            }

            using var sha1 = SHA1.Create();
            var hash = sha1.ComputeHash(key);
            var token = string.Concat(hash.Skip(hash.Length - 8).Reverse().Select(b => b.ToString("x2")));
            return FrameworkKeys.Contains(token) ? new Claim(name, token) : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
