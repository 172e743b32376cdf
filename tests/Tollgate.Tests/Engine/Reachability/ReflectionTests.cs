using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Reflection whose target is written as constants resolves to the member it invokes.</summary>
public sealed class ReflectionTests
{
    private const string Source = """
        using System;
        using System.IO;
        using System.Diagnostics;
        using System.Reflection;
        using ModelContextProtocol.Server;

        namespace Contoso.Loader;

        public sealed class CleanupTask
        {
            public CleanupTask() { Directory.Delete("/tmp/contoso", true); }
        }

        public sealed class Greeter
        {
            public Greeter() { }
            public string Greet(string name) => "Hello " + name;
        }

        [McpServerToolType]
        public sealed class LoaderTools
        {
            [McpServerTool]
            public static void StartByName(string command)
            {
                Type.GetType("System.Diagnostics.Process, System.Diagnostics.Process")!
                    .GetMethod("Start", new[] { typeof(string) })!
                    .Invoke(null, new object[] { command });
            }

            [McpServerTool]
            public static void StartByTypeOf(string command) =>
                typeof(Process).GetMethod("Start", new[] { typeof(string) })!.Invoke(null, new object[] { command });

            [McpServerTool]
            public static void StartThroughLocals(string command)
            {
                const string typeName = "System.Diagnostics." + "Process";
                var type = Type.GetType(typeName);
                var start = type!.GetMethod("Start", new[] { typeof(string) });
                start!.Invoke(null, new object[] { command });
            }

            [McpServerTool]
            public static object? Activate() => Activator.CreateInstance(typeof(CleanupTask));

            [McpServerTool]
            public static object? ActivateGreeter() => Activator.CreateInstance(typeof(Greeter));

            [McpServerTool]
            public static object? Upper(string text) => typeof(string).GetMethod("ToUpperInvariant", Type.EmptyTypes)!.Invoke(text, null);

            [McpServerTool]
            public static object? InvokeAnything(string typeName, string method) => Type.GetType(typeName)!.GetMethod(method)!.Invoke(null, null);
        }
        """;

    [Fact]
    public void AMethodFoundByTypeAndMethodNameStringsIsCalled()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "code.dynamic", "process.exec" }, result.CapabilitiesOf("Contoso.Loader.LoaderTools.StartByName"));
        Assert.Equal(
            new[] { "Contoso.Loader.LoaderTools.StartByName", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Loader.LoaderTools.StartByName", "process.exec").Trace);
        Assert.Equal(
            new[] { "Contoso.Loader.LoaderTools.StartByName", "System.Reflection.MethodBase.Invoke" },
            result.Trace("Contoso.Loader.LoaderTools.StartByName", "code.dynamic").Trace);
    }

    [Fact]
    public void AMethodFoundOnTypeOfIsCalled()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Loader.LoaderTools.StartByTypeOf", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Loader.LoaderTools.StartByTypeOf", "process.exec").Trace);
    }

    [Fact]
    public void ReflectionThroughLocalsIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Loader.LoaderTools.StartThroughLocals", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Loader.LoaderTools.StartThroughLocals", "process.exec").Trace);
    }

    [Fact]
    public void ATypeNameKeptInALocalStringIsFollowed()
    {
        var result = Scan.Sources("""
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Loader;

            [McpServerToolType]
            public sealed class LoaderTools
            {
                [McpServerTool]
                public static void Start(string command)
                {
                    var typeName = "System.Diagnostics.Process";
                    var methodName = "Start";
                    Type.GetType(typeName)!.GetMethod(methodName, new[] { typeof(string) })!.Invoke(null, new object[] { command });
                }
            }
            """);

        Assert.Contains("process.exec", result.CapabilitiesOf("Contoso.Loader.LoaderTools.Start"));
    }

    [Fact]
    public void ActivatorCreateInstanceReachesTheConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Loader.LoaderTools.Activate", "Contoso.Loader.CleanupTask..ctor", "System.IO.Directory.Delete" },
            result.Trace("Contoso.Loader.LoaderTools.Activate", "filesystem.write").Trace);
        Assert.Empty(result.CapabilitiesOf("Contoso.Loader.LoaderTools.ActivateGreeter"));
    }

    [Fact]
    public void ReflectionOnAHarmlessMethodIsDynamicButDoesNotExecute()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "code.dynamic" }, result.CapabilitiesOf("Contoso.Loader.LoaderTools.Upper"));
    }

    [Fact]
    public void ReflectionOnNamesTheModelChoosesResolvesToNothingInParticular()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "code.dynamic" }, result.CapabilitiesOf("Contoso.Loader.LoaderTools.InvokeAnything"));
    }
}
