using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace Contoso.Plugins.Notes;

/// <summary>
/// In-memory notes for an agent session.
/// Usage: <c>kernel.Plugins.AddFromObject(new NotesPlugin(loggerFactory.CreateLogger&lt;NotesPlugin&gt;()), "notes");</c>
/// </summary>
public sealed class NotesPlugin
{
    private readonly ConcurrentDictionary<string, Note> _notes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger<NotesPlugin> _logger;
    private int _nextId;

    public NotesPlugin(ILogger<NotesPlugin>? logger = null) => _logger = logger ?? NullLogger<NotesPlugin>.Instance;

    /// <summary>Number of active notes: computed on every read.</summary>
    public int ActiveCount => _notes.Values.Count(n => !n.Archived);

    [KernelFunction("add_note"), Description("Saves a note and returns its id.")]
    public string AddNote(
        [Description("Short title.")] string title,
        [Description("Note text.")] string body)
    {
        string id = $"n{Interlocked.Increment(ref _nextId)}";
        _notes[id] = new Note { Id = id, Title = title, Body = body };
        _logger.LogInformation("Added note {Id} ({Count} active)", id, ActiveCount);
        return id;
    }

    [KernelFunction, Description("Lists notes, pinned first.")]
    public string ListNotes([Description("Include archived notes.")] bool includeArchived = false)
    {
        var notes = _notes.Values
            .Where(n => includeArchived || !n.Archived)
            .OrderByDescending(n => n.Pinned)
            .ThenBy(n => n.Created)
            .Select(n => n.ToString())
            .ToList();

        return notes.Count == 0 ? "No notes." : $"{ActiveCount} active note(s):\n" + string.Join("\n", notes);
    }

    /// <summary>
    /// Named "exec" because the agent "executes" a note action. It only flips flags in memory.
    /// </summary>
    [KernelFunction("exec"), Description("Executes an action on a note: pin, unpin, archive or restore.")]
    public string Execute(
        [Description("The note id.")] string noteId,
        [Description("pin | unpin | archive | restore")] string action)
    {
        if (!_notes.TryGetValue(noteId, out var note))
        {
            return $"No note {noteId}.";
        }

        switch (action.Trim().ToLowerInvariant())
        {
            case "pin": note.Pinned = true; break;
            case "unpin": note.Pinned = false; break;
            case "archive": note.Archived = true; break;
            case "restore": note.Archived = false; break;
            default:
                // The log text mentions a shell command; nothing is run.
                _logger.LogWarning("Unknown note action '{Action}'. Notes are never shell commands: refusing things like 'rm -rf /'.", action);
                return "Unknown action. Use pin, unpin, archive or restore.";
        }

        return $"Done: {action} {noteId}.";
    }

    [KernelFunction, Description("Permanently removes a note from memory.")]
    private string DeleteNote(string noteId) =>
        _notes.TryRemove(noteId, out _) ? $"Deleted {noteId}." : $"No note {noteId}.";

    [KernelFunction, Description("Summarizes a note in one sentence using the current chat model.")]
    public async Task<string> SummarizeAsync(Kernel kernel, string noteId, CancellationToken cancellationToken = default)
    {
        if (!_notes.TryGetValue(noteId, out var note))
        {
            return $"No note {noteId}.";
        }

        var result = await kernel.InvokePromptAsync(
            "Summarize this note in one sentence:\n{{$body}}",
            new KernelArguments { ["body"] = note.Body },
            cancellationToken: cancellationToken);

        return result.GetValue<string>() ?? string.Empty;
    }
}
