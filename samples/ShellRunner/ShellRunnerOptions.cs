namespace ShellRunner;

public sealed class ShellRunnerOptions
{
    public string DefaultWorkingDirectory { get; set; } = ".";
    public int TimeoutSeconds { get; set; } = 60;
}
