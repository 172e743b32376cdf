using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>A call through an interface reaches the implementations declared in the scan.</summary>
public sealed class InterfaceDispatchTests
{
    private const string Source = """
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        namespace Contoso.Notes;

        public interface INoteStore
        {
            Task SaveAsync(string name, string text);
        }

        public interface IExporter
        {
            void Export(string name);
        }

        public sealed class DiskNoteStore : INoteStore
        {
            public Task SaveAsync(string name, string text) => File.WriteAllTextAsync(Path.Combine("notes", name), text);
        }

        public sealed class CloudNoteStore : INoteStore
        {
            private readonly HttpClient _http = new HttpClient();
            public Task SaveAsync(string name, string text) => _http.PutAsync("https://notes.example/" + name, new StringContent(text));
        }

        public sealed class PandocExporter : IExporter
        {
            void IExporter.Export(string name) => Process.Start("pandoc", name);
        }

        // Same method name and shape, but not an INoteStore: a call through INoteStore cannot land here.
        public sealed class ShellHistory
        {
            public Task SaveAsync(string name, string text) { Process.Start("history", "-w " + name); return Task.CompletedTask; }
        }

        public sealed class NotesPlugin
        {
            private readonly INoteStore _store;
            private readonly IExporter _exporter;

            public NotesPlugin(INoteStore store, IExporter exporter)
            {
                _store = store;
                _exporter = exporter;
            }

            [KernelFunction]
            public Task SaveNoteAsync(string name, string text) => _store.SaveAsync(name, text);

            [KernelFunction]
            public void ExportNote(string name) => _exporter.Export(name);
        }
        """;

    [Fact]
    public void AnInterfaceCallReachesEveryImplementation()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write", "network.outbound" }, result.CapabilitiesOf("Contoso.Notes.NotesPlugin.SaveNoteAsync"));
        Assert.Equal(
            new[] { "Contoso.Notes.NotesPlugin.SaveNoteAsync", "Contoso.Notes.DiskNoteStore.SaveAsync", "System.IO.File.WriteAllTextAsync" },
            result.Trace("Contoso.Notes.NotesPlugin.SaveNoteAsync", "filesystem.write").Trace);
        Assert.Equal("Contoso.Notes.CloudNoteStore.SaveAsync", result.Trace("Contoso.Notes.NotesPlugin.SaveNoteAsync", "network.outbound").Trace[1]);
    }

    [Fact]
    public void AnExplicitInterfaceImplementationIsReached()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "process.exec" }, result.CapabilitiesOf("Contoso.Notes.NotesPlugin.ExportNote"));
        Assert.Equal("System.Diagnostics.Process.Start", result.Trace("Contoso.Notes.NotesPlugin.ExportNote", "process.exec").Trace[^1]);
    }

    [Fact]
    public void AClassWithTheSameMethodThatDoesNotImplementTheInterfaceIsNotReached()
    {
        var result = Scan.Sources(Source);

        Assert.DoesNotContain("process.exec", result.CapabilitiesOf("Contoso.Notes.NotesPlugin.SaveNoteAsync"));
        Assert.Contains(result.Unreached(), f => f.Trace[0] == "Contoso.Notes.ShellHistory.SaveAsync" && f.Capability == "process.exec");
    }
}
