using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// Walks what the user asked to scan, without ever leaving it: links are not followed, build output and
/// tool folders are skipped, and every file is classified and listed.
/// </summary>
internal sealed class InputDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", ".vs", ".idea", "node_modules", "packages", "TestResults", "artifacts",
    };

    private static readonly HashSet<string> ManifestNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "skprompt.txt", "openapi.json", "openapi.yaml", "openapi.yml", "mcp.json", ".mcp.json", "mcp.config.json",
    };

    public const long MaxSourceFileBytes = 8 * 1024 * 1024;

    public InputDiscovery(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>The directory paths in the report are relative to.</summary>
    public string Root { get; }

    public List<string> SourceFiles { get; } = new();

    public List<string> ProjectFiles { get; } = new();

    public List<string> AssemblyFiles { get; } = new();

    public List<string> PackageFiles { get; } = new();

    public List<ScanInput> Other { get; } = new();

    public List<(string Path, string Message)> Unreadable { get; } = new();

    public void Add(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            WalkDirectory(full, full);
        }
        else if (File.Exists(full))
        {
            Classify(full);
        }
        else
        {
            Unreadable.Add((full, "does not exist"));
        }
    }

    private void WalkDirectory(string directory, string scanRoot)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            Unreadable.Add((directory, "folder could not be listed: " + ex.Message));
            return;
        }

        foreach (var entry in entries)
        {
            if (entry.LinkTarget != null || (entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                Other.Add(new ScanInput(Relative(entry.FullName), KindOf(entry.Name), InputStatuses.Skipped, "symbolic link: not followed"));
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                if (!SkippedFolders.Contains(sub.Name) && !sub.Name.StartsWith(".", StringComparison.Ordinal))
                {
                    WalkDirectory(sub.FullName, scanRoot);
                }
            }
            else
            {
                Classify(entry.FullName);
            }
        }
    }

    private void Classify(string file)
    {
        var name = Path.GetFileName(file);
        var extension = Path.GetExtension(file).ToLowerInvariant();
        switch (extension)
        {
            case ".cs":
                SourceFiles.Add(file);
                break;
            case ".csproj":
                ProjectFiles.Add(file);
                break;
            case ".dll":
            case ".exe":
                AssemblyFiles.Add(file);
                break;
            case ".nupkg":
                PackageFiles.Add(file);
                break;
            default:
                if (ManifestNames.Contains(name) || (name.Equals("config.json", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(Path.GetDirectoryName(file)!, "skprompt.txt"))))
                {
                    Other.Add(new ScanInput(Relative(file), InputKinds.Manifest, InputStatuses.Skipped, "manifests are inventoried but not yet checked by this version"));
                }

                break;
        }
    }

    private static string KindOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".cs" => InputKinds.Source,
        ".csproj" => InputKinds.Project,
        ".dll" or ".exe" => InputKinds.Assembly,
        ".nupkg" => InputKinds.Package,
        _ => InputKinds.Source,
    };

    /// <summary>A path relative to the scanned root, with '/' separators.</summary>
    public string Relative(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath);
        if (relative == ".")
        {
            relative = Path.GetFileName(fullPath);
        }

        return relative.Replace('\\', '/');
    }

    /// <summary>Groups the sources into projects: each file belongs to the nearest folder above it with a .csproj, else to the loose sources of the root.</summary>
    public List<SourceProject> GroupProjects()
    {
        var projectsByDirectory = new Dictionary<string, SourceProject>(StringComparer.Ordinal);
        foreach (var projectFile in ProjectFiles.OrderBy(p => p, StringComparer.Ordinal))
        {
            var directory = Path.GetDirectoryName(projectFile)!;
            if (!projectsByDirectory.ContainsKey(directory))
            {
                projectsByDirectory[directory] = new SourceProject(Path.GetFileNameWithoutExtension(projectFile), directory, projectFile);
            }
        }

        SourceProject? loose = null;
        foreach (var file in SourceFiles.OrderBy(p => p, StringComparer.Ordinal))
        {
            var owner = FindOwner(file, projectsByDirectory);
            if (owner == null)
            {
                loose ??= new SourceProject(Path.GetFileName(Root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "sources", Root, null);
                owner = loose;
            }

            owner.SourceFiles.Add(file);
        }

        var result = projectsByDirectory.Values.OrderBy(p => p.Directory, StringComparer.Ordinal).ToList();
        if (loose != null)
        {
            result.Add(loose);
        }

        return result;
    }

    private static SourceProject? FindOwner(string file, Dictionary<string, SourceProject> projects)
    {
        for (var directory = Path.GetDirectoryName(file); directory != null; directory = Path.GetDirectoryName(directory))
        {
            if (projects.TryGetValue(directory, out var project))
            {
                return project;
            }
        }

        return null;
    }
}
