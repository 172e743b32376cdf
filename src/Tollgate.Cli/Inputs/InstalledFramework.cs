using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// The files of the .NET installation the scan runs on (every shared framework and version beside the one running): an image
/// byte-identical to one of them is that file, whatever its signature says.
/// </summary>
internal static class InstalledFramework
{
    private static readonly Lazy<ILookup<string, string>> Files = new(Index);
    private static readonly ConcurrentDictionary<string, byte[]> Hashes = new(StringComparer.Ordinal);

    public static bool Contains(string assemblyName, ImmutableArray<byte> image)
    {
        var candidates = Files.Value[assemblyName + ".dll"].Where(f => new FileInfo(f).Length == image.Length).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var hash = SHA256.HashData(image.AsSpan());
        return candidates.Any(f => Hashes.GetOrAdd(f, path => SHA256.HashData(File.ReadAllBytes(path))).AsSpan().SequenceEqual(hash));
    }

    /// <summary>shared/&lt;framework&gt;/&lt;version&gt;/*.dll above the running runtime's folder, by file name.</summary>
    private static ILookup<string, string> Index()
    {
        try
        {
            var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var shared = runtime == null ? null : Directory.GetParent(runtime)?.Parent;
            if (shared == null || !shared.Exists)
            {
                return Array.Empty<string>().ToLookup(f => f);
            }

            return shared.EnumerateDirectories().SelectMany(framework => framework.EnumerateDirectories())
                .SelectMany(version => version.EnumerateFiles("*.dll"))
                .Select(f => f.FullName)
                .ToLookup(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>().ToLookup(f => f);
        }
    }
}
