using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Tollgate.Cli.Policy;

/// <summary>
/// The JSON files a team commits and reviews (baseline, lockfile): written sorted, indented with '\n' and without
/// timestamps so the same input writes the same bytes; read with bounds, and with a clear reason when they are not usable.
/// </summary>
internal static class ReviewedFile
{
    private const long MaxBytes = 64L * 1024 * 1024;

    // Relaxed escaping: quotes and non-ASCII stay readable in a pull request's diff; the file is never embedded in HTML.
    public static Utf8JsonWriter Writer(Stream output) =>
        new(output, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Writes the file: its header (schema version, tool), what <paramref name="body"/> writes, and a final newline.</summary>
    public static void Write(Stream output, Action<Utf8JsonWriter> body)
    {
        using var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", 1);
        writer.WriteString("tool", "tollgate");
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static List<string> Strings(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : new List<string>();

    /// <summary>The document's root when it is this kind of file at schema version 1 with the named list; else <see cref="InvalidDataException"/>.</summary>
    public static JsonDocument Read(string file, string kind, string list)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new InvalidDataException($"{kind} '{file}' does not exist");
        }

        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"{kind} '{file}' is above the {MaxBytes / (1024 * 1024)} MiB limit");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{kind} '{file}' is not valid JSON: {ex.Message}");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number) || number != 1 || !root.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new InvalidDataException($"{kind} '{file}' is not a tollgate {kind} (schemaVersion 1 with a {list} list)");
        }

        return document;
    }

    public static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
