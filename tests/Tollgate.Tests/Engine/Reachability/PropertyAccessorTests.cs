using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Reading a property runs its getter; assigning it runs its setter; neither runs the other.</summary>
public sealed class PropertyAccessorTests
{
    private const string Source = """
        using System;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Config;

        public sealed class Workspace
        {
            private string _root = "";

            public string Home => Environment.GetEnvironmentVariable("HOME") ?? "/";

            public string Root
            {
                get => _root;
                set
                {
                    _root = value;
                    File.WriteAllText(".workspace", value);
                }
            }

            public string Readme
            {
                get { return File.ReadAllText(Path.Combine(_root, "README.md")); }
            }

            public static string MachineName => Environment.MachineName;

            public string Name { get; set; } = "";
        }

        [McpServerToolType]
        public sealed class WorkspaceTools
        {
            [McpServerTool] public static string GetHome() => new Workspace().Home;
            [McpServerTool] public static void SetRoot(string root) { var w = new Workspace(); w.Root = root; }
            [McpServerTool] public static string GetRoot() => new Workspace().Root;
            [McpServerTool] public static string GetReadme(string root) => new Workspace { Name = root }.Readme;
            [McpServerTool] public static string GetMachine() => Workspace.MachineName;
            [McpServerTool] public static string Rename(string name) { var w = new Workspace(); w.Name = name; return w.Name; }
        }
        """;

    [Fact]
    public void AnExpressionBodiedGetterIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Config.WorkspaceTools.GetHome", "Contoso.Config.Workspace.Home.get", "System.Environment.GetEnvironmentVariable" },
            result.Trace("Contoso.Config.WorkspaceTools.GetHome", "environment.read").Trace);
    }

    [Fact]
    public void ABlockGetterIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Config.WorkspaceTools.GetReadme"));
        Assert.Equal("Contoso.Config.Workspace.Readme.get", result.Trace("Contoso.Config.WorkspaceTools.GetReadme", "filesystem.read").Trace[1]);
    }

    [Fact]
    public void AnAssignmentRunsTheSetter()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Config.WorkspaceTools.SetRoot"));
        Assert.Equal(
            new[] { "Contoso.Config.WorkspaceTools.SetRoot", "Contoso.Config.Workspace.Root.set", "System.IO.File.WriteAllText" },
            result.Trace("Contoso.Config.WorkspaceTools.SetRoot", "filesystem.write").Trace);
    }

    [Fact]
    public void ReadingAPropertyDoesNotRunItsSetter()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Config.WorkspaceTools.GetRoot"));
    }

    [Fact]
    public void AStaticPropertyGetterIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Config.WorkspaceTools.GetMachine", "Contoso.Config.Workspace.MachineName.get", "System.Environment.MachineName" },
            result.Trace("Contoso.Config.WorkspaceTools.GetMachine", "environment.read").Trace);
    }

    [Fact]
    public void AnAutoPropertyAddsNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Config.WorkspaceTools.Rename"));
    }
}
