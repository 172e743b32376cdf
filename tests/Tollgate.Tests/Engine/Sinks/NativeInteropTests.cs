using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Sinks;

/// <summary>Calling a P/Invoke declaration, or loading a native library, is native interop.</summary>
public sealed class NativeInteropTests
{
    private const string Source = """
        using System;
        using System.Runtime.InteropServices;
        using Microsoft.SemanticKernel;

        namespace Contoso.Native;

        internal static partial class LibC
        {
            [DllImport("libc", EntryPoint = "system")]
            public static extern int System(string command);

            [LibraryImport("libc", EntryPoint = "getpid")]
            public static partial int GetPid();

            [DllImport("libc", EntryPoint = "sync")]
            public static extern void Sync();
        }

        public sealed class NativePlugin
        {
            [KernelFunction] public int Run(string command) => LibC.System(command);
            [KernelFunction] public int Pid() => LibC.GetPid();
            [KernelFunction] public IntPtr Load(string library) => NativeLibrary.Load(library);
            [KernelFunction] public int Size() => Marshal.SizeOf<int>();
        }
        """;

    [Fact]
    public void CallingADllImportIsNativeInterop()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "native.interop" }, result.CapabilitiesOf("Contoso.Native.NativePlugin.Run"));
        Assert.Equal(
            new[] { "Contoso.Native.NativePlugin.Run", "Contoso.Native.LibC.System" },
            result.Trace("Contoso.Native.NativePlugin.Run", "native.interop").Trace);
    }

    [Fact]
    public void CallingALibraryImportIsNativeInterop()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "native.interop" }, result.CapabilitiesOf("Contoso.Native.NativePlugin.Pid"));
    }

    [Fact]
    public void NativeLibraryLoadIsNativeInterop()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Native.NativePlugin.Load", "System.Runtime.InteropServices.NativeLibrary.Load" },
            result.Trace("Contoso.Native.NativePlugin.Load", "native.interop").Trace);
    }

    [Fact]
    public void HarmlessMarshalHelpersAreNotNativeInterop()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Native.NativePlugin.Size"));
    }

    [Fact]
    public void ADeclarationAToolCallsIsNotUnreached()
    {
        var result = Scan.Sources(Source);

        // The attribute on a declaration is not a use of its own: the use is where a tool calls it.
        Assert.Empty(result.Unreached());
        Assert.Single(result.Findings, f => f.Capability == "native.interop" && f.Trace[^1] == "Contoso.Native.LibC.System");
    }
}
