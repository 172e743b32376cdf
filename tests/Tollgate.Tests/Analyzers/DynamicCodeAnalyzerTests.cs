using System.Threading.Tasks;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG5001 (code injection), TG5100 (code loaded at run time) and TG5101 (native calls) on the call.</summary>
public sealed class DynamicCodeAnalyzerTests
{
    [Fact]
    public async Task AModelAssemblyPathLoadedIsAWarningOnTheLoad()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System.Reflection;
            using ModelContextProtocol.Server;

            namespace Contoso.Extensions;

            [McpServerToolType]
            public static class ExtensionTools
            {
                [McpServerTool(Name = "load_extension")]
                public static string LoadExtension(string assemblyPath)
                {
                    var assembly = {|#0:Assembly.LoadFrom(assemblyPath)|};
                    return assembly.GetName().Name ?? "";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG5001", 0, "Tool 'load_extension' (mcp): model-controlled parameter 'assemblyPath' reaches the code of System.Reflection.Assembly.LoadFrom"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG5100", 0, "load_extension", "mcp", "code.dynamic", "System.Reflection.Assembly.LoadFrom"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ASinkCallFollowedByAMemberCallIsLocatedOnTheSinkCall()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System.Reflection;
            using ModelContextProtocol.Server;

            namespace Contoso.Extensions;

            [McpServerToolType]
            public static class ExtensionTools
            {
                [McpServerTool(Name = "load_extension")]
                public static string LoadExtension(string assemblyPath) => {|#0:Assembly.LoadFrom(assemblyPath)|}.GetName().Name ?? "";
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG5001", 0, "Tool 'load_extension' (mcp): model-controlled parameter 'assemblyPath' reaches the code of System.Reflection.Assembly.LoadFrom"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG5100", 0, "load_extension", "mcp", "code.dynamic", "System.Reflection.Assembly.LoadFrom"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AConstantAssemblyNameIsACapabilityButNotARisk()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System.Reflection;
            using ModelContextProtocol.Server;

            namespace Contoso.Extensions;

            [McpServerToolType]
            public static class ExtensionTools
            {
                [McpServerTool(Name = "load_builtin_extension")]
                public static string LoadBuiltinExtension()
                {
                    var assembly = {|#0:Assembly.Load("Contoso.Extensions.Csv")|};
                    return assembly.FullName ?? "";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG5100", 0, "load_builtin_extension", "mcp", "code.dynamic", "System.Reflection.Assembly.Load"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AnAllowListOfAssemblyNamesMitigates()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System;
            using System.Collections.Generic;
            using System.Reflection;
            using ModelContextProtocol.Server;

            namespace Contoso.Extensions;

            [McpServerToolType]
            public static class ExtensionTools
            {
                private static readonly HashSet<string> KnownExtensions = new(StringComparer.Ordinal) { "Contoso.Extensions.Csv", "Contoso.Extensions.Markdown" };

                [McpServerTool(Name = "load_known_extension")]
                public static string LoadKnownExtension(string name)
                {
                    if (!KnownExtensions.Contains(name))
                    {
                        throw new ArgumentException($"unknown extension {name}");
                    }

                    var assembly = {|#0:Assembly.Load(name)|};
                    return assembly.FullName ?? "";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG5001", 0,
            "Tool 'load_known_extension' (mcp): model-controlled parameter 'name' reaches the code of System.Reflection.Assembly.Load",
            "allow-list check in Contoso.Extensions.ExtensionTools.LoadKnownExtension"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG5100", 0, "load_known_extension", "mcp", "code.dynamic", "System.Reflection.Assembly.Load"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AStaticallyNamedActivationIsNotDynamicCode()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Extensions;

            public sealed class CsvFormatter
            {
                public override string ToString() => "csv";
            }

            [McpServerToolType]
            public static class FormatterTools
            {
                [McpServerTool(Name = "default_formatter")]
                public static string DefaultFormatter(string prefix) => prefix + Activator.CreateInstance(typeof(CsvFormatter));
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task APInvokeCalledByAToolIsANativeCall()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System.Runtime.InteropServices;
            using ModelContextProtocol.Server;

            namespace Contoso.Native;

            [McpServerToolType]
            public static partial class NativeTools
            {
                [McpServerTool(Name = "process_id")]
                public static int ProcessId() => {|#0:getpid()|};

                [DllImport("libc", EntryPoint = "getpid")]
                private static extern int getpid();
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG5101", 0, "process_id", "mcp", "native.interop", "Contoso.Native.NativeTools.getpid"));

        await test.RunAsync();
    }

    [Fact]
    public async Task TheManagedEquivalentIsNotANativeCall()
    {
        var test = new AnalyzerTest<DynamicCodeAnalyzer>(
            """
            using System;
            using ModelContextProtocol.Server;

            namespace Contoso.Native;

            [McpServerToolType]
            public static class ManagedTools
            {
                [McpServerTool(Name = "process_id")]
                public static int ProcessId() => Environment.ProcessId;
            }
            """);

        await test.RunAsync();
    }
}
