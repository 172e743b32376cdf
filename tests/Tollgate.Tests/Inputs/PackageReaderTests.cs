using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Tollgate.Cli.Inputs;
using Xunit;

namespace Tollgate.Tests.Inputs;

public sealed class PackageReaderTests
{
    private const string Nuspec = """
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>Contoso.Plugin</id>
            <version>1.2.3</version>
            <dependencies>
              <group targetFramework="net8.0"><dependency id="Microsoft.SemanticKernel" version="[1.0.0, )" /></group>
              <group targetFramework=".NETStandard2.0"><dependency id="Newtonsoft.Json" version="13.0.1" /><dependency id="System.Memory" /></group>
            </dependencies>
          </metadata>
        </package>
        """;

    private static readonly PackageLimits Defaults = new();

    private sealed record Entry(string Name, byte[] Content, CompressionLevel Level = CompressionLevel.Optimal);

    private static byte[] Zip(params Entry[] entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var content = archive.CreateEntry(entry.Name, entry.Level).Open();
                content.Write(entry.Content);
            }
        }

        return stream.ToArray();
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Plugin() => Zip(
        new Entry("Contoso.Plugin.nuspec", Bytes(Nuspec)),
        new Entry("lib/net8.0/Contoso.Plugin.dll", Bytes("net8 dll")),
        new Entry("lib/net8.0/Contoso.Plugin.pdb", Bytes("net8 pdb")),
        new Entry("lib/net8.0/de/Contoso.Plugin.resources.dll", Bytes("satellite")),
        new Entry("lib/netstandard2.0/Contoso.Plugin.dll", Bytes("ns2 dll")),
        new Entry("contentFiles/cs/any/Tool.cs", Bytes("class Tool {}")),
        new Entry("src/Helper.CS", Bytes("class Helper {}")),
        new Entry("content/zeros.bin", new byte[10_000]),
        new Entry("[Content_Types].xml", Bytes("<Types />")));

    private static PackageProblem Fatal(PackageContents contents) => Assert.Single(contents.Problems, p => p.Fatal);

    [Fact]
    public void ReadsMetadataDependenciesSourcesAndTheNearestLibFolder()
    {
        var contents = PackageReader.Read(Plugin(), "net10.0", Defaults);

        Assert.Empty(contents.Problems);
        Assert.Equal("Contoso.Plugin", contents.Id);
        Assert.Equal("1.2.3", contents.Version);
        Assert.Equal(new[] { "net8.0", "netstandard2.0" }, contents.AvailableFrameworks);
        Assert.Equal("net8.0", contents.ChosenFramework);
        var assembly = Assert.Single(contents.Assemblies);
        Assert.Equal("lib/net8.0/Contoso.Plugin.dll", assembly.EntryPath);
        Assert.Equal("net8 dll", Encoding.UTF8.GetString(assembly.Content));
        Assert.Equal("lib/net8.0/Contoso.Plugin.pdb", Assert.Single(contents.Symbols).EntryPath);
        Assert.Equal(new[] { "contentFiles/cs/any/Tool.cs", "src/Helper.CS" }, contents.Sources.Select(s => s.EntryPath));
        Assert.Empty(contents.NestedPackages);
        Assert.Equal(
            new[]
            {
                new PackageDependency("Microsoft.SemanticKernel", "[1.0.0, )", "net8.0"),
                new PackageDependency("Newtonsoft.Json", "13.0.1", ".NETStandard2.0"),
                new PackageDependency("System.Memory", null, ".NETStandard2.0"),
            },
            contents.Dependencies);
    }

    [Fact]
    public void NetFrameworkHostGetsTheNetStandardBuild()
    {
        var contents = PackageReader.Read(Plugin(), "net48", Defaults);

        Assert.Equal("netstandard2.0", contents.ChosenFramework);
        Assert.Equal("ns2 dll", Encoding.UTF8.GetString(Assert.Single(contents.Assemblies).Content));
        Assert.Empty(contents.Symbols);
    }

    [Fact]
    public void FlatDependenciesOfAnOlderSchemaAreRead()
    {
        const string old = """<package xmlns="http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd"><metadata><id>Old</id><version>1.0</version><dependencies><dependency id="Dep" version="2.0" /></dependencies></metadata></package>""";

        var contents = PackageReader.Read(Zip(new Entry("Old.nuspec", Bytes(old))), "net10.0", Defaults);

        Assert.Empty(contents.Problems);
        Assert.Equal(("Old", "1.0"), (contents.Id, contents.Version));
        Assert.Equal(new PackageDependency("Dep", "2.0", null), Assert.Single(contents.Dependencies));
        Assert.Null(contents.ChosenFramework);
    }

    [Theory]
    [InlineData("net10.0", "net6.0,netstandard2.0,net8.0", "net8.0")]
    [InlineData("net10.0", "netstandard2.1,netcoreapp3.1", "netcoreapp3.1")]
    [InlineData("net10.0", "net11.0", null)]
    [InlineData("net10.0", "portable-net45+win8,NET8.0", "NET8.0")]
    [InlineData("net10.0", "net8.0-windows,netstandard2.0", "netstandard2.0")]
    [InlineData("net10.0-windows", "net8.0,net8.0-windows10.0.19041", "net8.0-windows10.0.19041")]
    [InlineData("net10.0-windows", "net8.0-windows,net9.0", "net9.0")]
    [InlineData("net48", "net462,netstandard2.0,net472", "net472")]
    [InlineData("net48", "net8.0,netstandard2.1", null)]
    [InlineData("net45", "netstandard1.1,netstandard1.3", "netstandard1.1")]
    [InlineData("netcoreapp2.1", "netstandard2.1,netstandard2.0", "netstandard2.0")]
    [InlineData("netstandard2.0", "netstandard1.3,netstandard2.1", "netstandard1.3")]
    [InlineData("not-a-framework", "net8.0", null)]
    public void FrameworkSelection(string host, string available, string? expected)
    {
        Assert.Equal(expected, PackageReader.ChooseFramework(host, available.Split(',')));
    }

    [Fact]
    public void NoCompatibleLibFolderIsANonFatalProblem()
    {
        var contents = PackageReader.Read(Zip(new Entry("P.nuspec", Bytes(Nuspec)), new Entry("lib/net48/P.dll", Bytes("x"))), "net10.0", Defaults);

        Assert.Null(contents.ChosenFramework);
        Assert.Empty(contents.Assemblies);
        var problem = Assert.Single(contents.Problems);
        Assert.False(problem.Fatal);
        Assert.Equal("no lib/ folder for net10.0; available: net48", problem.Reason);
    }

    [Fact]
    public void MissingOrSeveralNuspecsAreNonFatalProblems()
    {
        var none = PackageReader.Read(Zip(new Entry("src/A.cs", Bytes("class A {}"))), "net10.0", Defaults);
        var two = PackageReader.Read(Zip(new Entry("a.nuspec", Bytes(Nuspec)), new Entry("b.nuspec", Bytes(Nuspec))), "net10.0", Defaults);

        Assert.Contains("no .nuspec", Assert.Single(none.Problems, p => !p.Fatal).Reason);
        Assert.Single(none.Sources);
        Assert.Contains("ambiguous", Assert.Single(two.Problems, p => !p.Fatal).Reason);
        Assert.Null(two.Id);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><package><metadata><id>&xxe;</id></metadata></package>""")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><package><metadata><id>&lol2;</id></metadata></package>""")]
    [InlineData("<package><metadata><id>unclosed")]
    public void DtdsAndMalformedNuspecsAreRefusedWithoutThrowing(string nuspec)
    {
        var contents = PackageReader.Read(Zip(new Entry("P.nuspec", Bytes(nuspec)), new Entry("src/A.cs", Bytes("class A {}"))), "net10.0", Defaults);

        Assert.Null(contents.Id);
        var problem = Assert.Single(contents.Problems);
        Assert.False(problem.Fatal);
        Assert.StartsWith("malformed .nuspec", problem.Reason);
        Assert.Single(contents.Sources);
    }

    [Fact]
    public void EmptyBytesAreNotAZip()
    {
        Assert.StartsWith("not a zip archive: ", Fatal(PackageReader.Read(Array.Empty<byte>(), "net10.0", Defaults)).Reason);
    }

    [Fact]
    public void ArbitraryBytesAreNotAZip()
    {
        Assert.StartsWith("not a zip archive: ", Fatal(PackageReader.Read(Random(4096), "net10.0", Defaults)).Reason);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void TruncatedZipIsReportedNotThrown(double keep)
    {
        var package = Plugin();

        var contents = PackageReader.Read(package[..(int)(package.Length * keep)], "net10.0", Defaults);

        Assert.StartsWith("not a zip archive: ", Fatal(contents).Reason);
    }

    [Fact]
    public void OversizedPackageIsRefusedBeforeOpening()
    {
        var problem = Fatal(PackageReader.Read(Plugin(), "net10.0", Defaults with { MaxPackageBytes = 100 }));

        Assert.Contains("MaxPackageBytes", problem.Reason);
    }

    [Fact]
    public void TooManyEntriesIsFatal()
    {
        var package = Zip(Enumerable.Range(0, 5).Select(i => new Entry($"src/F{i}.cs", Bytes("class F {}"))).ToArray());

        var contents = PackageReader.Read(package, "net10.0", Defaults with { MaxEntries = 3 });

        Assert.Contains("MaxEntries", Fatal(contents).Reason);
        Assert.Empty(contents.Sources);
    }

    [Fact]
    public void ZipBombIsRefusedFromItsDeclaredSize()
    {
        // 50 MB of zeros deflates to about 50 KB.
        var package = Zip(new Entry("P.nuspec", Bytes(Nuspec)), new Entry("lib/net8.0/Bomb.dll", new byte[50 << 20]));
        Assert.True(package.Length < 1 << 20);

        var contents = PackageReader.Read(package, "net10.0", Defaults with { MaxTotalUncompressedBytes = 10 << 20 });

        var problem = Fatal(contents);
        Assert.Equal("lib/net8.0/Bomb.dll", problem.Entry);
        Assert.Contains("MaxTotalUncompressedBytes", problem.Reason);
        Assert.Empty(contents.Assemblies);
    }

    [Fact]
    public void TotalBoundCountsEveryEntryRead()
    {
        var package = Zip(Enumerable.Range(0, 3).Select(i => new Entry($"src/F{i}.cs", Random(4 << 20, i))).ToArray());

        var contents = PackageReader.Read(package, "net10.0", Defaults with { MaxTotalUncompressedBytes = 10 << 20 });

        Assert.Equal("src/F2.cs", Fatal(contents).Entry);
        Assert.Equal(2, contents.Sources.Count);
    }

    [Fact]
    public void CompressionRatioBoundIsFatal()
    {
        var package = Zip(new Entry("src/Zeros.cs", new byte[2 << 20]));

        var problem = Fatal(PackageReader.Read(package, "net10.0", Defaults));

        Assert.Equal("src/Zeros.cs", problem.Entry);
        Assert.Contains("MaxCompressionRatio", problem.Reason);
    }

    [Fact]
    public void EntryLargerThanTheEntryBoundIsFatal()
    {
        var package = Zip(new Entry("lib/net8.0/Big.dll", Random(100_000)));

        var problem = Fatal(PackageReader.Read(package, "net10.0", Defaults with { MaxEntryBytes = 50_000 }));

        Assert.Equal("lib/net8.0/Big.dll", problem.Entry);
        Assert.Contains("MaxEntryBytes", problem.Reason);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, 10u, "longer")]
    [InlineData(CompressionLevel.Optimal, 10u, "CRC")]
    [InlineData(CompressionLevel.Optimal, 5000u, "shorter")]
    public void LyingDeclaredSizeIsCaughtWhileReading(CompressionLevel level, uint declared, string expected)
    {
        var package = Zip(new Entry("src/A.cs", Random(1000), level));
        PatchUncompressedSize(package, declared);

        var contents = PackageReader.Read(package, "net10.0", Defaults);

        var problem = Fatal(contents);
        Assert.Equal("src/A.cs", problem.Entry);
        Assert.Contains(expected, problem.Reason);
        Assert.Empty(contents.Sources);
    }

    [Theory]
    [InlineData("../evil.dll")]
    [InlineData("lib/net8.0/../../evil.dll")]
    [InlineData("lib/net8.0/..\\..\\evil.dll")]
    [InlineData("lib/net8.0/%2E%2E/evil.dll")]
    [InlineData("/abs.dll")]
    [InlineData("C:\\abs.dll")]
    [InlineData("\\\\server\\share\\abs.dll")]
    [InlineData("lib/net8.0/evil.dll:stream")]
    [InlineData("lib//net8.0/evil.dll")]
    [InlineData("lib/net8.0/evil.dll.")]
    [InlineData("lib/net8.0/evil.dll ")]
    public void UnsafeEntryNamesAreSkippedWithAProblem(string name)
    {
        var package = Zip(new Entry(name, Bytes("evil")), new Entry("P.nuspec", Bytes(Nuspec)), new Entry("lib/net8.0/Good.dll", Bytes("good")));

        var contents = PackageReader.Read(package, "net10.0", Defaults);

        var problem = Assert.Single(contents.Problems);
        Assert.False(problem.Fatal);
        Assert.Equal(name, problem.Entry);
        Assert.StartsWith("entry skipped: ", problem.Reason);
        Assert.Equal("lib/net8.0/Good.dll", Assert.Single(contents.Assemblies).EntryPath);
        Assert.Empty(contents.Sources);
    }

    [Theory]
    [InlineData("src/a\u001b[2Jb.cs", "src/a\\u001B[2Jb.cs")]
    [InlineData("src/%00.cs", "src/%00.cs")]
    [InlineData("src/evil\u202Esc.dll", "src/evil\\u202Esc.dll")]
    public void InvisibleCharactersAreSkippedAndSpelledOutInTheProblem(string name, string shown)
    {
        var contents = PackageReader.Read(Zip(new Entry(name, Bytes("x")), new Entry("P.nuspec", Bytes(Nuspec))), "net10.0", Defaults);

        var problem = Assert.Single(contents.Problems);
        Assert.Equal((shown, false), (problem.Entry, problem.Fatal));
        Assert.Contains("control or format character", problem.Reason);
        Assert.Empty(contents.Sources);
    }

    [Fact]
    public void BackslashesAndEscapesAreNormalizedForClassification()
    {
        var package = Zip(new Entry("lib\\net8.0\\Back.dll", Bytes("b")), new Entry("lib/net8.0/Hidden%2Edll", Bytes("h")), new Entry("lib/", Array.Empty<byte>()));

        var contents = PackageReader.Read(package, "net10.0", Defaults);

        Assert.Equal(new[] { "lib/net8.0/Back.dll", "lib/net8.0/Hidden.dll" }, contents.Assemblies.Select(a => a.EntryPath));
    }

    [Fact]
    public void DuplicateEntriesKeepTheFirstAndSayThePackageIsAmbiguous()
    {
        var package = Zip(new Entry("lib/net8.0/Plugin.dll", Bytes("first")), new Entry("LIB/net8.0/plugin.DLL", Bytes("second")));

        var contents = PackageReader.Read(package, "net10.0", Defaults);

        Assert.Equal("first", Encoding.UTF8.GetString(Assert.Single(contents.Assemblies).Content));
        var problem = Assert.Single(contents.Problems, p => p.Reason.Contains("duplicate", StringComparison.Ordinal));
        Assert.False(problem.Fatal);
        Assert.Contains("ambiguous", problem.Reason);
    }

    [Fact]
    public void NestedPackagesAreReturnedAsBytesUntilTheDepthBound()
    {
        var inner = Zip(new Entry("Inner.nuspec", Bytes("<package><metadata><id>Inner</id><version>1.0</version></metadata></package>")));
        var outer = Zip(new Entry("P.nuspec", Bytes(Nuspec)), new Entry("tools/Inner.nupkg", inner, CompressionLevel.NoCompression));

        var top = PackageReader.Read(outer, "net10.0", Defaults);
        var nested = Assert.Single(top.NestedPackages);
        var tooDeep = PackageReader.Read(outer, "net10.0", Defaults, depth: 2);

        Assert.Empty(top.Problems);
        Assert.Equal("tools/Inner.nupkg", nested.EntryPath);
        Assert.Equal(inner, nested.Content);
        Assert.Equal("Inner", PackageReader.Read(nested.Content, "net10.0", Defaults, depth: 1).Id);
        Assert.Empty(tooDeep.NestedPackages);
        var problem = Assert.Single(tooDeep.Problems);
        Assert.False(problem.Fatal);
        Assert.Contains("nested package too deep", problem.Reason);
    }

    /// <summary>Rewrites the uncompressed size in every local and central header, the way a hostile packer would lie.</summary>
    private static void PatchUncompressedSize(byte[] zip, uint size)
    {
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && (zip[i + 2], zip[i + 3]) is (3, 4) or (1, 2))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + (zip[i + 2] == 3 ? 22 : 24), 4), size);
            }
        }
    }
}
