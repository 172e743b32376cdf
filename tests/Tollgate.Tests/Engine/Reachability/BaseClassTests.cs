using System.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Tools that inherit helpers, and tools declared in a base class.</summary>
public sealed class BaseClassTests
{
    private const string Source = """
        using System.Diagnostics;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Tools;

        public abstract class ToolBase
        {
            protected static string Shell(string command)
            {
                using var process = Process.Start(new ProcessStartInfo("/bin/sh", "-c \"" + command + "\"") { RedirectStandardOutput = true })!;
                return process.StandardOutput.ReadToEnd();
            }

            protected virtual string Prepare(string input) => input.Trim();

            [McpServerTool]
            public string Diagnostics() => Shell("uname -a");
        }

        public abstract class FileToolBase : ToolBase
        {
            protected string ReadWorkspaceFile(string name) => File.ReadAllText(Path.Combine("/workspace", name));
        }

        [McpServerToolType]
        public sealed class DevTools : FileToolBase
        {
            [McpServerTool] public string Uptime() => Shell("uptime");
            [McpServerTool] public string ReadFile(string name) => ReadWorkspaceFile(Prepare(name));
            [McpServerTool] public string Normalize(string input) => Prepare(input);
        }
        """;

    [Fact]
    public void AToolReachesAnInheritedHelper()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Tools.DevTools.Uptime", "Contoso.Tools.ToolBase.Shell", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Tools.DevTools.Uptime", "process.exec").Trace);
    }

    [Fact]
    public void AToolReachesAHelperTwoLevelsUp()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Tools.DevTools.ReadFile"));
        Assert.Equal(
            new[] { "Contoso.Tools.DevTools.ReadFile", "Contoso.Tools.FileToolBase.ReadWorkspaceFile", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Tools.DevTools.ReadFile", "filesystem.read").Trace);
    }

    [Fact]
    public void AToolDeclaredInABaseClassTakesTheBaseClassesId()
    {
        var result = Scan.Sources(Source);

        Assert.Equal("diagnostics", result.Tool("Contoso.Tools.ToolBase.Diagnostics").Name);
        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Tools.ToolBase.Diagnostics"));
        Assert.DoesNotContain(result.EntryPoints, e => e.Id == "Contoso.Tools.DevTools.Diagnostics");
    }

    [Fact]
    public void AnInheritedHarmlessHelperAddsNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Tools.DevTools.Normalize"));
    }

    [Fact]
    public void AVirtualToolReachesItsOverrides()
    {
        var result = Scan.Sources("""
            using System.IO;
            using Microsoft.SemanticKernel;

            namespace Contoso.Tools;

            public abstract class DocumentPlugin
            {
                [KernelFunction]
                public abstract string Read(string name);
            }

            public sealed class DiskDocumentPlugin : DocumentPlugin
            {
                public override string Read(string name) => File.ReadAllText(Path.Combine("/docs", name));
            }
            """);

        Assert.Contains(result.EntryPoints, e => e.Capabilities.Contains("filesystem.read"));
        Assert.Empty(result.Unreached());
    }
}
