using System.Diagnostics;

namespace Proseware.BuildAgent;

/// <summary>The only <see cref="IExecutor"/> in the package: starts real processes.</summary>
internal sealed class ProcessExecutor : IExecutor
{
    public async Task<int> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    public string Describe() => "local process executor";
}
