using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Extension methods declared in the scan are followed like any other call.</summary>
public sealed class ExtensionMethodTests
{
    private const string Extensions = """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;

        namespace Contoso.Shell.Extensions;

        public interface IScript { string Text { get; } }

        public static class ShellExtensions
        {
            public static int RunAsShell(this string command) => Process.Start("/bin/bash", "-c \"" + command + "\"")!.Id;

            public static void SaveTo(this IScript script, string path) => File.WriteAllText(path, script.Text);

            public static T Logged<T>(this T value) { System.Console.WriteLine(value); return value; }

            public static void Nuke(this DirectoryInfo directory) => directory.Delete(true);
        }
        """;

    private const string Tools = """
        using System.IO;
        using Microsoft.SemanticKernel;
        using Contoso.Shell.Extensions;

        namespace Contoso.Shell;

        public sealed class Script : IScript { public string Text { get; init; } = ""; }

        public sealed class ShellPlugin
        {
            [KernelFunction] public int Run(string command) => command.Logged().RunAsShell();
            [KernelFunction] public void Save(string text, string path) => new Script { Text = text }.SaveTo(path);
            [KernelFunction] public string Echo(string text) => text.Logged();
            [KernelFunction] public int RunStatic(string command) => ShellExtensions.RunAsShell(command);
        }
        """;

    [Fact]
    public void AnExtensionMethodOnStringIsReached()
    {
        var result = Scan.Sources(Extensions, Tools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Shell.ShellPlugin.Run"));
        Assert.Equal(
            new[] { "Contoso.Shell.ShellPlugin.Run", "Contoso.Shell.Extensions.ShellExtensions.RunAsShell", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Shell.ShellPlugin.Run", "process.exec").Trace);
    }

    [Fact]
    public void AnExtensionMethodOnAnInterfaceIsReached()
    {
        var result = Scan.Sources(Extensions, Tools);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Shell.ShellPlugin.Save"));
        Assert.Equal(
            new[] { "Contoso.Shell.ShellPlugin.Save", "Contoso.Shell.Extensions.ShellExtensions.SaveTo", "System.IO.File.WriteAllText" },
            result.Trace("Contoso.Shell.ShellPlugin.Save", "filesystem.write").Trace);
    }

    [Fact]
    public void AnExtensionMethodCalledInStaticFormIsReached()
    {
        var result = Scan.Sources(Extensions, Tools);

        Assert.Equal(
            new[] { "Contoso.Shell.ShellPlugin.RunStatic", "Contoso.Shell.Extensions.ShellExtensions.RunAsShell", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Shell.ShellPlugin.RunStatic", "process.exec").Trace);
    }

    [Fact]
    public void AHarmlessGenericExtensionAddsNothing()
    {
        var result = Scan.Sources(Extensions, Tools);

        Assert.Empty(result.CapabilitiesOf("Contoso.Shell.ShellPlugin.Echo"));
    }

    [Fact]
    public void AnExtensionMethodNoToolCallsIsUnreached()
    {
        var result = Scan.Sources(Extensions, Tools);

        var nuke = Assert.Single(result.Unreached());
        Assert.Equal(new[] { "Contoso.Shell.Extensions.ShellExtensions.Nuke", "System.IO.DirectoryInfo.Delete" }, nuke.Trace);
        Assert.Equal("filesystem.write", nuke.Capability);
    }
}
