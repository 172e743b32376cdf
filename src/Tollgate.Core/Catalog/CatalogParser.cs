using System;
using System.Collections.Generic;
using System.Linq;
using Tollgate.Model;

namespace Tollgate.Catalog;

/// <summary>Reads the line format of rules/catalog/README.md. Never throws on content: bad lines become errors.</summary>
internal static class CatalogParser
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal)
    {
        "command", "arguments", "url", "host", "port", "path", "code", "payload", "query", "model", "input", "startinfo", "pickle",
    };

    private static readonly HashSet<string> SourceKinds = new(StringComparer.Ordinal)
    {
        "secret", "environment", "file", "network", "clipboard",
    };

    private static readonly HashSet<string> AttributeFields = new(StringComparer.Ordinal)
    {
        "name", "description", "title", "readOnly", "destructive", "idempotent", "openWorld",
    };

    private static readonly HashSet<string> FactoryFields = new(StringComparer.Ordinal)
    {
        "delegate", "name", "description", "options", "title", "readOnly", "destructive", "idempotent", "openWorld",
    };

    internal sealed class Result
    {
        public List<ApiEntry> Apis { get; } = new();
        public List<SourceEntry> Sources { get; } = new();
        public List<EntryDeclaration> Entries { get; } = new();
        public List<string> SecretPaths { get; } = new();
        public List<string> ModelUrls { get; } = new();
        public List<string> Injected { get; } = new();
        public Dictionary<string, string> Describe { get; } = new(StringComparer.Ordinal);
        public List<SymbolId> Sanitizers { get; } = new();
        public List<GuardEntry> Guards { get; } = new();
        public List<string> UnsafeModelFiles { get; } = new();
        public List<TextPattern> Injections { get; } = new();
        public List<ClaimPattern> Claims { get; } = new();
        public List<CatalogError> Errors { get; } = new();
    }

    public static Result Parse(string fileName, string text)
    {
        var result = new Result();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var origin = new CatalogOrigin(fileName, i + 1);
            var line = lines[i];
            line = StripComment(line);

            var words = line.Split(new[] { ' ', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            string? error;
            try
            {
                error = ParseLine(words, line, origin, result);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                error = ex.Message;
            }

            if (error != null)
            {
                result.Errors.Add(new CatalogError(origin, error));
            }
        }

        return result;
    }

    private static string? ParseLine(string[] words, string line, CatalogOrigin origin, Result result)
    {
        switch (words[0])
        {
            case "sanitizer":
                if (words.Length != 2) return "expected: sanitizer <symbol-id>";
                if (!SymbolId.TryParse(words[1], out var sanitizerId, out var sanitizerError)) return sanitizerError;
                result.Sanitizers.Add(sanitizerId!);
                return null;
            case "guard":
                if (words.Length != 3) return "expected: guard allow-list|containment|digest|approval <symbol-id>";
                GuardKind kind;
                switch (words[1])
                {
                    case "allow-list": kind = GuardKind.AllowList; break;
                    case "containment": kind = GuardKind.Containment; break;
                    case "digest": kind = GuardKind.Digest; break;
                    case "approval": kind = GuardKind.Approval; break;
                    default: return $"unknown guard kind '{words[1]}' (known: allow-list, containment, digest, approval)";
                }

                if (!SymbolId.TryParse(words[2], out var guardId, out var guardError)) return guardError;
                result.Guards.Add(new GuardEntry(kind, guardId!, origin));
                return null;
            case "unsafe-model":
                if (words.Length != 2) return "expected: unsafe-model <file-name fragment>";
                result.UnsafeModelFiles.Add(words[1]);
                return null;
            case "injection":
                return TryPattern(RestOfLine(line, 1), origin, out var injection, out var injectionError) ? Add(result.Injections, injection!) : injectionError;
            case "claim":
                if (words.Length < 3) return "expected: claim <capability> <pattern>";
                if (!Capabilities.IsKnown(words[1])) return $"unknown capability '{words[1]}' (known: {string.Join(", ", Capabilities.All)})";
                if (!TryPattern(RestOfLine(line, 2), origin, out var claim, out var claimError)) return claimError;
                result.Claims.Add(new ClaimPattern(words[1], claim!));
                return null;
            case "api":
                return ParseApi(words, origin, result);
            case "source":
                if (words.Length != 3) return "expected: source <kind> <symbol-id>";
                if (!SourceKinds.Contains(words[1])) return $"unknown source kind '{words[1]}' (known: {string.Join(", ", SourceKinds.OrderBy(k => k, StringComparer.Ordinal))})";
                if (!SymbolId.TryParse(words[2], out var sourceId, out var sourceError)) return sourceError;
                result.Sources.Add(new SourceEntry(words[1], sourceId!, origin));
                return null;
            case "secret-path":
                if (words.Length != 2) return "expected: secret-path <fragment>";
                result.SecretPaths.Add(words[1]);
                return null;
            case "model-url":
                if (words.Length != 2) return "expected: model-url <fragment>";
                result.ModelUrls.Add(words[1]);
                return null;
            case "inject":
                if (words.Length != 2) return "expected: inject <type-id>";
                if (!SymbolId.TryParse(words[1], out var injectId, out var injectError)) return injectError;
                if (injectId!.Kind != SymbolIdKind.Type) return $"'{words[1]}': inject takes a type id (T:)";
                result.Injected.Add(injectId.FullName);
                return null;
            case "describe":
                if (words.Length < 2 || words.Length > 3) return "expected: describe <attribute-type-id> [description=<argument>]";
                if (!SymbolId.TryParse(words[1], out var describeId, out var describeError)) return describeError;
                if (describeId!.Kind != SymbolIdKind.Type) return $"'{words[1]}': describe takes a type id (T:)";
                var argument = "#0";
                if (words.Length == 3)
                {
                    if (!TrySplitPair(words[2], out var key, out var value) || key != "description") return $"'{words[2]}': expected description=<argument>";
                    argument = value;
                }

                result.Describe[describeId.FullName] = argument;
                return null;
            case "entry":
                return ParseEntry(words, origin, result);
            default:
                return $"unknown directive '{words[0]}' (known: api, source, secret-path, model-url, entry, inject, describe, sanitizer, guard, unsafe-model, injection, claim)";
        }
    }

    private static string? ParseApi(string[] words, CatalogOrigin origin, Result result)
    {
        if (words.Length < 3) return "expected: api <capability> <symbol-id> [role=parameter...]";
        if (!Capabilities.IsKnown(words[1])) return $"unknown capability '{words[1]}' (known: {string.Join(", ", Capabilities.All)})";
        if (!SymbolId.TryParse(words[2], out var id, out var idError)) return idError;

        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        ArgumentCondition? condition = null;
        for (var i = 3; i < words.Length; i++)
        {
            if (!TrySplitPair(words[i], out var key, out var value)) return $"'{words[i]}': expected <role>=<parameter>";
            if (key == "if" || key == "unless")
            {
                if (condition != null) return "only one if= or unless= per entry";
                var colon = value.IndexOf(':');
                if (colon <= 0 || colon == value.Length - 1) return $"'{words[i]}': expected {key}=<parameter>:<Value>[|<Value>...]";
                var subject = value.Substring(0, colon);
                var dot = subject.IndexOf('.');
                if (dot == 0 || dot == subject.Length - 1) return $"'{words[i]}': expected {key}=<parameter>[.<Property>]:<Value>[|<Value>...]";
                condition = dot < 0
                    ? new ArgumentCondition(subject, value.Substring(colon + 1).Split('|'), key == "unless")
                    : new ArgumentCondition(subject.Substring(0, dot), value.Substring(colon + 1).Split('|'), key == "unless") { Property = subject.Substring(dot + 1) };
                continue;
            }

            if (!Roles.Contains(key)) return $"unknown role '{key}' (known: {string.Join(", ", Roles.OrderBy(r => r, StringComparer.Ordinal))})";
            if (roles.ContainsKey(key)) return $"role '{key}' is given twice";
            var parameters = value.Split(',');
            if (parameters.Any(p => p.Length == 0)) return $"'{words[i]}': empty parameter name";
            roles[key] = parameters;
        }

        result.Apis.Add(new ApiEntry(words[1], id!, roles, condition, origin));
        return null;
    }

    private static string? ParseEntry(string[] words, CatalogOrigin origin, Result result)
    {
        if (words.Length < 4) return "expected: entry <framework> attribute|factory <symbol-id> [field=argument...]";
        if (!Frameworks.IsKnown(words[1])) return $"unknown framework '{words[1]}' (known: {string.Join(", ", Frameworks.All)})";
        EntryDeclarationKind kind;
        HashSet<string> allowed;
        switch (words[2])
        {
            case "attribute": kind = EntryDeclarationKind.Attribute; allowed = AttributeFields; break;
            case "factory": kind = EntryDeclarationKind.Factory; allowed = FactoryFields; break;
            default: return $"unknown entry kind '{words[2]}' (known: attribute, factory)";
        }

        if (!SymbolId.TryParse(words[3], out var id, out var idError)) return idError;
        if (kind == EntryDeclarationKind.Attribute && id!.Kind != SymbolIdKind.Type) return $"'{words[3]}': an attribute entry takes a type id (T:)";
        if (kind == EntryDeclarationKind.Factory && id!.Kind != SymbolIdKind.Method) return $"'{words[3]}': a factory entry takes a method id (M:)";

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 4; i < words.Length; i++)
        {
            if (!TrySplitPair(words[i], out var key, out var value)) return $"'{words[i]}': expected <field>=<argument>";
            if (!allowed.Contains(key)) return $"unknown field '{key}' for a {words[2]} entry (known: {string.Join(", ", allowed.OrderBy(f => f, StringComparer.Ordinal))})";
            fields[key] = value;
        }

        if (kind == EntryDeclarationKind.Factory && !fields.ContainsKey("delegate")) return "a factory entry names its delegate parameter (delegate=<parameter>)";
        result.Entries.Add(new EntryDeclaration(words[1], kind, id!, fields, origin));
        return null;
    }

    private static string? Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return null;
    }

    /// <summary>The text after the first <paramref name="skip"/> words: patterns may contain spaces.</summary>
    private static string RestOfLine(string line, int skip)
    {
        var index = 0;
        for (var word = 0; word < skip; word++)
        {
            while (index < line.Length && char.IsWhiteSpace(line[index])) index++;
            while (index < line.Length && !char.IsWhiteSpace(line[index])) index++;
        }

        return line.Substring(index).Trim();
    }

    private static bool TryPattern(string pattern, CatalogOrigin origin, out TextPattern? result, out string? error)
    {
        result = null;
        error = null;
        if (pattern.Length == 0)
        {
            error = "expected a pattern (a .NET regular expression, matched case-insensitively)";
            return false;
        }

        try
        {
            var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            result = new TextPattern(pattern, regex, origin);
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"'{pattern}' is not a valid regular expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>A '#' that begins a word starts a comment; inside a word (<c>#ctor</c>, <c>name=#0</c>) it is text.</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line.Substring(0, i);
            }
        }

        return line;
    }

    private static bool TrySplitPair(string word, out string key, out string value)
    {
        var eq = word.IndexOf('=');
        if (eq <= 0 || eq == word.Length - 1)
        {
            key = value = "";
            return false;
        }

        key = word.Substring(0, eq);
        value = word.Substring(eq + 1);
        return true;
    }
}
