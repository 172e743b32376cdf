namespace Proseware.BuildAgent;

public sealed class BuildAgentOptions
{
    public string LogDirectory { get; set; } = "build-logs";
}
