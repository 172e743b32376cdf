using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Lambdas are part of the method that contains them: Task.Run, LINQ, callbacks handed to helpers.</summary>
public sealed class LambdaTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Batch;

        public static class Retry
        {
            public static T Times<T>(int count, Func<T> action)
            {
                for (var i = 1; i < count; i++)
                {
                    try { return action(); } catch (IOException) { }
                }

                return action();
            }
        }

        [McpServerToolType]
        public sealed class BatchTools
        {
            [McpServerTool]
            public static Task<int> RunInBackground(string command) => Task.Run(() => Process.Start("sh", "-c " + command)!.Id);

            [McpServerTool]
            public static List<int> ReadSizes(string[] paths) => paths.Select(p => File.ReadAllText(p).Length).ToList();

            [McpServerTool]
            public static string ReadWithRetry(string path) => Retry.Times(3, () => File.ReadAllText(path));

            [McpServerTool]
            public static int Count(string[] items)
            {
                Func<string, bool> nonEmpty = s => s.Length > 0;
                return items.Count(nonEmpty);
            }

            [McpServerTool]
            public static void DeleteAll(string[] paths)
            {
                Action<string> delete = p => File.Delete(p);
                foreach (var path in paths) delete(path);
            }

            public static void Schedule(string command) => Task.Run(() => Process.Start(command));
        }
        """;

    [Fact]
    public void ALambdaGivenToTaskRunIsPartOfTheTool()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Batch.BatchTools.RunInBackground"));
        Assert.Equal(
            new[] { "Contoso.Batch.BatchTools.RunInBackground", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Batch.BatchTools.RunInBackground", "process.exec").Trace);
    }

    [Fact]
    public void ALambdaInALinqQueryIsPartOfTheTool()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Batch.BatchTools.ReadSizes"));
        Assert.Equal(
            new[] { "Contoso.Batch.BatchTools.ReadSizes", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Batch.BatchTools.ReadSizes", "filesystem.read").Trace);
    }

    [Fact]
    public void ALambdaPassedAsACallbackIsPartOfTheToolThatWritesIt()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Batch.BatchTools.ReadWithRetry"));
        Assert.Equal(
            new[] { "Contoso.Batch.BatchTools.ReadWithRetry", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Batch.BatchTools.ReadWithRetry", "filesystem.read").Trace);
    }

    [Fact]
    public void ALambdaStoredInALocalAndInvokedIsPartOfTheTool()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Batch.BatchTools.DeleteAll"));
    }

    [Fact]
    public void AHarmlessLambdaAddsNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Batch.BatchTools.Count"));
    }

    [Fact]
    public void ALambdaInAMethodNoToolCallsIsUnreached()
    {
        var result = Scan.Sources(Source);

        var schedule = Assert.Single(result.Unreached());
        Assert.Equal(new[] { "Contoso.Batch.BatchTools.Schedule", "System.Diagnostics.Process.Start" }, schedule.Trace);
    }
}
