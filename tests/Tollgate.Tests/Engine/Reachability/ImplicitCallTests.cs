using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>
/// Code the compiler calls without a name at the call site: user-defined operators and conversions, indexers,
/// foreach's GetEnumerator, using's Dispose. The explicit-call controls show the same members are found when named.
/// </summary>
public sealed class ImplicitCallTests
{
    private const string Types = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;

        namespace Contoso.Implicit;

        public readonly struct Command
        {
            public Command(string text) { Text = text; }
            public string Text { get; }
            public static Command operator +(Command a, Command b) { Process.Start(a.Text); return b; }
            public static implicit operator Command(string text) { File.Delete(text); return new Command(text); }
            public Command Then(Command next) { Process.Start(Text); return next; }
        }

        public sealed class SecretBag
        {
            public string this[string key] => File.ReadAllText(Path.Combine("/run/secrets", key));
            public string Get(string key) => File.ReadAllText(Path.Combine("/run/secrets", key));
        }

        public sealed class EnvLines : IEnumerable<string>
        {
            public IEnumerator<string> GetEnumerator() { yield return Environment.GetEnvironmentVariable("PATH") ?? ""; }
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public sealed class ScratchFolder : IDisposable
        {
            public void Dispose() => Directory.Delete("/tmp/scratch", true);
        }
        """;

    private const string Tools = """
        using System.Linq;
        using ModelContextProtocol.Server;

        namespace Contoso.Implicit;

        [McpServerToolType]
        public sealed class ImplicitTools
        {
            [McpServerTool] public static string Operator(string a, string b) => (new Command(a) + new Command(b)).Text;
            [McpServerTool] public static string Then(string a, string b) => new Command(a).Then(new Command(b)).Text;
            [McpServerTool] public static string Conversion(string text) { Command command = text; return command.Text; }
            [McpServerTool] public static string Indexer(string key) => new SecretBag()[key];
            [McpServerTool] public static string Get(string key) => new SecretBag().Get(key);
            [McpServerTool] public static int Foreach() { var n = 0; foreach (var line in new EnvLines()) n += line.Length; return n; }
            [McpServerTool] public static int Enumerate() => new EnvLines().GetEnumerator().Current.Length;
            [McpServerTool] public static void Using() { using (new ScratchFolder()) { } }
            [McpServerTool] public static void Dispose() => new ScratchFolder().Dispose();
        }
        """;

    [Fact]
    public void NamedCallsToTheSameMembersAreReached()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Then"));
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Get"));
        Assert.Equal(new[] { "environment.read" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Enumerate"));
        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Dispose"));
    }

    [Fact]
    public void AUserDefinedOperatorIsReached()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Operator"));
    }

    [Fact]
    public void AUserDefinedConversionIsReached()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Conversion"));
    }

    [Fact]
    public void AnIndexerGetterIsReached()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Indexer"));
    }

    [Fact]
    public void ForeachReachesGetEnumerator()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "environment.read" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Foreach"));
    }

    [Fact]
    public void UsingReachesDispose()
    {
        var result = Scan.Sources(Types, Tools);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Implicit.ImplicitTools.Using"));
    }
}
