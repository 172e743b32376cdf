using System;
using System.CommandLine;
using Tollgate.Cli.Commands;

namespace Tollgate.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "Tollgate scans third-party AI agent plugins for .NET (Semantic Kernel, MCP servers, Microsoft.Extensions.AI functions) " +
            "and reports what each tool a model can call is able to make the machine do, with the call trace that gets there.\n\n" +
            "Examples:\n  tollgate scan ./plugins\n  tollgate scan MyPlugin.csproj --format sarif --output tollgate.sarif\n  tollgate scan . --format json -o report.json --fail-on warning")
        {
            ScanCommand.Create(),
            ScanCommand.CreateBaseline(),
            ScanCommand.CreateLock(),
            ScanCommand.CreateDiff(),
        };

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"tollgate: {error.Message}");
            }

            Console.Error.WriteLine("Run 'tollgate --help' or 'tollgate scan --help' for usage.");
            return ExitCodes.UsageError;
        }

        return result.Invoke();
    }
}
