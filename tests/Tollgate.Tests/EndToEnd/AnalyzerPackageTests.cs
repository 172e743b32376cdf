using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.EndToEnd;

/// <summary>
/// The analyzer package as a user gets it: `dotnet pack` makes Tollgate.Analyzers.&lt;version&gt;.nupkg with the right layout,
/// and samples/consumer, built against it from a local folder feed, shows Tollgate's warnings (errors in strict mode).
/// </summary>
public sealed class AnalyzerPackageTests : IClassFixture<AnalyzerPackageTests.PackedFeed>
{
    private readonly PackedFeed _feed;

    public AnalyzerPackageTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public void ThePackageHoldsTheAnalyzersTheEngineTheFixesAndThePresets()
    {
        using var package = ZipFile.OpenRead(_feed.Package);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        foreach (var expected in new[]
        {
            "analyzers/dotnet/cs/Tollgate.Analyzers.dll", "analyzers/dotnet/cs/Tollgate.Core.dll", "analyzers/dotnet/cs/Tollgate.CodeFixes.dll",
            "build/Tollgate.Analyzers.props", "build/Tollgate.Analyzers.targets", "build/tollgate.recommended.globalconfig", "build/tollgate.strict.globalconfig",
        })
        {
            Assert.Contains(expected, entries);
        }

        // Nothing is added to the consumer's references or output.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));

        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("Tollgate.Analyzers", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal("true", metadata.Elements().Single(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.Empty(metadata.Elements().Where(e => e.Name.LocalName == "dependencies").SelectMany(d => d.Descendants()));

        // The catalog travels inside the engine, read as metadata (never loaded).
        using var core = new MemoryStream();
        using (var stream = package.GetEntry("analyzers/dotnet/cs/Tollgate.Core.dll")!.Open())
        {
            stream.CopyTo(core);
        }

        core.Position = 0;
        using var pe = new PEReader(core);
        var reader = pe.GetMetadataReader();
        var resources = reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).ToList();
        foreach (var family in new[] { "process", "network", "filesystem", "secrets", "dynamic", "model", "data", "frameworks", "security" })
        {
            Assert.Contains($"Tollgate.Catalog.{family}.catalog", resources);
        }
    }

    [Fact]
    public void TheConsumerSampleBuildShowsTollgateWarningsAndStrictModeMakesThemErrors()
    {
        var project = Dotnet.TempDirectory("tollgate-consumer");
        try
        {
            var consumer = Path.Combine(Scan.RepositoryRoot, "samples", "consumer");
            foreach (var file in Directory.GetFiles(consumer).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(project, "nuget.config"), File.ReadAllText(Path.Combine(consumer, "nuget.config")).Replace("../../.local-feed", _feed.Directory));
            var version = "-p:TollgateAnalyzersVersion=" + _feed.Version;

            var build = Dotnet.Run(project, TimeSpan.FromMinutes(5), "build", "-nologo", version);
            Assert.True(build.ExitCode == 0, build.StdOut + build.StdErr);
            Assert.Contains("DeployTools.cs(17,29): warning TG1001: Tool 'run_deploy_script' (mcp): model-controlled parameter 'script' reaches", build.StdOut);
            Assert.Contains("DeployTools.cs(14,6): warning TG8001: Tool 'run_deploy_script' (mcp): declares ReadOnly = true but reaches process.exec", build.StdOut);
            Assert.DoesNotContain("warning TG1001: Tool 'deploy'", build.StdOut);

            var strict = Dotnet.Run(project, TimeSpan.FromMinutes(5), "build", "-nologo", "--no-incremental", version, "-p:TollgateAnalysisMode=strict");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Contains("DeployTools.cs(17,29): error TG1001:", strict.StdOut);
            Assert.Contains("DeployTools.cs(14,6): error TG8001:", strict.StdOut);

            var wrongMode = Dotnet.Run(project, TimeSpan.FromMinutes(5), "build", "-nologo", version, "-p:TollgateAnalysisMode=lenient");
            Assert.NotEqual(0, wrongMode.ExitCode);
            Assert.Contains("TollgateAnalysisMode is 'lenient'; use 'recommended' or 'strict'", wrongMode.StdOut);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    /// <summary>One `dotnet pack` for the class, with a version of its own so NuGet's cache never serves an older build.</summary>
    public sealed class PackedFeed : IDisposable
    {
        public PackedFeed()
        {
            Directory = Dotnet.TempDirectory("tollgate-feed");
            Version = "0.1.0-test." + Guid.NewGuid().ToString("N").Substring(0, 10);
            var pack = Dotnet.Run(Scan.RepositoryRoot, TimeSpan.FromMinutes(5), "pack", "src/Tollgate.Analyzers.Package", "-c", "Release", "-nologo",
                "-o", Directory, "-p:Version=" + Version);
            Assert.True(pack.ExitCode == 0, pack.StdOut + pack.StdErr);
            Package = Path.Combine(Directory, $"Tollgate.Analyzers.{Version}.nupkg");
            Assert.True(File.Exists(Package), "no package at " + Package);
        }

        public string Directory { get; }

        public string Version { get; }

        public string Package { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
