using System.Security.Cryptography;

namespace Adatum.LocalModels;

/// <summary>
/// Digest check for downloaded weights. Written but never wired in:
/// no tool calls it, so downloads are not verified.
/// </summary>
internal static class ModelIntegrity
{
    public static bool MatchesDigest(string path, string expectedSha256Hex)
    {
        using var stream = File.OpenRead(path);
        string actual = Convert.ToHexString(SHA256.HashData(stream));
        return string.Equals(actual, expectedSha256Hex, StringComparison.OrdinalIgnoreCase);
    }
}
