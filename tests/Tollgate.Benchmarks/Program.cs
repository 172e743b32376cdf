using System;

namespace Tollgate.Benchmarks;

/// <summary>
/// A plain timing harness (no BenchmarkDotNet): the parent generates or reuses a corpus, then runs each
/// phase in a child process of its own so that the peak working set it reports belongs to that phase alone.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = BenchmarkOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine();
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        return options.ChildPhase switch
        {
            null => ParentRunner.Run(options),
            AssembliesPhase.Name => AssembliesPhase.RunChild(options.AssemblyPaths, options.Repeat, options.Breakdown),
            _ => PhaseChild.Run(options.ChildPhase, options.CorpusDirectory!, options.Repeat),
        };
    }
}
