using System.CommandLine;
using System.Linq;
using Tollgate.Cli.Commands;
using Xunit;

namespace Tollgate.Tests.Cli;

public sealed class ScanCommandParsingTests
{
    private static (System.Collections.Generic.List<(string Format, string? Output)> Reports, string? Error) Pair(params string[] args)
    {
        var root = new RootCommand { ScanCommand.Create() };
        return ScanCommand.PairFormatsWithOutputs(root.Parse(new[] { "scan", "samples" }.Concat(args).ToArray()));
    }

    [Fact]
    public void DefaultIsTheConsoleOnStandardOutput()
    {
        var (reports, error) = Pair();

        Assert.Null(error);
        Assert.Equal(new[] { ("console", (string?)null) }, reports);
    }

    [Fact]
    public void EachOutputBelongsToTheFormatBeforeIt()
    {
        var (reports, error) = Pair("--format", "console", "--format", "json", "--output", "a.json", "-f", "sarif", "-o", "b.sarif");

        Assert.Null(error);
        Assert.Equal(new[] { ("console", (string?)null), ("json", "a.json"), ("sarif", "b.sarif") }, reports);
    }

    [Fact]
    public void AnOutputBeforeTheFormatBelongsToIt()
    {
        var (reports, error) = Pair("--output", "r.json", "--format", "json");

        Assert.Null(error);
        Assert.Equal(new[] { ("json", (string?)"r.json") }, reports);
    }

    [Fact]
    public void TwoReportsOnStandardOutputAreRefused()
    {
        var (_, error) = Pair("--format", "json", "--format", "sarif");

        Assert.Contains("Only one report", error);
    }

    [Fact]
    public void TwoOutputsForOneFormatAreRefused()
    {
        var (_, error) = Pair("--format", "json", "--output", "a", "--output", "b");

        Assert.Contains("already has an output", error);
    }
}
