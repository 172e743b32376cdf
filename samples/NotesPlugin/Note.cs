namespace Contoso.Plugins.Notes;

public sealed class Note
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public bool Pinned { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"[{Id}] {(Pinned ? "* " : "")}{Title}: {Body}";
}
