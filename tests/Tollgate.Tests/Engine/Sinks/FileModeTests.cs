using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Sinks;

/// <summary>A FileStream reads or writes according to the FileMode and FileAccess it is given.</summary>
public sealed class FileModeTests
{
    private const string Source = """
        using System.IO;
        using ModelContextProtocol.Server;

        namespace Contoso.Storage;

        [McpServerToolType]
        public sealed class StorageTools
        {
            [McpServerTool] public static void Create(string path) { using var stream = new FileStream(path, FileMode.Create); }
            [McpServerTool] public static void Append(string path) { using var stream = new FileStream(path, FileMode.Append, FileAccess.Write); }
            [McpServerTool] public static long Open(string path) { using var stream = new FileStream(path, FileMode.Open); return stream.Length; }
            [McpServerTool] public static long OpenRead(string path) { using var stream = new FileStream(path, FileMode.Open, FileAccess.Read); return stream.Length; }
            [McpServerTool] public static void OpenReadWrite(string path) { using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite); stream.WriteByte(0); }
        }
        """;

    [Fact]
    public void FileModeCreateWritesAndDoesNotRead()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Storage.StorageTools.Create"));
        Assert.Equal(
            new[] { "Contoso.Storage.StorageTools.Create", "System.IO.FileStream..ctor" },
            result.Trace("Contoso.Storage.StorageTools.Create", "filesystem.write").Trace);
    }

    [Fact]
    public void FileModeAppendWrites()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Storage.StorageTools.Append"));
    }

    [Fact]
    public void FileModeOpenOnlyReads()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Storage.StorageTools.Open"));
        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf("Contoso.Storage.StorageTools.OpenRead"));
    }

    [Fact]
    public void FileAccessReadWriteReadsAndWrites()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.read", "filesystem.write" }, result.CapabilitiesOf("Contoso.Storage.StorageTools.OpenReadWrite"));
    }
}
