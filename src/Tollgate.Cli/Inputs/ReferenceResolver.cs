using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// Finds the assemblies a project compiles against, reading files only: the framework's reference assemblies
/// shipped with Tollgate, and the project's packages from a restore's <c>obj/project.assets.json</c> or the
/// local NuGet package folder. MSBuild is never run: evaluating a hostile project file can execute code.
/// </summary>
internal sealed class ReferenceResolver
{
    private static readonly string[] FrameworkPreference =
    {
        "net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0", "netstandard1.6", "netstandard1.3", "netstandard1.0",
    };

    private const long MaxAssetsFileBytes = 64 * 1024 * 1024;
    private const int MaxPackages = 2000;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(() => Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToList());

    private readonly string? _packagesRoot;
    private readonly Dictionary<string, MetadataReference?> _referenceCache = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public ReferenceResolver(string? packagesRoot = null)
    {
        _packagesRoot = packagesRoot ?? DefaultPackagesRoot();
    }

    public static IReadOnlyList<MetadataReference> FrameworkReferences => Framework.Value;

    public sealed record Resolution(IReadOnlyList<MetadataReference> References, IReadOnlyList<string> Unresolved, string Source);

    public Resolution Resolve(SourceProject project)
    {
        var references = new List<MetadataReference>(FrameworkReferences);
        if (project.ProjectFile == null)
        {
            return new Resolution(references, Array.Empty<string>(), "framework only");
        }

        var assets = Path.Combine(project.Directory, "obj", "project.assets.json");
        if (File.Exists(assets) && TryFromAssets(assets, references, out var fromAssets))
        {
            return fromAssets;
        }

        return ResolvePackages(ReadPackageReferences(project.ProjectFile), references);
    }

    /// <summary>Packages and their dependencies from the local package folder (a version range's lower bound, else the newest there).</summary>
    public Resolution ResolvePackages(IReadOnlyList<(string Id, string? Version)> wanted, List<MetadataReference>? references = null)
    {
        references ??= new List<MetadataReference>(FrameworkReferences);
        wanted = wanted.Select(w => (w.Id, LowerBound(w.Version))).ToList();
        var unresolved = new List<string>();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<(string Id, string? Version)>(wanted);
        while (queue.Count > 0 && visited.Count < MaxPackages)
        {
            var (id, version) = queue.Dequeue();
            if (!visited.Add(id))
            {
                continue;
            }

            var folder = FindPackageFolder(id, version);
            if (folder == null)
            {
                if (wanted.Any(w => string.Equals(w.Id, id, StringComparison.OrdinalIgnoreCase)))
                {
                    unresolved.Add(version == null ? id : $"{id} {version}");
                }

                continue;
            }

            AddLibAssemblies(folder, references);
            foreach (var dependency in ReadNuspecDependencies(folder, id))
            {
                queue.Enqueue(dependency);
            }
        }

        return new Resolution(references, unresolved, _packagesRoot == null ? "no package folder" : "package folder");
    }

    private static string? LowerBound(string? range)
    {
        var text = range?.Trim().TrimStart('[', '(');
        var comma = text?.IndexOf(',') ?? -1;
        text = comma >= 0 ? text!.Substring(0, comma) : text?.TrimEnd(']', ')');
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }

    private bool TryFromAssets(string assetsPath, List<MetadataReference> references, out Resolution resolution)
    {
        resolution = null!;
        try
        {
            if (new FileInfo(assetsPath).Length > MaxAssetsFileBytes)
            {
                return false;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(assetsPath), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            var folders = root.TryGetProperty("packageFolders", out var pf) ? pf.EnumerateObject().Select(p => p.Name).ToList() : new List<string>();
            if (_packagesRoot != null)
            {
                folders.Add(_packagesRoot);
            }

            if (!root.TryGetProperty("targets", out var targets))
            {
                return false;
            }

            var target = targets.EnumerateObject().FirstOrDefault();
            if (target.Value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var unresolved = new List<string>();
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package" || !library.Value.TryGetProperty("compile", out var compile))
                {
                    continue;
                }

                var slash = library.Name.IndexOf('/');
                if (slash <= 0)
                {
                    continue;
                }

                var id = library.Name.Substring(0, slash).ToLowerInvariant();
                var version = library.Name.Substring(slash + 1).ToLowerInvariant();
                var found = false;
                foreach (var item in compile.EnumerateObject())
                {
                    if (!item.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    foreach (var folder in folders)
                    {
                        var packageRoot = Path.GetFullPath(Path.Combine(folder, id, version));
                        var dll = Path.GetFullPath(Path.Combine(packageRoot, item.Name));
                        if (IsUnder(dll, packageRoot) && File.Exists(dll) && Load(dll) is { } reference)
                        {
                            references.Add(reference);
                            found = true;
                            break;
                        }
                    }
                }

                if (!found && compile.EnumerateObject().Any(i => i.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                {
                    unresolved.Add($"{library.Name.Substring(0, slash)} {library.Name.Substring(slash + 1)}");
                }
            }

            resolution = new Resolution(references, unresolved, "obj/project.assets.json");
            return true;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>PackageReference items with versions from the project or the nearest Directory.Packages.props.</summary>
    internal static List<(string Id, string? Version)> ReadPackageReferences(string projectFile)
    {
        var result = new List<(string, string?)>();
        var document = LoadXml(projectFile);
        if (document == null)
        {
            return result;
        }

        var central = ReadCentralVersions(Path.GetDirectoryName(projectFile)!);
        foreach (var element in document.Descendants().Where(e => e.Name.LocalName == "PackageReference"))
        {
            var id = (string?)element.Attribute("Include") ?? (string?)element.Attribute("Update");
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            var version = (string?)element.Attribute("Version") ?? element.Elements().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value;
            if (version == null)
            {
                central.TryGetValue(id!, out version);
            }

            result.Add((id!.Trim(), version?.Trim()));
        }

        return result;
    }

    private static Dictionary<string, string> ReadCentralVersions(string directory)
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var current = directory; current != null; current = Path.GetDirectoryName(current))
        {
            var props = Path.Combine(current, "Directory.Packages.props");
            if (!File.Exists(props))
            {
                continue;
            }

            var document = LoadXml(props);
            foreach (var element in document?.Descendants().Where(e => e.Name.LocalName == "PackageVersion") ?? Enumerable.Empty<XElement>())
            {
                if ((string?)element.Attribute("Include") is { } id && (string?)element.Attribute("Version") is { } version)
                {
                    versions[id] = version;
                }
            }

            break;
        }

        return versions;
    }

    /// <summary>XML without DTDs or external entities, bounded in size.</summary>
    internal static XDocument? LoadXml(string path)
    {
        try
        {
            if (new FileInfo(path).Length > 4 * 1024 * 1024)
            {
                return null;
            }

            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 8 * 1024 * 1024 };
            using var reader = XmlReader.Create(path, settings);
            return XDocument.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? FindPackageFolder(string id, string? version)
    {
        if (_packagesRoot == null)
        {
            return null;
        }

        var idFolder = Path.Combine(_packagesRoot, id.ToLowerInvariant());
        if (!IsUnder(Path.GetFullPath(idFolder), _packagesRoot) || !Directory.Exists(idFolder))
        {
            return null;
        }

        var versions = Directory.GetDirectories(idFolder).Select(Path.GetFileName).Where(v => v != null).Cast<string>().ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var wanted = version?.Trim('[', ']', '(', ')').Split(',')[0].Trim().ToLowerInvariant();
        var chosen = wanted != null && versions.Contains(wanted) ? wanted : versions.OrderBy(v => ParseVersion(v)).Last();
        return Path.Combine(idFolder, chosen);
    }

    private static Version ParseVersion(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out var v) ? v : new Version(0, 0);
    }

    private void AddLibAssemblies(string packageFolder, List<MetadataReference> references)
    {
        foreach (var group in new[] { "ref", "lib" })
        {
            var groupFolder = Path.Combine(packageFolder, group);
            if (!Directory.Exists(groupFolder))
            {
                continue;
            }

            var frameworks = Directory.GetDirectories(groupFolder).Select(Path.GetFileName).Cast<string>().ToList();
            var best = FrameworkPreference.FirstOrDefault(f => frameworks.Contains(f, StringComparer.OrdinalIgnoreCase));
            if (best == null)
            {
                continue;
            }

            foreach (var dll in Directory.GetFiles(Path.Combine(groupFolder, best), "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                if (Load(dll) is { } reference)
                {
                    references.Add(reference);
                }
            }

            return;
        }
    }

    private static IEnumerable<(string, string?)> ReadNuspecDependencies(string packageFolder, string id)
    {
        var nuspec = Directory.GetFiles(packageFolder, "*.nuspec").FirstOrDefault();
        var document = nuspec == null ? null : LoadXml(nuspec);
        if (document == null)
        {
            yield break;
        }

        var groups = document.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        var group = groups.FirstOrDefault(g => FrameworkPreference.Take(7).Any(f => string.Equals(NormalizeFramework((string?)g.Attribute("targetFramework")), f, StringComparison.OrdinalIgnoreCase)))
            ?? groups.FirstOrDefault(g => NormalizeFramework((string?)g.Attribute("targetFramework"))?.StartsWith("netstandard", StringComparison.OrdinalIgnoreCase) == true);
        var dependencies = group?.Elements() ?? document.Descendants().Where(e => e.Name.LocalName == "dependency");
        foreach (var dependency in dependencies.Where(e => e.Name.LocalName == "dependency"))
        {
            if ((string?)dependency.Attribute("id") is { } dependencyId)
            {
                yield return (dependencyId, (string?)dependency.Attribute("version"));
            }
        }
    }

    private static string? NormalizeFramework(string? framework) => framework switch
    {
        null => null,
        _ when framework.StartsWith(".NETStandard", StringComparison.OrdinalIgnoreCase) => "netstandard" + framework.Substring(".NETStandard".Length),
        _ when framework.StartsWith("net", StringComparison.OrdinalIgnoreCase) => framework.ToLowerInvariant(),
        _ => framework,
    };

    private MetadataReference? Load(string dll)
    {
        lock (_lock)
        {
            if (_referenceCache.TryGetValue(dll, out var cached))
            {
                return cached;
            }

            MetadataReference? reference = null;
            try
            {
                // Metadata only: the assembly is read, never loaded for execution.
                using var stream = File.OpenRead(dll);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (pe.HasMetadata)
                {
                    reference = MetadataReference.CreateFromFile(dll);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
            {
                reference = null;
            }

            _referenceCache[dll] = reference;
            return reference;
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var normalizedRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(normalizedRoot, StringComparison.Ordinal);
    }

    private static string? DefaultPackagesRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var folder = Path.Combine(home, ".nuget", "packages");
        return Directory.Exists(folder) ? folder : null;
    }
}
