using System.Reflection;

namespace Tollgate.Cli;

internal static class ToolInfo
{
    public const string Name = "tollgate";
    public const string InformationUri = "https://github.com/tollgate-scanner/tollgate";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";
}
