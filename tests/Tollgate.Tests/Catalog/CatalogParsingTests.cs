using System.Linq;
using Tollgate.Catalog;
using Xunit;

namespace Tollgate.Tests.Catalog;

public sealed class CatalogParsingTests
{
    [Fact]
    public void ApiEntryKeepsCapabilityRolesAndCondition()
    {
        var catalog = new CapabilityCatalog();
        catalog.Add("test.catalog", "api filesystem.write M:System.IO.FileStream.#ctor(*) path=path if=mode:Create|Append  # comment\n");

        Assert.Empty(catalog.Errors);
        var api = Assert.Single(catalog.Apis);
        Assert.Equal("filesystem.write", api.Capability);
        Assert.Equal("#ctor", api.Symbol.Name);
        Assert.Equal("System.IO.FileStream", api.Symbol.Container);
        Assert.True(api.Symbol.AnyOverload);
        Assert.Equal(new[] { "path" }, api.Roles["path"]);
        Assert.Equal("mode", api.Condition!.Parameter);
        Assert.Equal(new[] { "Create", "Append" }, api.Condition.Values);
        Assert.False(api.Condition.Negated);
    }

    [Fact]
    public void HashInsideAWordIsNotAComment()
    {
        var catalog = new CapabilityCatalog();
        catalog.Add("test.catalog", "entry autogen attribute T:AutoGen.Core.FunctionAttribute name=#0 description=#1\n# a comment line\n");

        Assert.Empty(catalog.Errors);
        var entry = Assert.Single(catalog.EntryDeclarations);
        Assert.Equal("#0", entry.Fields["name"]);
        Assert.Equal("#1", entry.Fields["description"]);
    }

    [Theory]
    [InlineData("api process.run M:System.Diagnostics.Process.Start(*)", "unknown capability 'process.run'")]
    [InlineData("api process.exec X:System.Diagnostics.Process", "unknown prefix")]
    [InlineData("api process.exec M:Start(*)", "names its type")]
    [InlineData("api process.exec M:System.Diagnostics.Process.Start(*) speed=fast", "unknown role 'speed'")]
    [InlineData("api process.exec M:System.Diagnostics.Process.Start(*) command", "expected <role>=<parameter>")]
    [InlineData("entry langchain attribute T:Foo.ToolAttribute", "unknown framework 'langchain'")]
    [InlineData("entry mcp factory M:Foo.Bar.Create(*) name=name", "names its delegate parameter")]
    [InlineData("sink process.exec M:System.Diagnostics.Process.Start(*)", "unknown directive 'sink'")]
    [InlineData("source secrets M:System.Environment.GetEnvironmentVariable(*)", "unknown source kind 'secrets'")]
    public void BrokenLineIsAnErrorAtItsLine(string line, string expected)
    {
        var catalog = new CapabilityCatalog();
        catalog.Add("user.catalog", "# header\n\n" + line + "\napi network.outbound T:System.Net.Http.HttpClient\n");

        var error = Assert.Single(catalog.Errors);
        Assert.Equal("user.catalog", error.Origin.File);
        Assert.Equal(3, error.Origin.Line);
        Assert.Contains(expected, error.Message);
        Assert.Contains(catalog.Apis, a => a.Symbol.Text == "T:System.Net.Http.HttpClient");
    }

    [Fact]
    public void BinaryGarbageNeverThrows()
    {
        var catalog = new CapabilityCatalog();
        catalog.Add("garbage.catalog", "\0\u0001api\u0002 \uFFFF=\n=\n api = = =\nentry\n");

        Assert.NotEmpty(catalog.Errors);
    }

    [Fact]
    public void BuiltInCatalogLoadsWithoutErrors()
    {
        var catalog = CapabilityCatalog.LoadBuiltIn();

        Assert.Empty(catalog.Errors.Select(e => e.ToString()));
        Assert.NotEmpty(catalog.Apis);
        Assert.Contains(catalog.EntryDeclarations, e => e.Framework == "mcp");
        Assert.Contains(catalog.EntryDeclarations, e => e.Framework == "semantic-kernel");
        Assert.Contains(catalog.EntryDeclarations, e => e.Framework == "microsoft-extensions-ai");
    }

    [Fact]
    public void BuiltInCatalogCoversEveryCapability()
    {
        var catalog = CapabilityCatalog.LoadBuiltIn();
        var covered = catalog.Apis.Select(a => a.Capability).Concat(catalog.SecretPaths.Count > 0 ? new[] { "secrets.read" } : new string[0]).ToHashSet();

        var missing = Tollgate.Model.Capabilities.All.Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no catalog entry for: " + string.Join(", ", missing));
    }
}
