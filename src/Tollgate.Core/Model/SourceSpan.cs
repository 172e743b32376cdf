using System;

namespace Tollgate.Model;

/// <summary>A place in a scanned file: path as the host gave it, 1-based line and column.</summary>
public sealed record SourceSpan(string Path, int Line, int Column) : IComparable<SourceSpan>
{
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
