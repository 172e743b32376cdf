using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>
/// Compiled plugins (.dll/.exe folders and .nupkg files) are hostile by assumption: they are read as data, never loaded or run;
/// whatever cannot be read is a TG9001 error that fails the gate while the other inputs are still scanned.
/// The assemblies here are compiled in memory and written to disk; the tests never load them.
/// </summary>
public sealed class CompiledInputTests
{
    private const string SourcePath = "/src/Evil/Tools.cs";

    private const string ToolSource = """
        using System.ComponentModel;
        using System.Diagnostics;
        using ModelContextProtocol.Server;
        namespace Evil;
        [McpServerToolType]
        public static class Tools
        {
            [McpServerTool, Description("Runs it.")]
            public static void Run(string command) => Process.Start("bash", new[] { "-c", command });
        }
        """;

    private const string BenignSource = """
        namespace Evil;
        public static class Tools
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Concat(new[] { MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Server.McpServerToolAttribute).Assembly.Location) })
            .ToArray());

    // ---------------------------------------------------------------- 1

    [Fact]
    public void InitializersOfTheScannedAssemblyNeverRun()
    {
        using var folder = new TempFolder();
        var inside = Path.Combine(folder.Path, "ran-inside.txt");
        var outside = Path.Combine(Path.GetTempPath(), "tollgate-ran-" + Guid.NewGuid().ToString("N") + ".txt");
        var touch = $"System.IO.File.WriteAllText({Literal(inside)}, \"ran\"); System.IO.File.WriteAllText({Literal(outside)}, \"ran\");";
        var source = $$"""
            using System.ComponentModel;
            using System.Diagnostics;
            using ModelContextProtocol.Server;
            namespace Evil;
            internal static class Boot
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Init() { {{touch}} }
            }
            [McpServerToolType]
            public static class Tools
            {
                private static readonly int Field = Touch();
                static Tools() { {{touch}} }
                private static int Touch() { {{touch}} return 1; }
                [McpServerTool, Description("Runs it.")]
                public static void Run(string command) => Process.Start("bash", new[] { "-c", command + Field });
            }
            """;
        try
        {
            WritePlugin(folder.Path, source);

            var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

            Assert.Equal(1, result.ExitCode);
            AssertTool(report, "process.exec");
            Assert.Contains(Findings(report), f => Rule(f) == "TG1001");
            Assert.False(File.Exists(inside), "a module initializer, static constructor or field initializer of the scanned assembly ran");
            Assert.False(File.Exists(outside), "a module initializer, static constructor or field initializer of the scanned assembly ran");
        }
        finally
        {
            File.Delete(outside);
        }
    }

    // ---------------------------------------------------------------- 2

    [Fact]
    public void SourceLinesComeFromThePdbBesideTheAssembly()
    {
        using var folder = new TempFolder();
        var dll = WritePlugin(folder.Path, ToolSource);
        var line = ToolSource.Split('\n').ToList().FindIndex(l => l.Contains("Process.Start", StringComparison.Ordinal)) + 1;

        var (withPdb, _) = Tool.ScanJson(folder.Path, "--no-progress");

        var finding = Assert.Single(Findings(withPdb), f => Rule(f) == "TG1001");
        var location = finding.GetProperty("location");
        Assert.EndsWith("Tools.cs", location.GetProperty("path").GetString());
        Assert.Equal(line, location.GetProperty("line").GetInt32());

        File.Delete(Path.ChangeExtension(dll, ".pdb"));
        var (withoutPdb, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        AssertTool(withoutPdb, "process.exec");
        var bare = Assert.Single(Findings(withoutPdb), f => Rule(f) == "TG1001");
        var path = bare.GetProperty("location").GetProperty("path").GetString()!;
        Assert.Contains("!", path);
        Assert.Contains("Evil.Tools", path);
    }

    // ---------------------------------------------------------------- 3

    [Fact]
    public void TruncatedAssemblyFailsButTheOtherFolderIsScanned()
    {
        using var folder = new TempFolder();
        var good = Directory.CreateDirectory(Path.Combine(folder.Path, "good")).FullName;
        var bad = Directory.CreateDirectory(Path.Combine(folder.Path, "bad")).FullName;
        WritePlugin(good, ToolSource);
        File.WriteAllBytes(Path.Combine(bad, "Truncated.dll"), Compile(BenignSource, "Truncated").Image.Take(300).ToArray());

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = AssertUnreadable(report, "bad/Truncated.dll");
        Assert.Contains("Truncated.dll", Message(finding));
        AssertTool(report, "process.exec");
        AssertInput(report, "good/Evil.Plugin.dll", "scanned");
    }

    // ---------------------------------------------------------------- 4

    [Fact]
    public void NativeImageIsReportedAsHavingNoMetadata()
    {
        using var folder = new TempFolder();
        var image = Compile(BenignSource, "Native").Image;
        var cliHeader = DataDirectoryOffset(image, 14);
        Array.Clear(image, cliHeader, 8);
        File.WriteAllBytes(Path.Combine(folder.Path, "Native.dll"), image);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var message = Message(AssertUnreadable(report, "Native.dll"));
        Assert.Contains("native", message);
        Assert.Contains("no .NET metadata", message);
    }

    // ---------------------------------------------------------------- 5

    [Fact]
    public void GarbageMetadataFailsTheInputNotTheScan()
    {
        using var folder = new TempFolder();
        var good = Directory.CreateDirectory(Path.Combine(folder.Path, "good")).FullName;
        WritePlugin(good, ToolSource);

        // Past the metadata root: the stream headers and the start of the tables.
        var headers = Compile(BenignSource, "Headers").Image;
        var root = MetadataRoot(headers);
        headers.AsSpan(root + 64, 200).Fill(0xFF);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(folder.Path, "headers")).FullName, "Headers.dll"), headers);

        // The table rows themselves, behind a valid #~ header: heap indexes and coded indexes all out of range.
        var rows = Compile(ToolSource, "Rows").Image;
        var (tables, size) = MetadataStream(rows, "#~");
        var valid = BitConverter.ToUInt64(rows, tables + 8);
        var rowsStart = tables + 24 + (4 * System.Numerics.BitOperations.PopCount(valid));
        rows.AsSpan(rowsStart, Math.Min(200, tables + size - rowsStart)).Fill(0xFF);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(folder.Path, "rows")).FullName, "Rows.dll"), rows);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        AssertUnreadable(report, "headers/Headers.dll");
        AssertUnreadable(report, "rows/Rows.dll");
        AssertTool(report, "process.exec");
    }

    // ---------------------------------------------------------------- 6

    [Fact]
    public void DeeplyNestedGenericSignatureIsRefusedWithoutCrashing()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "Deep.dll"), DeepGenericAssembly(20000));

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var message = Message(AssertUnreadable(report, "Deep.dll"));
        Assert.Contains("crafted metadata", message);
        Assert.Contains("signature of", message);
    }

    // ---------------------------------------------------------------- 7

    [Fact]
    public void PackageThatIsNotAZipIsReported()
    {
        using var folder = new TempFolder();
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(folder.Path, "evil.nupkg"), bytes);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = AssertUnreadable(report, "evil.nupkg");
        Assert.Contains("evil.nupkg", Message(finding));
        AssertInput(report, "evil.nupkg", "failed", "package");
    }

    // ---------------------------------------------------------------- 8

    [Fact]
    public void ZipBombPackageIsRefusedBeforeInflating()
    {
        using var folder = new TempFolder();
        var package = Path.Combine(folder.Path, "bomb.nupkg");
        using (var archive = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            Write(archive, "Bomb.nuspec", Nuspec("Bomb"));
            using var entry = archive.CreateEntry("lib/net8.0/Bomb.dll", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
            {
                entry.Write(zeros);
            }
        }

        Assert.True(new FileInfo(package).Length < 5 << 20, "the test's bomb should be small on disk");
        var before = Listing(folder.Path);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"scan took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(Findings(report), f => Rule(f) == "TG9001");
        var message = Message(finding);
        Assert.Contains("bomb.nupkg", message);
        Assert.True(message.Contains("MaxEntryBytes", StringComparison.Ordinal) || message.Contains("ratio", StringComparison.Ordinal), message);
        AssertInput(report, "bomb.nupkg", "failed", "package");
        Assert.Equal(before, Listing(folder.Path));
    }

    // ---------------------------------------------------------------- 9

    [Fact]
    public void PathTricksInAPackageAreRefusedAndNothingIsExtracted()
    {
        using var sandbox = new TempFolder();
        // "../../evil.dll" from the scanned folder stays inside the sandbox, where it can be looked for.
        var folder = Directory.CreateDirectory(Path.Combine(sandbox.Path, "a", "b", "scan")).FullName;
        var plugin = Compile(ToolSource, "Evil.Plugin");
        var package = Zip(
            ("Evil.Plugin.nuspec", Nuspec("Evil.Plugin")),
            ("../../evil.dll", plugin.Image),
            ("/abs/evil.dll", plugin.Image),
            ("lib/net8.0/../../../x.cs", Encoding.UTF8.GetBytes(ToolSource)),
            ("lib/net8.0/Evil.Plugin.dll", plugin.Image));
        File.WriteAllBytes(Path.Combine(folder, "plugin.nupkg"), package);
        var before = Listing(sandbox.Path);
        var tempBefore = Named(Path.GetTempPath(), "evil.dll", "x.cs");

        var (report, result) = Tool.ScanJson(folder, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var unreadable = Findings(report).Where(f => Rule(f) == "TG9001").Select(Message).ToList();
        Assert.Contains(unreadable, m => m.Contains("../../evil.dll", StringComparison.Ordinal));
        Assert.Contains(unreadable, m => m.Contains("/abs/evil.dll", StringComparison.Ordinal));
        Assert.Contains(unreadable, m => m.Contains("lib/net8.0/../../../x.cs", StringComparison.Ordinal));
        AssertTool(report, "process.exec");
        Assert.Contains(Findings(report), f => Rule(f) == "TG1001");

        Assert.Equal(before, Listing(sandbox.Path));
        Assert.Empty(Directory.EnumerateFiles(sandbox.Path, "evil.dll", new EnumerationOptions { RecurseSubdirectories = true }));
        Assert.Empty(Directory.EnumerateFiles(sandbox.Path, "x.cs", new EnumerationOptions { RecurseSubdirectories = true }));
        Assert.Equal(tempBefore, Named(Path.GetTempPath(), "evil.dll", "x.cs"));
        Assert.False(File.Exists("/abs/evil.dll"));
    }

    // ---------------------------------------------------------------- 10

    [Fact]
    public void AnAssemblyThatClaimsMicrosoftsIdentityWithoutItsSignatureIsFollowedAsPluginCode()
    {
        using var folder = new TempFolder();
        var microsoftKey = System.Reflection.Metadata.MetadataReader.GetAssemblyName(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location).GetPublicKey()!;
        var impostor = CSharpCompilation.Create(
                "Microsoft.Extensions.AI.Helpers",
                new[] { CSharpSyntaxTree.ParseText("namespace Microsoft.Extensions.AI.Helpers; public static class Run { public static void Shell(string c) => System.Diagnostics.Process.Start(\"sh\", new[] { \"-c\", c }); }") },
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithCryptoPublicKey(microsoftKey.ToImmutableArray()).WithPublicSign(true));
        using var impostorImage = new MemoryStream();
        Assert.True(impostor.Emit(impostorImage).Success);
        File.WriteAllBytes(Path.Combine(folder.Path, "Microsoft.Extensions.AI.Helpers.dll"), impostorImage.ToArray());
        File.Copy(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location, Path.Combine(folder.Path, "Microsoft.Extensions.AI.Abstractions.dll"));

        var plugin = CSharpCompilation.Create(
            "Innocent.Plugin",
            new[] { CSharpSyntaxTree.ParseText(ToolSource.Replace("Process.Start(\"bash\", new[] { \"-c\", command })", "Microsoft.Extensions.AI.Helpers.Run.Shell(command)"), path: SourcePath) },
            References.Value.Append(MetadataReference.CreateFromImage(impostorImage.ToArray())),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var pluginImage = new MemoryStream();
        Assert.True(plugin.Emit(pluginImage).Success);
        File.WriteAllBytes(Path.Combine(folder.Path, "Innocent.Plugin.dll"), pluginImage.ToArray());

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        AssertTool(report, "process.exec");
        Assert.Contains(Findings(report), f => Rule(f) == "TG1001");
        var inputs = report.RootElement.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("path").GetString()!, i => i);
        Assert.Equal("scanned", inputs["Microsoft.Extensions.AI.Helpers.dll"].GetProperty("status").GetString());
        Assert.Contains("strong-name signature does not verify", inputs["Microsoft.Extensions.AI.Helpers.dll"].GetProperty("message").GetString());
        Assert.Equal("skipped", inputs["Microsoft.Extensions.AI.Abstractions.dll"].GetProperty("status").GetString());
    }

    [Fact]
    public void DuplicateEntriesMakeThePackageAmbiguous()
    {
        using var folder = new TempFolder();
        var package = Zip(
            ("Evil.Plugin.nuspec", Nuspec("Evil.Plugin")),
            ("lib/net8.0/Plugin.dll", Compile(ToolSource, "Plugin").Image),
            ("lib/net8.0/Plugin.dll", Compile(BenignSource, "Plugin").Image));
        File.WriteAllBytes(Path.Combine(folder.Path, "plugin.nupkg"), package);

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var finding = Assert.Single(Findings(report), f => Rule(f) == "TG9001");
        var message = Message(finding);
        Assert.Contains("lib/net8.0/Plugin.dll", message);
        Assert.True(message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) || message.Contains("ambiguous", StringComparison.OrdinalIgnoreCase), message);
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        AssertInput(report, "plugin.nupkg", "failed", "package");
    }

    // ---------------------------------------------------------------- 11

    [Fact]
    public void NestedPackagesAreScannedUpToTheDepthBound()
    {
        using var folder = new TempFolder();
        var inner = PluginPackage("Inner.Plugin");
        File.WriteAllBytes(Path.Combine(folder.Path, "outer.nupkg"), Zip(("Outer.nuspec", Nuspec("Outer")), ("tools/inner.nupkg", inner)));

        var (report, result) = Tool.ScanJson(folder.Path, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        AssertTool(report, "process.exec");
        var risk = Assert.Single(Findings(report), f => Rule(f) == "TG1001");

        // Located through the packages that hold it, so findings of several packages stay apart.
        Assert.StartsWith("outer.nupkg!tools/inner.nupkg!", risk.GetProperty("location").GetProperty("path").GetString());
        AssertInput(report, "outer.nupkg!tools/inner.nupkg", "scanned", "package");
        AssertInput(report, "outer.nupkg!tools/inner.nupkg!lib/net8.0/Inner.Plugin.dll", "scanned", "assembly");
        Assert.DoesNotContain(Findings(report), f => Rule(f) == "TG9001");

        // outer > level1 > level2 > level3: the third nested package is past the bound; the levels above are still scanned.
        using var deep = new TempFolder();
        var level3 = PluginPackage("Level3.Plugin");
        var level2 = Zip(("Level2.nuspec", Nuspec("Level2")), ("tools/level3.nupkg", level3), ("lib/net8.0/Level2.Plugin.dll", Compile(ToolSource.Replace("Runs it.", "Level two."), "Level2.Plugin").Image));
        var level1 = Zip(("Level1.nuspec", Nuspec("Level1")), ("tools/level2.nupkg", level2));
        File.WriteAllBytes(Path.Combine(deep.Path, "outer.nupkg"), Zip(("Outer.nuspec", Nuspec("Outer")), ("tools/level1.nupkg", level1)));

        var (deepReport, deepResult) = Tool.ScanJson(deep.Path, "--no-progress");

        Assert.Equal(1, deepResult.ExitCode);
        var tooDeep = Assert.Single(Findings(deepReport), f => Rule(f) == "TG9001");
        Assert.Contains("nested package too deep", Message(tooDeep));
        Assert.Equal("outer.nupkg!tools/level1.nupkg!tools/level2.nupkg!tools/level3.nupkg", tooDeep.GetProperty("location").GetProperty("path").GetString());
        AssertInput(deepReport, "outer.nupkg!tools/level1.nupkg!tools/level2.nupkg!lib/net8.0/Level2.Plugin.dll", "scanned", "assembly");
        AssertTool(deepReport, "process.exec");
        Assert.DoesNotContain(Inputs(deepReport), i => (i.GetProperty("path").GetString() ?? "").Contains("Level3.Plugin.dll", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- 12

    [Fact]
    public void PackageFileScannedDirectlyListsItsTool()
    {
        using var folder = new TempFolder();
        var package = Path.Combine(folder.Path, "plugin.nupkg");
        File.WriteAllBytes(package, PluginPackage("Evil.Plugin"));

        var (report, result) = Tool.ScanJson(package, "--no-progress");

        Assert.Equal(1, result.ExitCode);
        AssertTool(report, "process.exec");
        Assert.Contains(Findings(report), f => Rule(f) == "TG1001");
        Assert.DoesNotContain(Findings(report), f => Rule(f) == "TG9001");
        AssertInput(report, "plugin.nupkg", "scanned", "package");
        AssertInput(report, "plugin.nupkg!lib/net8.0/Evil.Plugin.dll", "scanned", "assembly");
    }

    // ================================================================ helpers

    private sealed record Compiled(byte[] Image, byte[] Pdb);

    /// <summary>Compiles C# to a dll image and its portable PDB, in memory; nothing is loaded.</summary>
    private static Compiled Compile(string source, string assemblyName, string sourcePath = SourcePath)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), sourcePath, Encoding.UTF8);
        var compilation = CSharpCompilation.Create(assemblyName, new[] { tree }, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return new Compiled(pe.ToArray(), pdb.ToArray());
    }

    /// <summary>Writes <c>name.dll</c> and <c>name.pdb</c> into the folder; returns the dll's path.</summary>
    private static string WritePlugin(string folder, string source, string name = "Evil.Plugin")
    {
        var compiled = Compile(source, name);
        var dll = Path.Combine(folder, name + ".dll");
        File.WriteAllBytes(dll, compiled.Image);
        File.WriteAllBytes(Path.ChangeExtension(dll, ".pdb"), compiled.Pdb);
        return dll;
    }

    private static byte[] PluginPackage(string id)
    {
        var compiled = Compile(ToolSource, id);
        return Zip((id + ".nuspec", Nuspec(id)), ($"lib/net8.0/{id}.dll", compiled.Image), ($"lib/net8.0/{id}.pdb", compiled.Pdb));
    }

    private static byte[] Nuspec(string id) => Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>1.0.0</version>
            <authors>test</authors>
            <description>test</description>
          </metadata>
        </package>
        """);

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                Write(archive, name, content);
            }
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive archive, string name, byte[] content)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(content);
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>Every file and folder under a root, relative, with file sizes: what the scan could have written there.</summary>
    private static List<string> Listing(string root) => Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? ":" + new FileInfo(p).Length : "/"))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Files with these names directly in a folder (the shared temp folder is not walked: other tests write there).</summary>
    private static List<string> Named(string folder, params string[] names) =>
        names.SelectMany(n => Directory.EnumerateFiles(folder, n)).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<JsonElement> Findings(JsonDocument report) => report.RootElement.GetProperty("findings").EnumerateArray();

    private static IEnumerable<JsonElement> Inputs(JsonDocument report) => report.RootElement.GetProperty("inputs").EnumerateArray();

    private static string? Rule(JsonElement finding) => finding.GetProperty("ruleId").GetString();

    private static string Message(JsonElement finding) => finding.GetProperty("message").GetString() ?? "";

    private static void AssertTool(JsonDocument report, string capability)
    {
        var entryPoints = report.RootElement.GetProperty("entryPoints").EnumerateArray().ToList();
        Assert.Contains(entryPoints, e => e.GetProperty("name").GetString() == "Run" || (e.GetProperty("id").GetString() ?? "").Contains("Run", StringComparison.Ordinal));
        Assert.Contains(entryPoints, e => e.GetProperty("capabilities").EnumerateArray().Any(c => c.GetString() == capability));
    }

    private static void AssertInput(JsonDocument report, string path, string status, string? kind = null)
    {
        var inputs = Inputs(report).ToList();
        Assert.True(
            inputs.Any(i => i.GetProperty("path").GetString() == path && i.GetProperty("status").GetString() == status && (kind == null || i.GetProperty("kind").GetString() == kind)),
            $"no input {path} ({kind}) with status {status}; inputs: " + string.Join("; ", inputs.Select(i => $"{i.GetProperty("path").GetString()} {i.GetProperty("kind").GetString()} {i.GetProperty("status").GetString()}")));
    }

    /// <summary>The TG9001 error at that path, and the input listed as failed.</summary>
    private static JsonElement AssertUnreadable(JsonDocument report, string path)
    {
        var all = Findings(report).ToList();
        var finding = all.SingleOrDefault(f => Rule(f) == "TG9001" && f.GetProperty("location").GetProperty("path").GetString() == path);
        Assert.True(finding.ValueKind == JsonValueKind.Object, $"no TG9001 at {path}; findings: " + string.Join("; ", all.Select(f => $"{Rule(f)} {Message(f)}")));
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Contains(path, Message(finding));
        AssertInput(report, path, "failed");
        return finding;
    }

    // ---------------------------------------------------------------- PE surgery

    /// <summary>File offset of a PE optional header data directory (14: the CLI header).</summary>
    private static int DataDirectoryOffset(byte[] image, int index)
    {
        var pe = BitConverter.ToInt32(image, 0x3C);
        Assert.Equal(0x00004550u, BitConverter.ToUInt32(image, pe));
        var optional = pe + 4 + 20;
        var magic = BitConverter.ToUInt16(image, optional);
        var directories = optional + magic switch
        {
            0x20B => 112,
            0x10B => 96,
            _ => throw new InvalidOperationException($"unknown optional header magic 0x{magic:X}"),
        };
        return directories + (8 * index);
    }

    private static int MetadataRoot(byte[] image)
    {
        var root = image.AsSpan().IndexOf("BSJB"u8);
        Assert.True(root > 0);
        return root;
    }

    /// <summary>File offset and size of a metadata stream, read from the stream headers after the root.</summary>
    private static (int Offset, int Size) MetadataStream(byte[] image, string name)
    {
        var root = MetadataRoot(image);
        var versionLength = BitConverter.ToInt32(image, root + 12);
        var position = root + 16 + versionLength + 2;
        var count = BitConverter.ToUInt16(image, position);
        position += 2;
        for (var i = 0; i < count; i++)
        {
            var offset = BitConverter.ToInt32(image, position);
            var size = BitConverter.ToInt32(image, position + 4);
            var end = Array.IndexOf(image, (byte)0, position + 8);
            var streamName = Encoding.ASCII.GetString(image, position + 8, end - position - 8);
            if (streamName == name)
            {
                return (root + offset, size);
            }

            position = (end + 4) & ~3;
        }

        throw new InvalidOperationException("no stream " + name);
    }

    /// <summary>
    /// A minimal assembly written with MetadataBuilder whose TypeSpec and method signature hold a generic instantiation
    /// nested <paramref name="depth"/> levels deep: List&lt;List&lt;...List&lt;object&gt;...&gt;&gt;&gt;.
    /// </summary>
    private static byte[] DeepGenericAssembly(int depth)
    {
        var metadata = new MetadataBuilder();
        metadata.AddModule(0, metadata.GetOrAddString("Deep.dll"), metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
        metadata.AddAssembly(metadata.GetOrAddString("Deep"), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        var runtime = metadata.AddAssemblyReference(
            metadata.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default,
            metadata.GetOrAddBlob(new byte[] { 0xB0, 0x3F, 0x5F, 0x7F, 0x11, 0xD5, 0x0A, 0x3A }), default, default);
        var objectType = metadata.AddTypeReference(runtime, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));
        var list = metadata.AddTypeReference(runtime, metadata.GetOrAddString("System.Collections.Generic"), metadata.GetOrAddString("List`1"));

        var nested = new BlobBuilder();
        var listIndex = CodedIndex.TypeDefOrRefOrSpec(list);
        for (var i = 0; i < depth; i++)
        {
            nested.WriteByte((byte)SignatureTypeCode.GenericTypeInstance);
            nested.WriteByte((byte)SignatureTypeKind.Class);
            nested.WriteCompressedInteger(listIndex);
            nested.WriteCompressedInteger(1);
        }

        nested.WriteByte((byte)SignatureTypeCode.Object);
        var deepType = nested.ToArray();
        metadata.AddTypeSpecification(metadata.GetOrAddBlob(deepType));

        // static void Take(List<List<...>> value)
        var signature = new BlobBuilder();
        signature.WriteByte((byte)SignatureCallingConvention.Default);
        signature.WriteCompressedInteger(1);
        signature.WriteByte((byte)SignatureTypeCode.Void);
        signature.WriteBytes(deepType);

        var il = new BlobBuilder();
        var bodies = new MethodBodyStreamEncoder(il);
        var code = new InstructionEncoder(new BlobBuilder());
        code.OpCode(ILOpCode.Ret);
        var body = bodies.AddMethodBody(code);

        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        metadata.AddMethodDefinition(
            MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, MethodImplAttributes.IL,
            metadata.GetOrAddString("Take"), metadata.GetOrAddBlob(signature), body, MetadataTokens.ParameterHandle(1));
        metadata.AddTypeDefinition(
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, metadata.GetOrAddString("Deep"), metadata.GetOrAddString("Holder"),
            objectType, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));

        var builder = new ManagedPEBuilder(new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage), new MetadataRootBuilder(metadata), il, flags: CorFlags.ILOnly);
        var image = new BlobBuilder();
        builder.Serialize(image);
        return image.ToArray();
    }
}
