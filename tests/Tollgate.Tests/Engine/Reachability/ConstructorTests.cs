using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Object creation reaches the constructor, the field initializers it runs, and the base constructor.</summary>
public sealed class ConstructorTests
{
    private const string Source = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using Microsoft.SemanticKernel;

        namespace Contoso.Repo;

        public sealed class GitCheckout
        {
            public GitCheckout(string url) { Process.Start("git", "clone " + url); }
            public const string DefaultBranch = "main";
            public static string Describe() => "git checkout";
        }

        public sealed class Settings
        {
            private readonly string _json = File.ReadAllText("settings.json");
            public Settings() { }
            public string Json => _json;
        }

        public class AuthenticatedClient
        {
            protected AuthenticatedClient() { Token = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? ""; }
            protected AuthenticatedClient(string token) { Token = token; }
            public string Token { get; }
        }

        public sealed class GitHubClient : AuthenticatedClient
        {
            public GitHubClient() : base() { }
        }

        public sealed class ImplicitBaseClient : AuthenticatedClient
        {
            public ImplicitBaseClient(int retries) { }
        }

        public sealed class ExplicitTokenClient : AuthenticatedClient
        {
            public ExplicitTokenClient(string token) : base(token) { }
        }

        public sealed class RepoPlugin
        {
            [KernelFunction] public void Clone(string url) => new GitCheckout(url);
            [KernelFunction] public string ReadSettings() => new Settings().Json;
            [KernelFunction] public string Token() => new GitHubClient().Token;
            [KernelFunction] public string TokenImplicitBase() => new ImplicitBaseClient(3).Token;
            [KernelFunction] public string TokenGiven(string token) => new ExplicitTokenClient(token).Token;
            [KernelFunction] public string Branch() => GitCheckout.DefaultBranch + GitCheckout.Describe();
        }
        """;

    [Fact]
    public void CreatingAnObjectReachesItsConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Repo.RepoPlugin.Clone"));
        Assert.Equal(
            new[] { "Contoso.Repo.RepoPlugin.Clone", "Contoso.Repo.GitCheckout..ctor", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Repo.RepoPlugin.Clone", "process.exec").Trace);
    }

    [Fact]
    public void AConstructorRunsTheFieldInitializers()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Repo.RepoPlugin.ReadSettings"));
        Assert.Equal(
            new[] { "Contoso.Repo.RepoPlugin.ReadSettings", "Contoso.Repo.Settings..ctor", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Repo.RepoPlugin.ReadSettings", "filesystem.read").Trace);
    }

    [Fact]
    public void AnExplicitBaseCallReachesTheBaseConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Repo.RepoPlugin.Token", "Contoso.Repo.GitHubClient..ctor", "Contoso.Repo.AuthenticatedClient..ctor", "System.Environment.GetEnvironmentVariable" },
            result.Trace("Contoso.Repo.RepoPlugin.Token", "environment.read").Trace);
    }

    [Fact]
    public void AnImplicitBaseCallReachesTheParameterlessBaseConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Repo.RepoPlugin.TokenImplicitBase", "Contoso.Repo.ImplicitBaseClient..ctor", "Contoso.Repo.AuthenticatedClient..ctor", "System.Environment.GetEnvironmentVariable" },
            result.Trace("Contoso.Repo.RepoPlugin.TokenImplicitBase", "environment.read").Trace);
    }

    [Fact]
    public void ABaseCallToAnotherOverloadDoesNotReachTheRiskyOne()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Repo.RepoPlugin.TokenGiven"));
    }

    [Fact]
    public void UsingATypesConstantsOrStaticMethodsDoesNotRunItsConstructor()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Repo.RepoPlugin.Branch"));
    }

    [Fact]
    public void AnImplicitConstructorRunsTheFieldInitializers()
    {
        var result = Scan.Sources("""
            using System.IO;
            using Microsoft.SemanticKernel;

            namespace Contoso.Repo;

            public sealed class Cache
            {
                private readonly string _data = File.ReadAllText("cache.json");
                public string Data => _data;
            }

            public sealed class CachePlugin
            {
                [KernelFunction] public string Read() => new Cache().Data;
            }
            """);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Repo.CachePlugin.Read"));
    }

    [Fact]
    public void AnImplicitConstructorCallsTheBaseConstructor()
    {
        var result = Scan.Sources("""
            using System;
            using Microsoft.SemanticKernel;

            namespace Contoso.Repo;

            public class AuthenticatedClient
            {
                protected AuthenticatedClient() { Token = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? ""; }
                public string Token { get; }
            }

            public sealed class GitHubClient : AuthenticatedClient { }

            public sealed class RepoPlugin
            {
                [KernelFunction] public string Token() => new GitHubClient().Token;
            }
            """);

        Assert.Equal(new[] { "environment.read" }, result.CapabilitiesOf("Contoso.Repo.RepoPlugin.Token"));
    }

    [Fact]
    public void AThisInitializerReachesTheChainedConstructor()
    {
        var result = Scan.Sources("""
            using System.Diagnostics;
            using Microsoft.SemanticKernel;

            namespace Contoso.Repo;

            public sealed class GitCheckout
            {
                public GitCheckout() : this("https://git.example/default.git") { }
                public GitCheckout(string url) { Process.Start("git", "clone " + url); }
            }

            public sealed class RepoPlugin
            {
                [KernelFunction] public void CloneDefault() => new GitCheckout();
            }
            """);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Repo.RepoPlugin.CloneDefault"));
    }

    /// <summary>
    /// The host builds the plugin object (SK at registration, MCP through DI): constructor code is inventory
    /// of the plugin, not something the model makes happen by calling the tool.
    /// </summary>
    [Fact]
    public void AnInstanceToolDoesNotTakeOnItsConstructorsCapabilities()
    {
        var result = Scan.Sources("""
            using System;
            using System.Net.Http;
            using Microsoft.SemanticKernel;

            namespace Contoso.Repo;

            public sealed class GitHubPlugin
            {
                private readonly string _token;
                public GitHubPlugin() { _token = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? ""; }

                [KernelFunction] public int TokenLength() => _token.Length;
            }
            """);

        Assert.Empty(result.CapabilitiesOf("Contoso.Repo.GitHubPlugin.TokenLength"));
        var unreached = Assert.Single(result.Unreached());
        Assert.Equal("environment.read", unreached.Capability);
        Assert.Equal("Contoso.Repo.GitHubPlugin..ctor", unreached.Trace[0]);
    }
}
