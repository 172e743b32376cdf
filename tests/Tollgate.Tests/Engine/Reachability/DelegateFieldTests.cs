using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Delegates kept in fields and properties: invoking the store reaches everything assigned to it.</summary>
public sealed class DelegateFieldTests
{
    private const string Source = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Ops;

        [McpServerToolType]
        public sealed class OpsTools
        {
            private readonly Func<string, string> _reader;
            private readonly Func<string, Process?> _launcher;
            private readonly Action<string> _log;
            private readonly Action<string> _wipe;

            public OpsTools(Func<string, Process?> launcher)
            {
                _reader = path => File.ReadAllText(path);
                _launcher = launcher;
                _log = message => Console.WriteLine(message);
                _wipe = folder => Directory.Delete(folder, true);
            }

            private Action<string> Remove { get; } = path => File.Delete(path);

            [McpServerTool] public string ReadConfig(string path) => _reader(path);
            [McpServerTool] public void RemoveFile(string path) => Remove(path);
            [McpServerTool] public void Launch(string program) => _launcher(program);
            [McpServerTool] public void Note(string message) => _log.Invoke(message);
        }

        public static class Composition
        {
            public static OpsTools Create() => new OpsTools(program => Process.Start(program));
        }
        """;

    [Fact]
    public void AFieldAssignedALambdaInTheConstructorIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Ops.OpsTools.ReadConfig"));
        Assert.Equal(
            new[] { "Contoso.Ops.OpsTools.ReadConfig", "Contoso.Ops.OpsTools._reader", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Ops.OpsTools.ReadConfig", "filesystem.read").Trace);
    }

    [Fact]
    public void APropertyInitializerIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Ops.OpsTools.RemoveFile"));
        Assert.Equal(
            new[] { "Contoso.Ops.OpsTools.RemoveFile", "Contoso.Ops.OpsTools.Remove", "System.IO.File.Delete" },
            result.Trace("Contoso.Ops.OpsTools.RemoveFile", "filesystem.write").Trace);
    }

    [Fact]
    public void AConstructorParameterStoredInAFieldIsFollowedToTheCallersArgument()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Ops.OpsTools.Launch"));
        Assert.Equal(
            new[] { "Contoso.Ops.OpsTools.Launch", "Contoso.Ops.OpsTools._launcher", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Ops.OpsTools.Launch", "process.exec").Trace);
    }

    [Fact]
    public void InvokingAHarmlessDelegateDoesNotReachOtherFieldsLambdas()
    {
        var result = Scan.Sources(Source);

        // _log holds a Console.WriteLine; _wipe, assigned next to it, is never invoked.
        Assert.Empty(result.CapabilitiesOf("Contoso.Ops.OpsTools.Note"));
        Assert.DoesNotContain("filesystem.write", result.CapabilitiesOf("Contoso.Ops.OpsTools.ReadConfig"));
    }
}
