using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Engine.Reachability;

/// <summary>Generic types and methods: traces name them without arity; constrained calls dispatch.</summary>
public sealed class GenericTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.IO;
        using System.Text.Json;
        using Microsoft.SemanticKernel;

        namespace Contoso.Data;

        public interface IEntity { string Id { get; } }
        public interface ICleanup { void Run(); }

        public sealed record Note(string Id, string Text) : IEntity;

        public sealed class TempCleanup : ICleanup
        {
            public void Run() => Directory.Delete(Path.GetTempPath() + "contoso", true);
        }

        public sealed class JsonRepository<T> where T : IEntity
        {
            private readonly string _folder;
            public JsonRepository(string folder) { _folder = folder; }
            public void Save(T entity) => File.WriteAllText(Path.Combine(_folder, entity.Id + ".json"), JsonSerializer.Serialize(entity));
            public int Count(IEnumerable<T> items) { var n = 0; foreach (var _ in items) n++; return n; }
        }

        public static class Jobs
        {
            public static void Execute<TJob>() where TJob : ICleanup, new() => new TJob().Run();
            public static T Identity<T>(T value) => value;
            public static T Load<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path))!;
        }

        public sealed class NotesPlugin
        {
            [KernelFunction] public void SaveNote(string id, string text) => new JsonRepository<Note>("/data/notes").Save(new Note(id, text));
            [KernelFunction] public int CountNotes(List<Note> notes) => new JsonRepository<Note>("/data/notes").Count(notes);
            [KernelFunction] public void Cleanup() => Jobs.Execute<TempCleanup>();
            [KernelFunction] public string Echo(string text) => Jobs.Identity(text);
        }
        """;

    [Fact]
    public void AMethodOfAGenericTypeIsReachedAndNamedWithoutArity()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(new[] { "filesystem.write" }, result.CapabilitiesOf("Contoso.Data.NotesPlugin.SaveNote"));
        Assert.Equal(
            new[] { "Contoso.Data.NotesPlugin.SaveNote", "Contoso.Data.JsonRepository.Save", "System.IO.File.WriteAllText" },
            result.Trace("Contoso.Data.NotesPlugin.SaveNote", "filesystem.write").Trace);
    }

    [Fact]
    public void AConstrainedCallOnATypeParameterReachesTheImplementations()
    {
        var result = Scan.Sources(Source);

        Assert.Equal(
            new[] { "Contoso.Data.NotesPlugin.Cleanup", "Contoso.Data.Jobs.Execute", "Contoso.Data.TempCleanup.Run", "System.IO.Directory.Delete" },
            result.Trace("Contoso.Data.NotesPlugin.Cleanup", "filesystem.write").Trace);
    }

    [Fact]
    public void HarmlessGenericMembersAddNothing()
    {
        var result = Scan.Sources(Source);

        Assert.Empty(result.CapabilitiesOf("Contoso.Data.NotesPlugin.CountNotes"));
        Assert.Empty(result.CapabilitiesOf("Contoso.Data.NotesPlugin.Echo"));
    }

    [Fact]
    public void AGenericMethodNoToolCallsIsUnreached()
    {
        var result = Scan.Sources(Source);

        var load = Assert.Single(result.Unreached());
        Assert.Equal(new[] { "Contoso.Data.Jobs.Load", "System.IO.File.ReadAllText" }, load.Trace);
    }
}
