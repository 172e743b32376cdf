using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Local functions are part of the method that declares them.</summary>
public sealed class LocalFunctionTests
{
    private const string Source = """
        using System.Diagnostics;
        using System.IO;
        using Microsoft.SemanticKernel;

        namespace Contoso.Git;

        public sealed class GitPlugin
        {
            [KernelFunction]
            public string Log(string repository, int count)
            {
                return Git("log -n " + count);

                string Git(string arguments)
                {
                    using var process = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = repository, RedirectStandardOutput = true })!;
                    return process.StandardOutput.ReadToEnd();
                }
            }

            [KernelFunction]
            public int CountLines(string path)
            {
                return Count(File.ReadAllLines(path));

                static int Count(string[] lines) => lines.Length;
            }

            [KernelFunction]
            public string Status() => Format("clean");

            private static string Format(string state)
            {
                return Upper(state);

                static string Upper(string s) => s.ToUpperInvariant();
            }

            private static void Prune()
            {
                Run();

                static void Run() => Process.Start("git", "gc --prune=now");
            }
        }
        """;

    [Fact]
    public void ALocalFunctionsCapabilityBelongsToItsMethod()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Git.GitPlugin.Log"));
        Assert.Equal(
            new[] { "Contoso.Git.GitPlugin.Log", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Git.GitPlugin.Log", "process.exec").Trace);
    }

    [Fact]
    public void AStaticLocalFunctionCalledWithAFilesLinesDoesNotHideTheRead()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Git.GitPlugin.CountLines"));
    }

    [Fact]
    public void AHarmlessLocalFunctionAddsNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Git.GitPlugin.Status"));
    }

    [Fact]
    public void ALocalFunctionOfAMethodNoToolCallsIsUnreached()
    {
        var result = Scan.Sources(Source);

        var prune = Assert.Single(result.Unreached());
        Assert.Equal("process.exec", prune.Capability);
        Assert.Equal("Contoso.Git.GitPlugin.Prune", prune.Trace[0]);
    }
}
