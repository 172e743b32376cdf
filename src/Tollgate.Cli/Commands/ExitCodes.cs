namespace Tollgate.Cli.Commands;

/// <summary>The exit codes of ARCHITECTURE.md.</summary>
public static class ExitCodes
{
    /// <summary>The gate passes.</summary>
    public const int Passed = 0;

    /// <summary>Findings at or above the threshold.</summary>
    public const int GateFailed = 1;

    /// <summary>The scan could not be done as asked: bad arguments, unreadable catalog, nothing to scan.</summary>
    public const int UsageError = 2;
}
