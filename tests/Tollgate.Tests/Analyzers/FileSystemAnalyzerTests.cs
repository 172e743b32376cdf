using System.Threading.Tasks;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG3001 (model-chosen paths), TG3100 (reads) and TG3101 (writes) on the file call.</summary>
public sealed class FileSystemAnalyzerTests
{
    private const string ReadAllText = "System.IO.File.ReadAllText";

    [Fact]
    public async Task AModelPathReadIsAWarningOnTheRead()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "read_doc")]
                public static string ReadDoc(string path) => {|#0:File.ReadAllText(Path.Combine(Root, path))|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG3001", 0, "Tool 'read_doc' (mcp): model-controlled parameter 'path' reaches the path of " + ReadAllText));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3100", 0, "read_doc", "mcp", "filesystem.read", ReadAllText));

        await test.RunAsync();
    }

    [Fact]
    public async Task AModelPathWrittenIsAWarningOnTheWrite()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System.IO;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "save_doc")]
                public static async Task SaveDoc(string name, string content) => await {|#0:File.WriteAllTextAsync(Path.Combine(Root, name), content)|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG3001", 0, "Tool 'save_doc' (mcp): model-controlled parameter 'name' reaches the path of System.IO.File.WriteAllTextAsync"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3101", 0, "save_doc", "mcp", "filesystem.write", "System.IO.File.WriteAllTextAsync"));

        await test.RunAsync();
    }

    [Fact]
    public async Task AFileNameOnlyCannotTraverse()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "read_by_name")]
                public static string ReadByName(string fileName) => {|#0:File.ReadAllText(Path.Combine(Root, Path.GetFileName(fileName)))|};

                [McpServerTool(Name = "append_changelog")]
                public static void AppendChangelog(string entry) => {|#1:File.AppendAllText("/srv/docs/CHANGELOG.md", entry)|};
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3100", 0, "read_by_name", "mcp", "filesystem.read", ReadAllText));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3101", 1, "append_changelog", "mcp", "filesystem.write", "System.IO.File.AppendAllText"));

        await test.RunAsync();
    }

    [Fact]
    public async Task ContainmentUnderARootMitigates()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System;
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "read_doc_contained")]
                public static string ReadDocContained(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(path);
                    }

                    return {|#0:File.ReadAllText(full)|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG3001", 0,
            "Tool 'read_doc_contained' (mcp): model-controlled parameter 'path' reaches the path of " + ReadAllText,
            "path containment check in Contoso.Docs.DocsTools.ReadDocContained"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3100", 0, "read_doc_contained", "mcp", "filesystem.read", ReadAllText));

        await test.RunAsync();
    }

    [Fact]
    public async Task APrefixCheckWithoutTheSeparatorIsStillAWarning()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System;
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "read_doc_prefix")]
                public static string ReadDocPrefix(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    if (!full.StartsWith(Root, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(path);
                    }

                    return {|#0:File.ReadAllText(full)|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG3001", 0,
            "Tool 'read_doc_prefix' (mcp): model-controlled parameter 'path' reaches the path of " + ReadAllText
            + "; the StartsWith check on the way does not include the directory separator, so it is not containment"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3100", 0, "read_doc_prefix", "mcp", "filesystem.read", ReadAllText));

        await test.RunAsync();
    }

    [Fact]
    public async Task CombiningPathsWithoutTouchingFilesHasNoDiagnostic()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                private const string Root = "/srv/docs";

                [McpServerTool(Name = "doc_link")]
                public static string DocLink(string path) => "file://" + Path.Combine(Root, path).Replace('\\', '/');
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task AReadFollowedByAStringCallIsLocatedOnTheRead()
    {
        var test = new AnalyzerTest<FileSystemAnalyzer>(
            """
            using System.IO;
            using ModelContextProtocol.Server;

            namespace Contoso.Docs;

            [McpServerToolType]
            public static class DocsTools
            {
                [McpServerTool(Name = "read_trimmed")]
                public static string ReadTrimmed(string path) => {|#0:File.ReadAllText(path)|}.Trim();
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG3001", 0, "Tool 'read_trimmed' (mcp): model-controlled parameter 'path' reaches the path of " + ReadAllText));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG3100", 0, "read_trimmed", "mcp", "filesystem.read", ReadAllText));

        await test.RunAsync();
    }
}
