using System.Text.Json;

namespace Tollgate.Cli.Reporting;

/// <summary>Writes a property as JSON null when it has no value, as the report contract spells absent fields.</summary>
internal static class JsonWriting
{
    public static void WriteNullable(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value == null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    public static void WriteNullable(this Utf8JsonWriter writer, string name, bool? value)
    {
        if (value == null) writer.WriteNull(name);
        else writer.WriteBoolean(name, value.Value);
    }
}
