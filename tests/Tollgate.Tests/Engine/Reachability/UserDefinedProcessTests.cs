using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>A plugin's own types named like framework APIs are not those APIs.</summary>
public sealed class UserDefinedProcessTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Jobs
        {
            /// <summary>A job in the plugin's own queue.</summary>
            public sealed class Process
            {
                private static readonly List<Process> Queue = new();
                public string Name { get; private set; } = "";
                public static Process Start(string name) { var job = new Process { Name = name }; Queue.Add(job); return job; }
                public void Kill() => Queue.Remove(this);
            }

            /// <summary>An in-memory file table.</summary>
            public static class File
            {
                private static readonly Dictionary<string, string> Files = new();
                public static string ReadAllText(string path) => Files.TryGetValue(path, out var text) ? text : "";
                public static void WriteAllText(string path, string text) => Files[path] = text;
                public static void Delete(string path) => Files.Remove(path);
            }

            [McpServerToolType]
            public sealed class JobTools
            {
                [McpServerTool] public static string Enqueue(string name) => Process.Start(name).Name;
                [McpServerTool] public static void Cancel(string name) => Process.Start(name).Kill();
                [McpServerTool] public static string Read(string path) => File.ReadAllText(path);
                [McpServerTool] public static void Write(string path, string text) { File.WriteAllText(path, text); File.Delete(path + ".bak"); }
                [McpServerTool] public static void RunReal(string command) => System.Diagnostics.Process.Start(command);
                [McpServerTool] public static string ReadReal(string path) => System.IO.File.ReadAllText(path);
            }
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheirOwnProcessClassDoesNotExecute(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[] { Source });

        Assert.Empty(result.CapabilitiesOf("Contoso.Jobs.JobTools.Enqueue"));
        Assert.Empty(result.CapabilitiesOf("Contoso.Jobs.JobTools.Cancel"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheirOwnFileClassDoesNotTouchTheFileSystem(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[] { Source });

        Assert.Empty(result.CapabilitiesOf("Contoso.Jobs.JobTools.Read"));
        Assert.Empty(result.CapabilitiesOf("Contoso.Jobs.JobTools.Write"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheRealTypesWrittenInFullStillCount(bool withFrameworks)
    {
        var result = Scan.Run(withFrameworks, new[] { Source });

        Assert.Equal(
            new[] { "Contoso.Jobs.JobTools.RunReal", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Jobs.JobTools.RunReal", "process.exec").Trace);
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Jobs.JobTools.ReadReal"));
    }

    [Fact]
    public void NothingOfTheirOwnIsReportedAsUnreached()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.Unreached());
    }
}
