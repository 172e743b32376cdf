using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Tollgate.Cli.Inputs;

internal sealed record PackageLimits(
    long MaxPackageBytes = 512L << 20, long MaxTotalUncompressedBytes = 1L << 30, long MaxEntryBytes = 256L << 20,
    double MaxCompressionRatio = 200, int MaxEntries = 20000, int MaxNestingDepth = 2);

/// <param name="EntryPath">The entry's name as NuGet sees it: '/' separated and percent-decoded.</param>
internal sealed record PackageFile(string EntryPath, byte[] Content);

internal sealed record PackageDependency(string Id, string? VersionRange, string? TargetFramework);

/// <param name="Entry">The entry concerned, or "" for the package itself.</param>
/// <param name="Fatal">Reading stopped: the contents are incomplete and must not be reported as clean.</param>
internal sealed record PackageProblem(string Entry, string Reason, bool Fatal);

/// <param name="Assemblies">The .dll and .exe files directly in the chosen lib/&lt;tfm&gt;/ folder.</param>
/// <param name="Symbols">The .pdb files in that same folder.</param>
/// <param name="Sources">Every .cs file anywhere in the package.</param>
/// <param name="NestedPackages">.nupkg entries, for the caller to read at depth + 1.</param>
internal sealed record PackageContents(
    string? Id, string? Version, string? ChosenFramework, IReadOnlyList<string> AvailableFrameworks, IReadOnlyList<PackageDependency> Dependencies,
    IReadOnlyList<PackageFile> Assemblies, IReadOnlyList<PackageFile> Symbols, IReadOnlyList<PackageFile> Sources, IReadOnlyList<PackageFile> NestedPackages,
    IReadOnlyList<PackageProblem> Problems)
{
    public bool HasFatalProblem => Problems.Any(p => p.Fatal);
}

/// <summary>
/// Reads a .nupkg that is hostile by assumption, entirely in memory: entry names are only ever classified, never used as paths,
/// and every byte inflated is bounded by <see cref="PackageLimits"/> before and while it is read.
/// </summary>
internal static class PackageReader
{
    // Small files legitimately compress beyond any sane ratio (a run of zeros); a bomb needs bulk, so the ratio applies past this size.
    private const long RatioFloorBytes = 64 * 1024;
    private const long MaxNuspecCharacters = 4L << 20;
    // The standard (zlib) CRC-32 table; the runtime exposes no CRC of its own without another package.
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256)
        .Select(n => Enumerable.Range(0, 8).Aggregate((uint)n, (c, _) => (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1)).ToArray();

    public static PackageContents Read(byte[] package, string hostFramework, PackageLimits limits, int depth = 0)
    {
        var result = new Builder();
        // ZipArchive materializes the whole central directory before it can be counted; every real entry carries the
        // central header signature, so counting that first is a cheap upper bound.
        var refusal = package.LongLength > limits.MaxPackageBytes ? $"package is {package.LongLength} bytes, over the MaxPackageBytes bound of {limits.MaxPackageBytes}"
            : package.AsSpan().Count("PK\u0001\u0002"u8) > limits.MaxEntries ? $"package has more than the MaxEntries bound of {limits.MaxEntries} entries"
            : null;
        using var archive = refusal == null ? Open(package, out refusal) : null;
        if (archive == null)
        {
            result.Fatal("", refusal!);
            return result.Build();
        }

        // Pass 1: names only. Nothing is inflated until the entries worth reading are known.
        var entries = new List<(string Path, ZipArchiveEntry Entry)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in archive.Entries)
        {
            var path = Normalize(entry.FullName, out var rejection);
            if (path == null)
            {
                result.Problem(Printable(entry.FullName), $"entry skipped: {rejection}");
            }
            else if (!seen.Add(path))
            {
                // Which copy an installer keeps depends on the tool; scanning one while another is installed would be an evasion.
                result.Problem(path, "duplicate entry: the package is ambiguous (only the first copy is scanned)");
            }
            else if (!path.EndsWith('/')) // a directory entry carries no content
            {
                entries.Add((path, entry));
            }
        }

        var frameworks = entries.Select(e => e.Path.Split('/')).Where(s => s.Length > 2 && s[0].Equals("lib", StringComparison.OrdinalIgnoreCase))
            .Select(s => s[1]).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        result.AvailableFrameworks = frameworks;
        result.ChosenFramework = ChooseFramework(hostFramework, frameworks);
        if (frameworks.Count > 0 && result.ChosenFramework == null)
        {
            result.Problem("", $"no lib/ folder for {hostFramework}; available: {string.Join(", ", frameworks)}");
        }

        var nuspecs = entries.Where(e => !e.Path.Contains('/') && e.Path.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
        {
            result.Problem("", nuspecs.Count == 0 ? "no .nuspec at the package root" : "several .nuspec files at the package root: the package is ambiguous (none is read)");
        }
        else if (ReadBounded(nuspecs[0].Path, nuspecs[0].Entry, limits, result) is { } nuspec)
        {
            ReadNuspec(nuspecs[0].Path, nuspec, result);
        }
        else
        {
            return result.Build();
        }

        // Pass 2: inflate only what the scan needs, in archive order, stopping at the first fatal problem.
        var chosenFolder = result.ChosenFramework == null ? null : $"lib/{result.ChosenFramework}/";
        foreach (var (path, entry) in entries)
        {
            var target = Classify(path, chosenFolder, result);
            if (target == result.NestedPackages && depth >= limits.MaxNestingDepth)
            {
                result.Problem(path, $"nested package too deep (the MaxNestingDepth bound is {limits.MaxNestingDepth}): not read");
            }
            else if (target != null)
            {
                if (ReadBounded(path, entry, limits, result) is not { } content)
                {
                    return result.Build();
                }

                target.Add(new PackageFile(path, content));
            }
        }

        return result.Build();
    }

    private static List<PackageFile>? Classify(string path, string? chosenFolder, Builder result)
    {
        bool Is(string extension) => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
        var inChosenFolder = chosenFolder != null && path.StartsWith(chosenFolder, StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', chosenFolder.Length) < 0;
        return Is(".cs") ? result.Sources : Is(".nupkg") ? result.NestedPackages
            : !inChosenFolder ? null : Is(".dll") || Is(".exe") ? result.Assemblies : Is(".pdb") ? result.Symbols : null;
    }

    private static ZipArchive? Open(byte[] package, out string? error)
    {
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            _ = archive.Entries.Count; // the central directory is read lazily: fail here, not halfway through
            error = null;
            return archive;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            archive?.Dispose();
            error = $"not a zip archive: {ex.Message}";
            return null;
        }
    }

    /// <summary>
    /// Names are decoded the way NuGet decodes them (percent escapes, '\' as '/') and then checked, so an escape cannot hide
    /// a "..", a control character or an extension. Returns null with the reason when the name could not be extracted safely.
    /// </summary>
    private static string? Normalize(string name, out string reason)
    {
        var path = (name.Contains('%') ? Uri.UnescapeDataString(name) : name).Replace('\\', '/');
        var segments = path.TrimEnd('/').Split('/');
        reason = path.Length == 0 ? "empty name"
            : path.Any(IsInvisible) ? "control or format character in the name"
            : path[0] == '/' ? "absolute path"
            : path.Contains(':') ? "drive or stream separator ':' in the name"
            : segments.Contains("..") ? "'..' segment escapes the package"
            // Windows drops a trailing '.' or ' ' when it creates the file: "x.dll." is installed as "x.dll".
            : segments.Any(s => s.Length == 0 || s[^1] is '.' or ' ') ? "empty segment, or one ending in '.' or ' '"
            : "";
        return reason.Length == 0 ? path : null;
    }

    private static bool IsInvisible(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>A rejected name as it may be shown: invisible characters (terminal escapes, bidi overrides) spelled out.</summary>
    private static string Printable(string name) => string.Concat(name.Select(c => IsInvisible(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>
    /// The entry's exact content, or null after a fatal problem. Declared sizes are checked before inflating; since they can lie,
    /// the read is also bounded by them (one byte past the declared size is refused) and the CRC is verified, because the
    /// runtime silently truncates a deflated entry at a too-small declared size.
    /// </summary>
    private static byte[]? ReadBounded(string path, ZipArchiveEntry entry, PackageLimits limits, Builder result)
    {
        long declared = entry.Length, compressed = entry.CompressedLength;
        var refusal = declared < 0 || declared > Math.Min(limits.MaxEntryBytes, Array.MaxLength) ? $"declares {declared} bytes, over the MaxEntryBytes bound of {limits.MaxEntryBytes}"
            : result.TotalBytes + declared > limits.MaxTotalUncompressedBytes ? $"would exceed the MaxTotalUncompressedBytes bound of {limits.MaxTotalUncompressedBytes}"
            : declared > RatioFloorBytes && (compressed <= 0 || (double)declared / compressed > limits.MaxCompressionRatio)
                ? $"compression ratio {declared}/{compressed} exceeds the MaxCompressionRatio bound of {limits.MaxCompressionRatio}"
            : null;
        if (refusal != null)
        {
            return result.Fatal(path, refusal);
        }

        var content = new byte[declared];
        try
        {
            using var stream = entry.Open();
            var read = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            if (read < content.Length || stream.ReadByte() >= 0)
            {
                return result.Fatal(path, $"content {(read < content.Length ? "is shorter" : "is longer")} than its declared {declared} bytes");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            return result.Fatal(path, $"cannot read entry: {ex.Message}");
        }

        if (Crc32(content) != entry.Crc32)
        {
            return result.Fatal(path, "content does not match its CRC: the entry's sizes or data were tampered with");
        }

        result.TotalBytes += declared;
        return content;
    }

    private static void ReadNuspec(string path, byte[] content, Builder result)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxNuspecCharacters };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content, writable: false), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            result.Problem(path, $"malformed .nuspec: {ex.Message}");
            return;
        }

        // The nuspec namespace changes with the schema year, so everything is matched on local names.
        static IEnumerable<XElement> Children(XElement? parent, string name) => parent?.Elements().Where(e => e.Name.LocalName == name) ?? Enumerable.Empty<XElement>();
        var metadata = Children(document.Root, "metadata").FirstOrDefault();
        result.Id = Children(metadata, "id").FirstOrDefault()?.Value.Trim();
        result.Version = Children(metadata, "version").FirstOrDefault()?.Value.Trim();
        var dependencies = Children(metadata, "dependencies").FirstOrDefault();
        var flat = Children(dependencies, "dependency").Select(d => (Group: (XElement?)null, Dependency: d));
        var grouped = Children(dependencies, "group").SelectMany(g => Children(g, "dependency").Select(d => (Group: (XElement?)g, Dependency: d)));
        foreach (var (group, dependency) in flat.Concat(grouped))
        {
            var id = ((string?)dependency.Attribute("id"))?.Trim();
            if (!string.IsNullOrEmpty(id))
            {
                result.Dependencies.Add(new PackageDependency(id, ((string?)dependency.Attribute("version"))?.Trim(), ((string?)group?.Attribute("targetFramework"))?.Trim()));
            }
        }
    }

    private enum Family { Framework, Standard, CoreApp, Net }

    private sealed record Tfm(Family Family, Version Version, string? Platform);

    /// <summary>The lib/ folder NuGet would pick for the host: the nearest family first, then the highest version, then the platform-specific folder.</summary>
    internal static string? ChooseFramework(string hostFramework, IEnumerable<string> available)
    {
        var host = ParseFramework(hostFramework);
        return available.Select(name => (Name: name, Tfm: ParseFramework(name)))
            .Select(c => (c.Name, c.Tfm, Rank: host == null || c.Tfm == null ? null : Rank(host, c.Tfm)))
            .Where(c => c.Rank != null)
            .OrderByDescending(c => c.Rank).ThenByDescending(c => c.Tfm!.Version).ThenByDescending(c => c.Tfm!.Platform != null).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
    }

    /// <summary>How close a compatible library is to the host (higher is nearer), or null when the host cannot load it.</summary>
    private static int? Rank(Tfm host, Tfm lib) => (host.Family, lib.Family) switch
    {
        _ when lib.Platform != null && lib.Platform != host.Platform => null,
        _ when host.Family == lib.Family => lib.Version <= host.Version ? 3 : null,
        (Family.Net, Family.CoreApp) => 2,
        (_, Family.Standard) => MaxStandard(host) is { } max && lib.Version <= max ? 1 : null,
        _ => null,
    };

    // The highest .NET Standard each host implements (.NET Framework per the official table, 4.6.1 and up for 2.0).
    private static Version? MaxStandard(Tfm host) => host.Family switch
    {
        Family.Net => new Version(2, 1),
        Family.CoreApp => host.Version >= new Version(3, 0) ? new Version(2, 1) : host.Version >= new Version(2, 0) ? new Version(2, 0) : new Version(1, 6),
        Family.Framework => host.Version >= new Version(4, 6, 1) ? new Version(2, 0) : host.Version >= new Version(4, 6) ? new Version(1, 3)
            : host.Version >= new Version(4, 5, 1) ? new Version(1, 2) : host.Version >= new Version(4, 5) ? new Version(1, 1) : null,
        _ => null,
    };

    /// <summary>Short folder names only: netX.Y[-platform] (X &gt;= 5), netcoreappX.Y, netstandardX.Y, netNNN; anything else is unknown.</summary>
    private static Tfm? ParseFramework(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        var dash = text.IndexOf('-');
        var platform = dash < 0 ? null : text[(dash + 1)..].TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');
        text = dash < 0 ? text : text[..dash];
        Tfm? Dotted(string prefix, Family family) => text.StartsWith(prefix, StringComparison.Ordinal) && Version.TryParse(text[prefix.Length..], out var v) ? new Tfm(family, v, null) : null;
        var tfm = Dotted("netstandard", Family.Standard) ?? Dotted("netcoreapp", Family.CoreApp) ?? (Dotted("net", Family.Net) is { Version.Major: >= 5 } net ? net : null);
        if (tfm == null && text.Length is 5 or 6 && text.StartsWith("net", StringComparison.Ordinal) && text[3..].All(char.IsAsciiDigit) && text[3] <= '4')
        {
            tfm = new Tfm(Family.Framework, new Version(text[3] - '0', text[4] - '0', text.Length == 6 ? text[5] - '0' : 0), null);
        }

        // Only .NET 5+ has platform-specific frameworks; an empty or foreign platform makes the name unknown.
        return platform == null ? tfm : tfm?.Family == Family.Net && platform.Length > 0 ? tfm with { Platform = platform } : null;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>The contents gathered so far; a fatal problem returns them as they stand.</summary>
    private sealed class Builder
    {
        public string? Id, Version, ChosenFramework;
        public IReadOnlyList<string> AvailableFrameworks = Array.Empty<string>();
        public long TotalBytes;
        public readonly List<PackageDependency> Dependencies = new();
        public readonly List<PackageFile> Assemblies = new(), Symbols = new(), Sources = new(), NestedPackages = new();
        private readonly List<PackageProblem> _problems = new();

        public void Problem(string entry, string reason) => _problems.Add(new PackageProblem(entry, reason, Fatal: false));

        public byte[]? Fatal(string entry, string reason)
        {
            _problems.Add(new PackageProblem(entry, reason, Fatal: true));
            return null;
        }

        public PackageContents Build() =>
            new(Id, Version, ChosenFramework, AvailableFrameworks, Dependencies, Assemblies, Symbols, Sources, NestedPackages, _problems);
    }
}
