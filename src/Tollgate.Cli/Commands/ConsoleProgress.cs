using System;
using System.Diagnostics;
using System.IO;

namespace Tollgate.Cli.Commands;

/// <summary>Progress on stderr, on a terminal only, and only once the scan has taken more than a second.</summary>
internal sealed class ConsoleProgress : IProgressSink
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly TextWriter _error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastLength;

    public ConsoleProgress(TextWriter error) => _error = error;

    public void Report(string message)
    {
        if (_clock.Elapsed < Delay)
        {
            return;
        }

        var line = $"tollgate: {message}";
        _error.Write("\r" + line.PadRight(_lastLength));
        _lastLength = line.Length;
    }

    public void Done()
    {
        if (_lastLength > 0)
        {
            _error.Write("\r" + new string(' ', _lastLength) + "\r");
            _lastLength = 0;
        }
    }
}
