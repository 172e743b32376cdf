using System.Collections.Generic;

namespace Tollgate.Cli.Inputs;

/// <summary>The kinds of input the report's <c>inputs</c> list names (TAXONOMY.md).</summary>
public static class InputKinds
{
    public const string Source = "source";
    public const string Project = "project";
    public const string Assembly = "assembly";
    public const string Package = "package";
    public const string Manifest = "manifest";
}

public static class InputStatuses
{
    public const string Scanned = "scanned";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

/// <summary>One input as the report lists it; <see cref="Path"/> is relative to the scanned root.</summary>
public sealed record ScanInput(string Path, string Kind, string Status, string? Message);

/// <summary>A set of source files analysed as one compilation, with what its project file says it references.</summary>
internal sealed class SourceProject
{
    public SourceProject(string name, string directory, string? projectFile)
    {
        Name = name;
        Directory = directory;
        ProjectFile = projectFile;
    }

    public string Name { get; }

    /// <summary>Absolute directory of the project (or of the loose sources).</summary>
    public string Directory { get; }

    /// <summary>Absolute path of the .csproj, when there is one.</summary>
    public string? ProjectFile { get; }

    public List<string> SourceFiles { get; } = new();
}
