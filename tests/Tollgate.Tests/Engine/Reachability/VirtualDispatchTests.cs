using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>A call to a virtual or abstract method reaches its overrides; a base call reaches only the base.</summary>
public sealed class VirtualDispatchTests
{
    private const string Source = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Archive;

        public abstract class Archiver
        {
            public abstract void Pack(string folder);
            public virtual string Describe(string file) => file;
            public virtual void Log(string message) => Console.WriteLine(message);
        }

        public sealed class TarArchiver : Archiver
        {
            public override void Pack(string folder) => Process.Start("tar", "-czf out.tgz " + folder);
            public override string Describe(string file) => File.ReadAllText(file + ".meta");
            public override void Log(string message)
            {
                base.Log(message);
                File.AppendAllText("archive.log", message);
            }
        }

        public sealed class AuditLog : Archiver
        {
            public override void Pack(string folder) { }
            public override void Log(string message)
            {
                base.Log(message);
            }
        }

        // Not an Archiver: a same-named method elsewhere.
        public sealed class Shredder
        {
            public void Pack(string folder) => Directory.Delete(folder, true);
        }

        [McpServerToolType]
        public sealed class ArchiveTools
        {
            [McpServerTool] public static void Pack(Archiver archiver, string folder) => archiver.Pack(folder);
            [McpServerTool] public static string Describe(Archiver archiver, string file) => archiver.Describe(file);
            [McpServerTool] public static void WriteAudit(AuditLog log, string message) => log.Log(message);
        }
        """;

    [Fact]
    public void AnAbstractCallReachesTheOverrides()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Archive.ArchiveTools.Pack"));
        Assert.Equal(
            new[] { "Contoso.Archive.ArchiveTools.Pack", "Contoso.Archive.TarArchiver.Pack", "System.Diagnostics.Process.Start" },
            result.Trace("Contoso.Archive.ArchiveTools.Pack", "process.exec").Trace);
    }

    [Fact]
    public void AVirtualCallReachesTheOverrides()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Archive.ArchiveTools.Describe"));
        Assert.Equal(
            new[] { "Contoso.Archive.ArchiveTools.Describe", "Contoso.Archive.TarArchiver.Describe", "System.IO.File.ReadAllText" },
            result.Trace("Contoso.Archive.ArchiveTools.Describe", "filesystem.read").Trace);
    }

    [Fact]
    public void ASameNamedMethodOutsideTheHierarchyIsNotReached()
    {
        var result = Scan.Sources(Source);

        Assert.DoesNotContain("filesystem.write", result.CapabilitiesOf("Contoso.Archive.ArchiveTools.Pack"));
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Archive.Shredder.Pack" && f.Capability == "filesystem.write");
    }

    [Fact]
    public void ABaseCallDoesNotDispatchToSiblingOverrides()
    {
        var result = Scan.Sources(Source);

        // AuditLog.Log calls base.Log, which must not fan out to TarArchiver.Log's file write.
        Assert.Empty(result.CapabilitiesOf("Contoso.Archive.ArchiveTools.WriteAudit"));
    }
}
