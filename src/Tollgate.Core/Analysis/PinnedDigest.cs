using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Tollgate.Analysis;

/// <summary>
/// The value a download's hash is compared with, written the one way a policy and a lockfile can match it: lowercase hex.
/// Code writes digests as hex of either case, as base64, or as bytes; each reads the same here.
/// </summary>
public static class PinnedDigest
{
    /// <summary>Hex for a hex or base64 text of a common digest length; other texts (a tag, a version) as written.</summary>
    public static string Normalize(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':');
        if (colon > 0 && trimmed.Substring(0, colon).ToLowerInvariant() is "sha256" or "sha384" or "sha512" or "sha1" or "md5")
        {
            trimmed = trimmed.Substring(colon + 1);
        }

        if (trimmed.Length % 2 == 0 && trimmed.Length >= 32 && trimmed.All(IsHex))
        {
            return trimmed.ToLowerInvariant();
        }

        if (trimmed.Length % 4 == 0 && trimmed.Length >= 24 && TryBase64(trimmed) is { Length: 16 or 20 or 32 or 48 or 64 } bytes)
        {
            return Hex(bytes);
        }

        return trimmed;
    }

    public static string Hex(IEnumerable<byte> bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
