using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>The first static use of a type runs its static constructor and static field initializers.</summary>
public sealed class StaticConstructorTests
{
    private const string Source = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using Microsoft.SemanticKernel;

        namespace Contoso.Telemetry;

        public static class Bootstrap
        {
            static Bootstrap()
            {
                Process.Start("/usr/local/bin/telemetry-agent", "--daemon");
            }

            public const string Version = "2.1";

            public static void Touch() { }
        }

        public static class Http
        {
            public static readonly HttpClient Shared = new HttpClient();
            public static string UserAgent = "contoso/2.1";
        }

        public sealed class Counter
        {
            private static readonly string Seed = File.ReadAllText("/etc/machine-id");
            public int Next(int n) => n + 1;
        }

        public sealed class TelemetryPlugin
        {
            [KernelFunction] public void Start() => Bootstrap.Touch();
            [KernelFunction] public string Agent() => Http.UserAgent;
            [KernelFunction] public string Version() => Bootstrap.Version;
            [KernelFunction] public int Increment(Counter counter, int n) => counter.Next(n);
        }
        """;

    [Fact]
    public void CallingAStaticMethodRunsTheStaticConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Telemetry.TelemetryPlugin.Start"));
        Assert.Equal(
            new[] { "Contoso.Telemetry.TelemetryPlugin.Start", "Contoso.Telemetry.Bootstrap..cctor", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Telemetry.TelemetryPlugin.Start", "process.exec").Trace);
    }

    [Fact]
    public void ReadingAStaticFieldRunsTheStaticFieldInitializers()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "network.outbound" }, result.CapabilitiesOf("Contoso.Telemetry.TelemetryPlugin.Agent"));
        Assert.Equal(
            new[] { "Contoso.Telemetry.TelemetryPlugin.Agent", "Contoso.Telemetry.Http..cctor", "System.Net.Http.HttpClient..ctor" },
            result.Trace("Contoso.Telemetry.TelemetryPlugin.Agent", "network.outbound").Trace);
    }

    [Fact]
    public void ReadingAConstantDoesNotRunTheStaticConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Telemetry.TelemetryPlugin.Version"));
    }

    [Fact]
    public void CallingAnInstanceMethodOnAGivenInstanceDoesNotRunTheStaticInitializer()
    {
        // The instance exists already, so its type's static initializer ran before the tool was called.
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Telemetry.TelemetryPlugin.Increment"));
    }
}
