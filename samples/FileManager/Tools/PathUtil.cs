namespace FileManager.Tools;

internal static class PathUtil
{
    /// <summary>Makes a path absolute. Note: no check of where it points.</summary>
    public static string Normalize(string path) =>
        Path.GetFullPath(path.Trim().Trim('"'));
}
