using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.EntryPoints;

/// <summary>
/// AutoGen for .NET tools: <c>[Function]</c> methods of a partial class (AutoGen.Core.FunctionAttribute). AutoGen is
/// not among the test's references, so these are always matched by full name through the using directives.
/// </summary>
public sealed class AutoGenEntryPointTests
{
    private const string ShellFunctions = """
        using System.Diagnostics;
        using System.IO;
        using System.Threading.Tasks;
        using AutoGen.Core;

        namespace Contoso.AutoGenTools;

        public partial class ShellFunctions
        {
            /// <summary>Runs a shell command.</summary>
            [Function]
            public async Task<string> RunCommand(string command)
            {
                using var process = Process.Start("bash", "-c \"" + command + "\"");
                await process.WaitForExitAsync();
                return process.ExitCode.ToString();
            }

            [Function("read_file", "Reads a file from the workspace")]
            public Task<string> ReadFile(string path) => File.ReadAllTextAsync(path);

            public Task<string> Unexposed(string path) => File.ReadAllTextAsync(path);
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FunctionMethodsAreEntryPoints(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[] { ShellFunctions });

        Assert.Equal(new[] { "Contoso.AutoGenTools.ShellFunctions.ReadFile", "Contoso.AutoGenTools.ShellFunctions.RunCommand" }, result.EntryPoints.Select(e => e.Id));
        Assert.All(result.EntryPoints, e => Assert.Equal("autogen", e.Framework));
        Assert.Equal("RunCommand", result.Tool("Contoso.AutoGenTools.ShellFunctions.RunCommand").Name);
        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.AutoGenTools.ShellFunctions.RunCommand"));
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.AutoGenTools.ShellFunctions.ReadFile"));
        Assert.Equal(
            new[] { "Contoso.AutoGenTools.ShellFunctions.RunCommand", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.AutoGenTools.ShellFunctions.RunCommand", "process.exec").Trace);
        Assert.True(result.Tool("Contoso.AutoGenTools.ShellFunctions.RunCommand").Parameters.Single().ModelControlled);
    }

    [Fact]
    public void AMethodWithoutTheAttributeIsNotAnEntryPoint()
    {
        var result = Scan.Sources(ShellFunctions);

        Assert.DoesNotContain(result.EntryPoints, e => e.Id == "Contoso.AutoGenTools.ShellFunctions.Unexposed");
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.AutoGenTools.ShellFunctions.Unexposed" && f.Capability == "filesystem.read");
    }

    [Fact]
    public void TheDescriptionArgumentIsRecorded()
    {
        var result = Scan.Sources(ShellFunctions);

        Assert.Equal("Reads a file from the workspace", result.Tool("Contoso.AutoGenTools.ShellFunctions.ReadFile").Declared.Description);
    }

    [Fact]
    public void DefaultNameIsTheMethodNameAsWritten()
    {
        var result = Scan.Sources("""
            using System.Diagnostics;
            using System.Threading.Tasks;
            using AutoGen.Core;

            namespace Contoso.AutoGenTools;

            public partial class ShellFunctions
            {
                [Function]
                public async Task<string> RunAsync(string command)
                {
                    await Task.Yield();
                    return Process.Start(command).Id.ToString();
                }
            }
            """);

        Assert.Equal("RunAsync", result.Tool("Contoso.AutoGenTools.ShellFunctions.RunAsync").Name);
    }

    [Fact]
    public void AnotherFrameworksFunctionAttributeIsNotAnAutoGenTool()
    {
        // Azure Functions' [Function("name")] is the same short name in another namespace.
        var result = Scan.Sources("""
            using System.Diagnostics;
            using Microsoft.Azure.Functions.Worker;

            namespace Contoso.Functions;

            public sealed class Deploy
            {
                [Function("deploy")]
                public void Run(string target) => Process.Start("deploy.sh", target);
            }
            """);

        Assert.Empty(result.EntryPoints);
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Functions.Deploy.Run" && f.Capability == "process.exec");
    }

    [Fact]
    public void WithoutTheUsingDirectiveTheAttributeIsNotAutoGens()
    {
        var result = Scan.Sources("""
            using System.Diagnostics;
            using System.Threading.Tasks;

            namespace Contoso.AutoGenTools;

            public partial class ShellFunctions
            {
                [Function]
                public Task<string> RunCommand(string command) => Task.FromResult(Process.Start(command).Id.ToString());

                [AutoGen.Core.Function]
                public Task<string> RunQualified(string command) => Task.FromResult(Process.Start(command).Id.ToString());
            }
            """);

        Assert.Equal("Contoso.AutoGenTools.ShellFunctions.RunQualified", Assert.Single(result.EntryPoints).Id);
    }
}
