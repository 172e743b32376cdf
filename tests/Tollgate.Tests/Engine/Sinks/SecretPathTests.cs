using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Sinks;

/// <summary>A file read whose constant path names a well-known secret file also reads a secret.</summary>
public sealed class SecretPathTests
{
    private const string Source = """
        using System;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Diag;

        [McpServerToolType]
        public sealed class DiagnosticsTools
        {
            private static readonly string Home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            private static readonly string AwsCredentials = Path.Combine(Home, ".aws", "credentials");

            [McpServerTool]
            public static string SshKey() =>
                File.ReadAllText(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "id_rsa"));

            [McpServerTool]
            public static string Aws() => File.ReadAllText(AwsCredentials);

            [McpServerTool]
            public static string DotEnv()
            {
                var path = Path.Combine(Directory.GetCurrentDirectory(), ".env");
                return File.ReadAllText(path);
            }

            [McpServerTool]
            public static string GitCredentials() => ReadFromHome(".git-credentials");

            [McpServerTool]
            public static string Notes() => File.ReadAllText("notes.txt");

            [McpServerTool]
            public static string AnyFile(string path) => File.ReadAllText(path);

            [McpServerTool]
            public static string Settings() => ReadFromHome(".config/contoso/settings.json");

            private static string ReadFromHome(string relative) => File.ReadAllText(Path.Combine(Home, relative));
        }
        """;

    [Fact]
    public void ReadingTheSshPrivateKeyReadsASecretAndAFile()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read", "secrets.read" }, result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.SshKey"));
        Assert.Equal(
            new[] { "Contoso.Diag.DiagnosticsTools.SshKey", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Diag.DiagnosticsTools.SshKey", "secrets.read").Trace);
        Assert.Equal(
            result.Trace("Contoso.Diag.DiagnosticsTools.SshKey", "filesystem.read").Location,
            result.Trace("Contoso.Diag.DiagnosticsTools.SshKey", "secrets.read").Location);
    }

    [Fact]
    public void APathHeldInAReadonlyFieldIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Contains("secrets.read", result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.Aws"));
    }

    [Fact]
    public void APathHeldInALocalIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Contains("secrets.read", result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.DotEnv"));
    }

    [Fact]
    public void APathPassedByTheCallerIsFollowed()
    {
        var result = Scan.Sources(Source);

        Assert.Contains("secrets.read", result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.GitCredentials"));
        Assert.Equal(
            new[] { "Contoso.Diag.DiagnosticsTools.GitCredentials", "Contoso.Diag.DiagnosticsTools.ReadFromHome", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Diag.DiagnosticsTools.GitCredentials", "secrets.read").Trace);
    }

    [Fact]
    public void AnOrdinaryFileIsNotASecret()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.Notes"));
    }

    [Fact]
    public void AModelChosenPathIsNotKnownToBeASecret()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.AnyFile"));
    }

    [Theory]
    [MemberData(nameof(Scan.Engines), MemberType = typeof(Scan))]
    public void AnOrdinaryFileReadThroughASharedHelperIsNotASecret(string engine)
    {
        var result = Scan.With(engine, Source);

        Assert.DoesNotContain("secrets.read", result.CapabilitiesOf("Contoso.Diag.DiagnosticsTools.Settings"));
        Assert.Equal(
            new[] { "Contoso.Diag.DiagnosticsTools.GitCredentials", "Contoso.Diag.DiagnosticsTools.ReadFromHome", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Diag.DiagnosticsTools.GitCredentials", "secrets.read").Trace);
    }
}
