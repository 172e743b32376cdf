using System;

namespace Tollgate.Model;

/// <summary>A place in a scanned file: path as the host gave it, 1-based line and column.</summary>
public sealed record SourceSpan(string Path, int Line, int Column) : IComparable<SourceSpan>
{
    /// <summary>Length in characters of the code found there (a call, an attribute), 0 when unknown. Not part of its identity.</summary>
    public int Length { get; init; }

    public bool Equals(SourceSpan? other) => other is not null && Line == other.Line && Column == other.Column && string.Equals(Path, other.Path, StringComparison.Ordinal);

    public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Path) * 397) ^ (Line * 31) ^ Column;

    public int CompareTo(SourceSpan? other)
    {
        if (other is null) return 1;
        var c = string.CompareOrdinal(Path, other.Path);
        if (c != 0) return c;
        c = Line.CompareTo(other.Line);
        return c != 0 ? c : Column.CompareTo(other.Column);
    }

    public override string ToString() => $"{Path}({Line},{Column})";
}
