using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;

namespace Tollgate.Analysis;

/// <summary>What the catalog says about data: sources, sanitizers, guards; shared by the source and the IL taint analyses.</summary>
internal sealed class TaintRules
{
    /// <summary>A call that only logs (or asserts): a branch doing nothing else cannot stop anything.</summary>
    public static bool IsLoggingName(string name) =>
        name is "WriteLine" or "Write" or "Assert" or "Debug" or "Info" or "Information" or "Warn" or "Warning" or "Error" or "Fatal" or "Verbose"
        || name.StartsWith("Log", StringComparison.Ordinal) || name.StartsWith("Trace", StringComparison.Ordinal);

    /// <summary>An option of a comparison (an enum such as <c>StringComparison</c>, a flag, a number), never the value compared.</summary>
    public static bool IsOption(ITypeSymbol? type) =>
        type is { TypeKind: TypeKind.Enum } || type?.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double;

    private static readonly HashSet<string> Shells = new(StringComparer.OrdinalIgnoreCase)
    {
        "sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/usr/bin/env",
    };

    private readonly ProjectContext _context;
    private readonly Dictionary<string, List<SymbolId>> _sanitizers;
    private readonly Dictionary<string, List<GuardEntry>> _guards;

    public TaintRules(ProjectContext context)
    {
        _context = context;
        _sanitizers = context.Catalog.Sanitizers.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _guards = context.Catalog.Guards.Where(g => g.Symbol.Kind == SymbolIdKind.Method)
            .GroupBy(g => g.Symbol.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public static bool IsShell(string program) => Shells.Contains(program.Trim());

    private static readonly HashSet<string> Comparisons = new(StringComparer.Ordinal) { "StartsWith", "Equals", "SequenceEqual", "FixedTimeEquals", "op_Equality", "op_Inequality" };

    /// <summary>Whether a method of that name (as metadata writes it) can be a source, sanitizer, guard or check: the test before binding it.</summary>
    public bool MayApply(string memberName)
    {
        var name = memberName.StartsWith("get_", StringComparison.Ordinal) ? memberName.Substring(4) : memberName;
        return Comparisons.Contains(name) || _sanitizers.ContainsKey(name) || _guards.ContainsKey(name) || _context.Catalog.TryGetMemberSources(name, out _);
    }

    public bool IsSanitizer(IMethodSymbol method) =>
        _sanitizers.TryGetValue(method.Name, out var ids) && method.ContainingType is { } type
        && ids.Any(id => id.Container == _context.Names.TypeId(type));

    public GuardKind? GuardOf(IMethodSymbol method)
    {
        if (!_guards.TryGetValue(method.Name, out var entries))
        {
            return null;
        }

        for (var current = method; current != null; current = current.OverriddenMethod)
        {
            var typeId = current.ContainingType == null ? "" : _context.Names.TypeId(current.ContainingType);
            foreach (var entry in entries)
            {
                if (entry.Symbol.Container == typeId)
                {
                    return entry.Kind;
                }
            }
        }

        // Interface members implemented by the receiver's type (HashSet<T>.Contains through ISet<T>).
        foreach (var iface in method.ContainingType?.AllInterfaces ?? Enumerable.Empty<INamedTypeSymbol>())
        {
            var ifaceId = _context.Names.TypeId(iface);
            if (entries.Any(e => e.Symbol.Container == ifaceId))
            {
                return entries.First(e => e.Symbol.Container == ifaceId).Kind;
            }
        }

        return null;
    }

    public ulong SourceLabels(IMethodSymbol? method, ISymbol symbol)
    {
        var candidate = method ?? symbol;
        if (!_context.Catalog.TryGetMemberSources(candidate.Name, out var sources))
        {
            return 0;
        }

        ulong labels = 0;
        for (var type = candidate.ContainingType; type != null; type = type.BaseType)
        {
            var typeId = _context.Names.TypeId(type);
            foreach (var source in sources)
            {
                if (source.Symbol.Container == typeId)
                {
                    labels |= Labels.OfSource(source.Kind);
                }
            }
        }

        return labels;
    }

    /// <summary>Types that cannot carry an injection: numbers, booleans, enums, dates, GUIDs.</summary>
    public static bool CarriesNoText(ITypeSymbol? type) => type != null && (type.TypeKind == TypeKind.Enum || type.SpecialType switch
    {
        SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single
            or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_Void or SpecialType.System_DateTime => true,
        _ => type.Name is "Guid" or "TimeSpan" or "DateTimeOffset" && type.ContainingNamespace?.Name == "System",
    });

    /// <summary>
    /// Data in the URL cannot choose the host: an absolute URL whose host is written (<see cref="HasConstantHost"/>), or a relative
    /// one (<c>v1/items/{id}</c>, <c>/search?q={q}</c>) whose written start already ends its scheme-or-path part, so the data can
    /// neither make it absolute nor network-path (<c>//host</c>): it resolves against the client's base address.
    /// </summary>
    public static bool HostIsFixed(string url) => url.Split('\n').All(candidate => HasConstantHost(candidate) || IsAnchoredRelative(candidate));

    private static bool IsAnchoredRelative(string url)
    {
        var unknown = url.IndexOf('*');
        var written = unknown < 0 ? url : url.Substring(0, unknown);
        var end = written.IndexOfAny(new[] { '/', '?', '#' });
        return end >= 0 && written.IndexOf(':') is var colon && (colon < 0 || colon > end)
            && !written.StartsWith("//", StringComparison.Ordinal) && written.IndexOf('\\') < 0 && (end > 0 || written.Length > 1 || unknown < 0);
    }

    /// <summary><c>https://api.example.com/…</c> with the host written as a constant (every possible value, one per line).</summary>
    public static bool HasConstantHost(string url)
    {
        foreach (var candidate in url.Split('\n'))
        {
            var scheme = candidate.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0 || candidate.Substring(0, scheme).IndexOf('*') >= 0)
            {
                return false;
            }

            var hostEnd = candidate.IndexOf('/', scheme + 3);
            var host = hostEnd < 0 ? candidate.Substring(scheme + 3) : candidate.Substring(scheme + 3, hostEnd - scheme - 3);
            if (hostEnd < 0 || host.Length == 0 || host.IndexOf('*') >= 0 || host.IndexOf('@') >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
