using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>filesystem.traversal (TG3001): a model-controlled path is read or written with no containment check.</summary>
public sealed class FilesystemTraversalTests
{
    private const string Rule = "TG3001";
    private const string Risk = "filesystem.traversal";

    private const string DocsTools = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;

        namespace Contoso.Docs;

        [McpServerToolType]
        public sealed class DocsTools
        {
            private const string Root = "/srv/docs";
            private static readonly string RootWithSeparator = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;

            [McpServerTool(Name = "read_doc"), Description("Reads a document from the docs folder")]
            public static string ReadDoc(string path) => File.ReadAllText(Path.Combine(Root, path));

            [McpServerTool(Name = "save_doc")]
            public static async Task SaveDoc(string name, string content) => await File.WriteAllTextAsync(Path.Combine(Root, name), content);

            [McpServerTool(Name = "read_doc_prefix")]
            public static string ReadDocPrefix(string path)
            {
                var full = Path.GetFullPath(Path.Combine(Root, path));
                if (!full.StartsWith(Root, StringComparison.Ordinal))
                {
                    throw new UnauthorizedAccessException(path);
                }

                return File.ReadAllText(full);
            }

            [McpServerTool(Name = "read_doc_contained")]
            public static string ReadDocContained(string path)
            {
                var full = Path.GetFullPath(Path.Combine(Root, path));
                if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new UnauthorizedAccessException(path);
                }

                return File.ReadAllText(full);
            }

            [McpServerTool(Name = "delete_doc")]
            public static void DeleteDoc(string path)
            {
                var full = Path.GetFullPath(path, Root);
                if (!full.StartsWith(RootWithSeparator, StringComparison.Ordinal))
                {
                    throw new UnauthorizedAccessException(path);
                }

                File.Delete(full);
            }

            [McpServerTool(Name = "read_doc_resolved")]
            public static string ReadDocResolved(string path) => File.ReadAllText(Path.GetFullPath(Path.Combine(Root, path)));

            [McpServerTool(Name = "read_doc_no_dots")]
            public static string ReadDocNoDots(string path)
            {
                if (path.Contains("..", StringComparison.Ordinal))
                {
                    throw new UnauthorizedAccessException(path);
                }

                return File.ReadAllText(Path.Combine(Root, path));
            }

            [McpServerTool(Name = "read_by_name")]
            public static string ReadByName(string fileName) => File.ReadAllText(Path.Combine(Root, Path.GetFileName(fileName)));

            [McpServerTool(Name = "daily_log")]
            public static string DailyLog(DateTime day, int part) => File.ReadAllText($"/var/log/contoso/{day:yyyy-MM-dd}.{part}.log");

            [McpServerTool(Name = "changelog")]
            public static string Changelog() => File.ReadAllText(Path.Combine(Root, "CHANGELOG.md"));
        }
        """;

    private const string Id = "Contoso.Docs.DocsTools.";

    [Fact]
    public void AModelPathReadIsAnError()
    {
        var result = Scan.Sources(DocsTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "ReadDoc", "System.IO.File.ReadAllText");
        Assert.Equal("filesystem.read", finding.Capability);
        Assert.Equal(new[] { Id + "ReadDoc", "System.IO.File.ReadAllText" }, finding.Trace);
        Assert.Contains("'path'", finding.Message);
    }

    [Fact]
    public void AModelPathWrittenIsAnError()
    {
        var result = Scan.Sources(DocsTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "SaveDoc", "System.IO.File.WriteAllTextAsync");
        Assert.Equal("filesystem.write", finding.Capability);
        Assert.Contains("'name'", finding.Message);
    }

    [Fact]
    public void AStartsWithRootWithoutTheSeparatorIsNotContainment()
    {
        var result = Scan.Sources(DocsTools);

        // "/srv/docs-private/secret" starts with "/srv/docs".
        var finding = RiskAssert.Error(result, Rule, Risk, Id + "ReadDocPrefix", "System.IO.File.ReadAllText");
        Assert.Contains("directory separator", finding.Message);
    }

    [Fact]
    public void AStartsWithRootPlusSeparatorAfterGetFullPathMitigates()
    {
        var result = Scan.Sources(DocsTools);

        RiskAssert.Mitigated(result, Rule, Risk, Id + "ReadDocContained", "path containment check in " + Id + "ReadDocContained");
    }

    [Fact]
    public void ARootFieldThatEndsWithTheSeparatorMitigates()
    {
        var result = Scan.Sources(DocsTools);

        var finding = RiskAssert.Mitigated(result, Rule, Risk, Id + "DeleteDoc", "path containment check in " + Id + "DeleteDoc");
        Assert.Equal("filesystem.write", finding.Capability);
    }

    [Fact]
    public void AContainmentCheckThatOnlyWarnsDoesNotMitigate()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class LaxDocsTools
            {
                private const string Root = "/srv/docs/";

                [McpServerTool(Name = "read_doc")]
                public static string ReadDoc(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    if (!full.StartsWith(Root, StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine($"warning: {full} is outside {Root}");
                    }

                    return File.ReadAllText(full);
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Docs.LaxDocsTools.ReadDoc", "System.IO.File.ReadAllText");
    }

    [Fact]
    public void GetFullPathWithoutACheckIsNotContainment()
    {
        var result = Scan.Sources(DocsTools);

        RiskAssert.Error(result, Rule, Risk, Id + "ReadDocResolved", "System.IO.File.ReadAllText");
    }

    [Fact]
    public void RejectingDotDotIsNotContainment()
    {
        var result = Scan.Sources(DocsTools);

        // An absolute path ("/etc/passwd") needs no "..": Path.Combine returns it as it is.
        RiskAssert.Error(result, Rule, Risk, Id + "ReadDocNoDots", "System.IO.File.ReadAllText");
    }

    [Fact]
    public void PathGetFileNameSanitizes()
    {
        var result = Scan.Sources(DocsTools);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf(Id + "ReadByName"));
        RiskAssert.None(result, Risk, Id + "ReadByName");
    }

    [Fact]
    public void DatesAndNumbersCannotTraverse()
    {
        var result = Scan.Sources(DocsTools);

        RiskAssert.None(result, Risk, Id + "DailyLog");
    }

    [Fact]
    public void AConstantPathIsACapabilityButNotARisk()
    {
        var result = Scan.Sources(DocsTools);

        Assert.Equal(new[] { "filesystem.read" }, result.CapabilitiesOf(Id + "Changelog"));
        RiskAssert.None(result, Risk, Id + "Changelog");
    }

    [Fact]
    public void AContainmentHelperInAnotherFileMitigatesAndIsNamed()
    {
        var result = Scan.Sources(
            """
            using System.IO;
            using Microsoft.SemanticKernel;

            namespace Contoso.Workspace;

            public sealed class WorkspacePlugin
            {
                [KernelFunction("read_file")]
                public string ReadFile(string relativePath) => File.ReadAllText(Sandbox.Resolve(relativePath));

                [KernelFunction("read_file_unchecked")]
                public string ReadFileUnchecked(string relativePath) => File.ReadAllText(Sandbox.Join(relativePath));
            }
            """,
            """
            using System;
            using System.IO;

            namespace Contoso.Workspace;

            internal static class Sandbox
            {
                private static readonly string Root = Path.GetFullPath("/workspace") + Path.DirectorySeparatorChar;

                public static string Resolve(string relative)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, relative));
                    if (!full.StartsWith(Root, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(relative);
                    }

                    return full;
                }

                public static string Join(string relative) => Path.Combine(Root, relative);
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Workspace.WorkspacePlugin.ReadFile", "path containment check in Contoso.Workspace.Sandbox.Resolve");
        RiskAssert.Error(result, Rule, Risk, "Contoso.Workspace.WorkspacePlugin.ReadFileUnchecked", "System.IO.File.ReadAllText");
    }

    [Fact]
    public void AWriterInAnotherFileBehindAnInterfaceIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Notes;

            public interface INoteStore
            {
                Task SaveAsync(string name, string text);
            }

            [McpServerToolType]
            public sealed class NoteTools
            {
                private readonly INoteStore _store;

                public NoteTools(INoteStore store) => _store = store;

                [McpServerTool(Name = "save_note")]
                public Task SaveNote(string title, string body) => _store.SaveAsync(title + ".md", body);
            }
            """,
            """
            using System.IO;
            using System.Threading.Tasks;

            namespace Contoso.Notes;

            public sealed class DiskNoteStore : INoteStore
            {
                public Task SaveAsync(string name, string text) => File.WriteAllTextAsync(Path.Combine("/data/notes", name), text);
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Notes.NoteTools.SaveNote", "System.IO.File.WriteAllTextAsync");
        Assert.Contains("Contoso.Notes.DiskNoteStore.SaveAsync", finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void PartialClassLinqLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Linq;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Files;

            [McpServerToolType]
            public sealed partial class FileTools
            {
                [McpServerTool(Name = "cat")]
                public string Cat(string path) => ReadText(path);

                [McpServerTool(Name = "cat_many")]
                public string[] CatMany(string[] paths) => paths.Select(p => System.IO.File.ReadAllText(p)).ToArray();

                [McpServerTool(Name = "remove")]
                public Task Remove(string path) => Task.Run(() => _delete(path));
            }
            """,
            """
            using System;
            using System.IO;

            namespace Contoso.Files;

            public sealed partial class FileTools
            {
                private readonly Action<string> _delete = target => File.Delete(target);

                private static string ReadText(string file) => File.ReadAllText(file);
            }
            """);

        var partial = RiskAssert.Error(result, Rule, Risk, "Contoso.Files.FileTools.Cat", "System.IO.File.ReadAllText");
        Assert.Equal(new[] { "Contoso.Files.FileTools.Cat", "Contoso.Files.FileTools.ReadText", "System.IO.File.ReadAllText" }, partial.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Files.FileTools.CatMany", "System.IO.File.ReadAllText");
        var field = RiskAssert.Error(result, Rule, Risk, "Contoso.Files.FileTools.Remove", "System.IO.File.Delete");
        Assert.Contains("Contoso.Files.FileTools._delete", field.Trace);
    }

    [Fact]
    public void AFileOpenedThroughReflectionByConstantNameIsFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Reflect;

            [McpServerToolType]
            public static class ReflectTools
            {
                [McpServerTool(Name = "load")]
                public static string Load(string path) =>
                    (string)typeof(File).GetMethod("ReadAllText", new[] { typeof(string) })!.Invoke(null, new object[] { path })!;
            }
            """);

        Assert.Contains("filesystem.read", result.CapabilitiesOf("Contoso.Reflect.ReflectTools.Load"));
        RiskAssert.Error(result, Rule, Risk, "Contoso.Reflect.ReflectTools.Load", "System.IO.File.ReadAllText");
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System.IO;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class CleanupTools
            {
            #pragma warning disable MEAI001
                public static AIFunction Delete() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string path) => File.Delete(path), "delete_file"));
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.CleanupTools.Delete.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }
}
