namespace Proseware.BuildAgent;

/// <summary>Runs build steps. The plugin only ever sees this interface.</summary>
public interface IExecutor
{
    Task<int> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    string Describe();
}
