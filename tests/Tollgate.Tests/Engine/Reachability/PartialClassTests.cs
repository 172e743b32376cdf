using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Partial classes spread over files, and partial methods.</summary>
public sealed class PartialClassTests
{
    private const string Tools = """
        using ModelContextProtocol.Server;

        namespace Contoso.Files;

        [McpServerToolType]
        public sealed partial class FileTools
        {
            [McpServerTool] public void Remove(string path) => DeleteCore(path);
            [McpServerTool] public string Read(string path) { OnReading(path); return ReadCore(path); }
            [McpServerTool] public void Touch(string path) => OnTouched(path);
        }
        """;

    private const string Implementation = """
        using System.IO;

        namespace Contoso.Files;

        public sealed partial class FileTools
        {
            private static void DeleteCore(string path) => File.Delete(path);

            private static string ReadCore(string path) => File.ReadAllText(path);

            partial void OnReading(string path);

            partial void OnTouched(string path);
        }
        """;

    private const string Hooks = """
        using System;

        namespace Contoso.Files;

        public sealed partial class FileTools
        {
            partial void OnReading(string path) => Console.Error.WriteLine(Environment.GetEnvironmentVariable("AUDIT_USER") + " reads " + path);
        }
        """;

    [Fact]
    public void AToolReachesAMethodInAnotherPartOfItsClass()
    {
        var result = Scan.Sources(Tools, Implementation, Hooks);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Files.FileTools.Remove"));
        Assert.Equal(
            new[] { "Contoso.Files.FileTools.Remove", "Contoso.Files.FileTools.DeleteCore", "System.IO.File.Delete" },
            result.Trace("Contoso.Files.FileTools.Remove", "filesystem.write").Trace);
    }

    [Fact]
    public void APartialMethodCallReachesItsImplementationInAThirdFile()
    {
        var result = Scan.Sources(Tools, Implementation, Hooks);

        Assert.Equal(new[] { "environment.read", "filesystem.read" }, result.CapabilitiesOf("Contoso.Files.FileTools.Read"));
        Assert.Equal(
            new[] { "Contoso.Files.FileTools.Read", "Contoso.Files.FileTools.OnReading", "System.Environment.GetEnvironmentVariable" },
            result.Trace("Contoso.Files.FileTools.Read", "environment.read").Trace);
        Assert.Equal("Source2.cs", result.Trace("Contoso.Files.FileTools.Read", "environment.read").Location!.Path);
    }

    [Fact]
    public void APartialMethodWithoutImplementationAddsNothing()
    {
        var result = Scan.Sources(Tools, Implementation, Hooks);

        Assert.Empty(result.CapabilitiesOf("Contoso.Files.FileTools.Touch"));
    }

    [Fact]
    public void WithoutTheHookPartOnlyTheReadRemains()
    {
        var result = Scan.Sources(Tools, Implementation);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Files.FileTools.Read"));
    }
}
