using System;
using System.Collections.Generic;
using System.Linq;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>
/// A pool of ordinary static members over a module's types (LINQ, string processing, pattern matching,
/// iterators, async), drawn at random to give classes realistic bulk. Each can appear once per class.
/// </summary>
internal static class HelperMethods
{
    private sealed record Helper(string Name, string[] Usings, Func<ModuleSpec, string> Text);

    private static readonly string[] Collections = ["System", "System.Collections.Generic", "System.Linq"];

    private static readonly Helper[] Pool =
    [
        new("TotalsByStatus", Collections, m => $$"""
            public static IReadOnlyDictionary<{{m.Status}}, decimal> TotalsByStatus(IEnumerable<{{m.Entity}}> items)
            {
                ArgumentNullException.ThrowIfNull(items);
                return items
                    .GroupBy(item => item.Status)
                    .ToDictionary(group => group.Key, group => group.Sum(item => item.Amount));
            }
            """),
        new("RenderMarkdownTable", [.. Collections, "System.Globalization", "System.Text"], m => $$"""
            public static string RenderMarkdownTable(IReadOnlyCollection<{{m.Entity}}> items, int maxRows = 25)
            {
                var builder = new StringBuilder();
                builder.AppendLine("| Id | Name | Status | Amount |");
                builder.AppendLine("|---|---|---|---:|");
                foreach (var item in items.Take(maxRows))
                {
                    builder.Append("| ").Append(item.Id)
                        .Append(" | ").Append(item.Name.Replace("|", "\\|", StringComparison.Ordinal))
                        .Append(" | ").Append(item.Status)
                        .Append(" | ").Append(item.Amount.ToString("N2", CultureInfo.InvariantCulture))
                        .AppendLine(" |");
                }

                if (items.Count > maxRows)
                {
                    builder.Append("... and ").Append(items.Count - maxRows).AppendLine(" more.");
                }

                return builder.ToString();
            }
            """),
        new("TryParseSequence", ["System", "System.Globalization"], m => $$"""
            public static bool TryParseSequence(string? id, out int sequence)
            {
                sequence = 0;
                if (string.IsNullOrEmpty(id) || !id.StartsWith("{{m.Prefix}}-", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                var dash = id.LastIndexOf('-');
                var digits = id.AsSpan(dash + 1);
                return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
            }
            """),
        new("GroupByOwner", Collections, m => $$"""
            public static IEnumerable<IGrouping<string, {{m.Entity}}>> GroupByOwner(IEnumerable<{{m.Entity}}> items)
                => items
                    .GroupBy(item => string.IsNullOrWhiteSpace(item.Owner) ? "(unassigned)" : item.Owner!, StringComparer.OrdinalIgnoreCase)
                    .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase);
            """),
        new("Mask", ["System"], _ => """
            public static string Mask(string value, int visible = 4)
            {
                if (string.IsNullOrEmpty(value) || value.Length <= visible)
                {
                    return value;
                }

                return new string('*', value.Length - visible) + value[^visible..];
            }
            """),
        new("ToCsv", [.. Collections, "System.Globalization", "System.Text"], m => $$"""
            public static string ToCsv(IEnumerable<{{m.Entity}}> items)
            {
                var builder = new StringBuilder("id,name,status,amount,created,tags").AppendLine();
                foreach (var item in items)
                {
                    builder.Append(Escape(item.Id)).Append(',')
                        .Append(Escape(item.Name)).Append(',')
                        .Append(item.Status.ToString().ToLowerInvariant()).Append(',')
                        .Append(item.Amount.ToString(CultureInfo.InvariantCulture)).Append(',')
                        .Append(item.CreatedAt.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                        .Append(Escape(string.Join(';', item.Tags)))
                        .AppendLine();
                }

                return builder.ToString();

                static string Escape(string value)
                    => value.IndexOfAny(new[] { ',', '"', '\n' }) >= 0
                        ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                        : value;
            }
            """),
        new("BuildTagIndex", Collections, m => $$"""
            public static Dictionary<string, List<{{m.Entity}}>> BuildTagIndex(IEnumerable<{{m.Entity}}> items)
            {
                var index = new Dictionary<string, List<{{m.Entity}}>>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in items)
                {
                    foreach (var tag in item.Tags.Where(static t => !string.IsNullOrWhiteSpace(t)))
                    {
                        if (!index.TryGetValue(tag, out var bucket))
                        {
                            bucket = new List<{{m.Entity}}>();
                            index.Add(tag, bucket);
                        }

                        bucket.Add(item);
                    }
                }

                return index;
            }
            """),
        new("ApplyDiscount", ["System", "System.Globalization"], _ => """
            public static decimal ApplyDiscount(decimal amount, string? code) => code?.Trim().ToUpperInvariant() switch
            {
                null or "" => amount,
                "WELCOME10" => Math.Round(amount * 0.9m, 2, MidpointRounding.AwayFromZero),
                "HALF" => Math.Round(amount / 2, 2, MidpointRounding.AwayFromZero),
                var other when other.StartsWith("FLAT", StringComparison.Ordinal)
                    && decimal.TryParse(other.AsSpan(4), NumberStyles.Number, CultureInfo.InvariantCulture, out var flat) => Math.Max(0, amount - flat),
                _ => amount,
            };
            """),
        new("AmountStatistics", Collections, m => $$"""
            public static (decimal Min, decimal Max, decimal Average, decimal Median) AmountStatistics(IReadOnlyList<{{m.Entity}}> items)
            {
                if (items.Count == 0)
                {
                    return (0, 0, 0, 0);
                }

                var sorted = items.Select(i => i.Amount).OrderBy(a => a).ToArray();
                var middle = sorted.Length / 2;
                var median = sorted.Length % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
                return (sorted[0], sorted[^1], Math.Round(sorted.Average(), 2), median);
            }
            """),
        new("CreatedWithin", Collections, m => $$"""
            public static IReadOnlyList<{{m.Entity}}> CreatedWithin(IEnumerable<{{m.Entity}}> items, TimeSpan window, DateTimeOffset? now = null)
            {
                var cutoff = (now ?? DateTimeOffset.UtcNow) - window;
                return items
                    .Where(item => item.CreatedAt >= cutoff)
                    .OrderByDescending(item => item.CreatedAt)
                    .ToList();
            }
            """),
        new("NormalizeTags", Collections, _ => """
            public static IReadOnlyList<string> NormalizeTags(IEnumerable<string>? tags)
                => (tags ?? Enumerable.Empty<string>())
                    .Select(tag => tag.Trim().ToLowerInvariant())
                    .Where(tag => tag.Length is > 0 and <= 32)
                    .Distinct(StringComparer.Ordinal)
                    .OrderBy(tag => tag, StringComparer.Ordinal)
                    .ToArray();
            """),
        new("DescribeChanges", Collections, m => $$"""
            public static IReadOnlyList<string> DescribeChanges({{m.Entity}} before, {{m.Entity}} after)
            {
                var changes = new List<string>();
                if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal))
                {
                    changes.Add($"name: '{before.Name}' -> '{after.Name}'");
                }

                if (before.Status != after.Status)
                {
                    changes.Add($"status: {before.Status} -> {after.Status}");
                }

                if (before.Amount != after.Amount)
                {
                    changes.Add(FormattableString.Invariant($"amount: {before.Amount:N2} -> {after.Amount:N2}"));
                }

                var added = after.Tags.Except(before.Tags, StringComparer.OrdinalIgnoreCase).ToList();
                var removed = before.Tags.Except(after.Tags, StringComparer.OrdinalIgnoreCase).ToList();
                if (added.Count > 0)
                {
                    changes.Add("tags added: " + string.Join(", ", added));
                }

                if (removed.Count > 0)
                {
                    changes.Add("tags removed: " + string.Join(", ", removed));
                }

                return changes;
            }
            """),
        new("Paginate", ["System", "System.Collections.Generic"], _ => """
            public static IEnumerable<IReadOnlyList<T>> Paginate<T>(IEnumerable<T> source, int pageSize)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
                var page = new List<T>(pageSize);
                foreach (var element in source)
                {
                    page.Add(element);
                    if (page.Count == pageSize)
                    {
                        yield return page;
                        page = new List<T>(pageSize);
                    }
                }

                if (page.Count > 0)
                {
                    yield return page;
                }
            }
            """),
        new("RetryAsync", ["System", "System.Threading", "System.Threading.Tasks"], _ => """
            private static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, int attempts, CancellationToken cancellationToken)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await operation(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (attempt < attempts && ex is not OperationCanceledException)
                    {
                        var delay = TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt));
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            """),
        new("EditDistance", ["System"], _ => """
            public static int EditDistance(string left, string right)
            {
                if (left.Length == 0)
                {
                    return right.Length;
                }

                if (right.Length == 0)
                {
                    return left.Length;
                }

                var previous = new int[right.Length + 1];
                var current = new int[right.Length + 1];
                for (var j = 0; j <= right.Length; j++)
                {
                    previous[j] = j;
                }

                for (var i = 1; i <= left.Length; i++)
                {
                    current[0] = i;
                    for (var j = 1; j <= right.Length; j++)
                    {
                        var cost = char.ToLowerInvariant(left[i - 1]) == char.ToLowerInvariant(right[j - 1]) ? 0 : 1;
                        current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                    }

                    (previous, current) = (current, previous);
                }

                return previous[right.Length];
            }
            """),
        new("ComputeFingerprint", ["System", "System.Globalization", "System.Security.Cryptography", "System.Text"], m => $$"""
            public static string ComputeFingerprint({{m.Entity}} item)
            {
                var payload = string.Join('|', item.Id, item.Name, item.Status, item.Amount.ToString(CultureInfo.InvariantCulture), string.Join(',', item.Tags));
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(payload));
                return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
            }
            """),
        new("Validate", ["System", "System.Collections.Generic"], m => $$"""
            public static IReadOnlyList<string> Validate({{m.Entity}} item)
            {
                var errors = new List<string>();
                if (string.IsNullOrWhiteSpace(item.Name))
                {
                    errors.Add("Name is required.");
                }
                else if (item.Name.Length > 120)
                {
                    errors.Add("Name must be at most 120 characters.");
                }

                if (item.Amount < 0)
                {
                    errors.Add("Amount must not be negative.");
                }

                if (item.Tags.Count > 16)
                {
                    errors.Add("At most 16 tags are allowed.");
                }

                if (item.SourceUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    errors.Add($"'{url}' is not an absolute URL.");
                }

                return errors;
            }
            """),
        new("TopTags", Collections, m => $$"""
            public static IReadOnlyList<KeyValuePair<string, int>> TopTags(IEnumerable<{{m.Entity}}> items, int count = 5)
                => items
                    .SelectMany(item => item.Tags)
                    .GroupBy(tag => tag, StringComparer.OrdinalIgnoreCase)
                    .Select(group => new KeyValuePair<string, int>(group.Key, group.Count()))
                    .OrderByDescending(pair => pair.Value)
                    .ThenBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
                    .Take(count)
                    .ToList();
            """),
        new("WrapText", ["System", "System.Collections.Generic", "System.Text"], _ => """
            public static IEnumerable<string> WrapText(string text, int width = 80)
            {
                var line = new StringBuilder();
                foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (line.Length > 0 && line.Length + word.Length + 1 > width)
                    {
                        yield return line.ToString();
                        line.Clear();
                    }

                    if (line.Length > 0)
                    {
                        line.Append(' ');
                    }

                    line.Append(word);
                }

                if (line.Length > 0)
                {
                    yield return line.ToString();
                }
            }
            """),
        new("ExtractReferences", [.. Collections, "System.Text.RegularExpressions"], m => $$"""
            private static readonly Regex ReferencePattern = new(@"\b{{m.Prefix}}-\d{1,6}\b", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

            public static IReadOnlyList<string> ExtractReferences(string text)
                => ReferencePattern.Matches(text)
                    .Select(match => match.Value.ToUpperInvariant())
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
            """),
        new("ParseKeyValues", ["System", "System.Collections.Generic"], _ => """
            public static IReadOnlyDictionary<string, string> ParseKeyValues(string? text)
            {
                var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return result;
                }

                foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var separator = pair.IndexOf('=');
                    if (separator <= 0)
                    {
                        continue;
                    }

                    var key = pair[..separator].Trim();
                    var value = pair[(separator + 1)..].Trim().Trim('"');
                    result[key] = value;
                }

                return result;
            }
            """),
        new("StreamAsync", ["System", "System.Collections.Generic", "System.Runtime.CompilerServices", "System.Threading", "System.Threading.Tasks"], m => $$"""
            public static async IAsyncEnumerable<{{m.Entity}}> StreamInBatchesAsync(
                Func<int, CancellationToken, Task<IReadOnlyList<{{m.Entity}}>>> fetchPage,
                [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                for (var page = 0; ; page++)
                {
                    var batch = await fetchPage(page, cancellationToken).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        yield break;
                    }

                    foreach (var item in batch)
                    {
                        yield return item;
                    }
                }
            }
            """),
        new("Humanize", ["System", "System.Globalization"], _ => """
            public static string Humanize(TimeSpan elapsed) => elapsed switch
            {
                { TotalSeconds: < 60 } => "just now",
                { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min ago"),
                { TotalHours: < 24 } => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours} h ago"),
                { TotalDays: < 30 } => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalDays} days ago"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(elapsed.TotalDays / 30)} months ago"),
            };
            """),
        new("MergeBy", Collections, m => $$"""
            public static IReadOnlyList<{{m.Entity}}> MergeById(IEnumerable<{{m.Entity}}> current, IEnumerable<{{m.Entity}}> incoming)
            {
                var merged = current.ToDictionary(item => item.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var item in incoming)
                {
                    merged[item.Id] = merged.TryGetValue(item.Id, out var existing) && existing.CreatedAt > item.CreatedAt
                        ? existing with { Tags = existing.Tags.Union(item.Tags, StringComparer.OrdinalIgnoreCase).ToArray() }
                        : item;
                }

                return merged.Values.OrderBy(item => item.Id, StringComparer.Ordinal).ToList();
            }
            """),
        new("Percentile", Collections, _ => """
            public static double Percentile(IReadOnlyList<double> values, double percentile)
            {
                if (values.Count == 0)
                {
                    return double.NaN;
                }

                var sorted = values.OrderBy(v => v).ToArray();
                var rank = Math.Clamp(percentile, 0, 1) * (sorted.Length - 1);
                var lower = (int)Math.Floor(rank);
                var upper = (int)Math.Ceiling(rank);
                return lower == upper ? sorted[lower] : sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
            }
            """),
        new("Describe", ["System", "System.Globalization"], m => $$"""
            public static string DescribeStatus({{m.Status}} status, DateTimeOffset createdAt)
            {
                var age = DateTimeOffset.UtcNow - createdAt;
                var label = status switch
                {
                    {{m.Status}}.Draft => "a draft",
                    {{m.Status}}.Active when age.TotalDays > 365 => "a long-running {{m.Word}}",
                    {{m.Status}}.Active => "active",
                    {{m.Status}}.Suspended => "on hold",
                    {{m.Status}}.Archived => "archived",
                    _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
                };
                return string.Create(CultureInfo.InvariantCulture, $"{label}, created {createdAt:yyyy-MM-dd}");
            }
            """),
        new("WriteJsonArray", ["System.Collections.Generic", "System.IO", "System.Text", "System.Text.Json"], m => $$"""
            public static string WriteJsonArray(IEnumerable<{{m.Entity}}> items)
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", item.Id);
                        writer.WriteString("name", item.Name);
                        writer.WriteString("status", item.Status.ToString());
                        writer.WriteNumber("amount", item.Amount);
                        writer.WriteString("createdAt", item.CreatedAt);
                        writer.WriteStartArray("tags");
                        foreach (var tag in item.Tags)
                        {
                            writer.WriteStringValue(tag);
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                return Encoding.UTF8.GetString(stream.ToArray());
            }
            """),
        new("ParseCsvLine", ["System.Collections.Generic", "System.Text"], _ => """
            public static IReadOnlyList<string> ParseCsvLine(string line, char separator = ',')
            {
                var fields = new List<string>();
                var current = new StringBuilder();
                var inQuotes = false;
                for (var i = 0; i < line.Length; i++)
                {
                    var c = line[i];
                    if (inQuotes)
                    {
                        if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                        {
                            current.Append('"');
                            i++;
                        }
                        else if (c == '"')
                        {
                            inQuotes = false;
                        }
                        else
                        {
                            current.Append(c);
                        }
                    }
                    else if (c == '"')
                    {
                        inQuotes = true;
                    }
                    else if (c == separator)
                    {
                        fields.Add(current.ToString());
                        current.Clear();
                    }
                    else
                    {
                        current.Append(c);
                    }
                }

                fields.Add(current.ToString());
                return fields;
            }
            """),
        new("CountPerDay", Collections, m => $$"""
            public static IEnumerable<DateOnly> EachDay(DateOnly from, DateOnly to)
            {
                if (to < from)
                {
                    (from, to) = (to, from);
                }

                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    yield return day;
                }
            }

            public static IReadOnlyDictionary<DateOnly, int> CountPerDay(IEnumerable<{{m.Entity}}> items, DateOnly from, DateOnly to)
            {
                var counts = EachDay(from, to).ToDictionary(day => day, _ => 0);
                foreach (var item in items)
                {
                    var day = DateOnly.FromDateTime(item.CreatedAt.UtcDateTime);
                    if (counts.TryGetValue(day, out var count))
                    {
                        counts[day] = count + 1;
                    }
                }

                return counts;
            }
            """),
        new("TryParseDuration", ["System", "System.Globalization"], _ => """
            public static bool TryParseDuration(string? text, out TimeSpan duration)
            {
                duration = TimeSpan.Zero;
                if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
                {
                    return false;
                }

                var unit = char.ToLowerInvariant(text[^1]);
                if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
                {
                    return false;
                }

                duration = unit switch
                {
                    's' => TimeSpan.FromSeconds(value),
                    'm' => TimeSpan.FromMinutes(value),
                    'h' => TimeSpan.FromHours(value),
                    'd' => TimeSpan.FromDays(value),
                    _ => TimeSpan.MinValue,
                };
                return duration != TimeSpan.MinValue;
            }
            """),
        new("RecentlyUsed", ["System.Collections.Generic"], _ => """
            private sealed class RecentlyUsed<TKey, TValue>
                where TKey : notnull
            {
                private readonly int _capacity;
                private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = new();
                private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

                public RecentlyUsed(int capacity)
                {
                    _capacity = capacity;
                }

                public bool TryGet(TKey key, out TValue value)
                {
                    if (_map.TryGetValue(key, out var node))
                    {
                        _order.Remove(node);
                        _order.AddFirst(node);
                        value = node.Value.Value;
                        return true;
                    }

                    value = default!;
                    return false;
                }

                public void Put(TKey key, TValue value)
                {
                    if (_map.TryGetValue(key, out var existing))
                    {
                        _order.Remove(existing);
                    }
                    else if (_map.Count >= _capacity && _order.Last is { } last)
                    {
                        _order.RemoveLast();
                        _map.Remove(last.Value.Key);
                    }

                    _map[key] = _order.AddFirst((key, value));
                }
            }
            """),
        new("SplitWords", ["System", "System.Text"], _ => """
            public static string SplitWords(string identifier)
            {
                if (string.IsNullOrEmpty(identifier))
                {
                    return identifier;
                }

                var builder = new StringBuilder(identifier.Length + 8);
                for (var i = 0; i < identifier.Length; i++)
                {
                    var c = identifier[i];
                    if (i > 0 && char.IsUpper(c) && !char.IsUpper(identifier[i - 1]))
                    {
                        builder.Append(' ').Append(char.ToLowerInvariant(c));
                    }
                    else if (c is '_' or '-')
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(i == 0 ? char.ToUpperInvariant(c) : c);
                    }
                }

                return builder.ToString();
            }
            """),
        new("FirstCreatedAtOrAfter", ["System", "System.Collections.Generic"], m => $$"""
            public static int FirstCreatedAtOrAfter(IReadOnlyList<{{m.Entity}}> sortedByCreation, DateTimeOffset moment)
            {
                var low = 0;
                var high = sortedByCreation.Count;
                while (low < high)
                {
                    var middle = low + ((high - low) / 2);
                    if (sortedByCreation[middle].CreatedAt < moment)
                    {
                        low = middle + 1;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                return low;
            }
            """),
        new("Base64Url", ["System", "System.Text"], _ => """
            public static string ToBase64Url(string value)
                => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

            public static string FromBase64Url(string value)
            {
                var padded = value.Replace('-', '+').Replace('_', '/');
                padded += (padded.Length % 4) switch
                {
                    2 => "==",
                    3 => "=",
                    _ => string.Empty,
                };
                return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            }
            """),
        new("CanTransition", Collections, m => $$"""
            public static bool CanTransition({{m.Status}} from, {{m.Status}} to) => (from, to) switch
            {
                _ when from == to => true,
                ({{m.Status}}.Draft, {{m.Status}}.Active) => true,
                ({{m.Status}}.Active, {{m.Status}}.Suspended) => true,
                ({{m.Status}}.Suspended, {{m.Status}}.Active) => true,
                (_, {{m.Status}}.Archived) => true,
                _ => false,
            };

            public static IReadOnlyList<{{m.Status}}> NextStatuses({{m.Status}} from)
                => Enum.GetValues<{{m.Status}}>().Where(to => to != from && CanTransition(from, to)).ToList();
            """),
        new("RunBoundedAsync", [.. Collections, "System.Threading", "System.Threading.Tasks"], _ => """
            private static async Task<IReadOnlyList<TResult>> RunBoundedAsync<TItem, TResult>(
                IReadOnlyList<TItem> items,
                Func<TItem, CancellationToken, Task<TResult>> work,
                int maxParallel,
                CancellationToken cancellationToken)
            {
                var results = new TResult[items.Count];
                using var gate = new SemaphoreSlim(Math.Max(1, maxParallel));
                var tasks = items.Select(async (item, index) =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        results[index] = await work(item, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
                await Task.WhenAll(tasks).ConfigureAwait(false);
                return results;
            }
            """),
        new("BatchByAmount", Collections, m => $$"""
            public static List<List<{{m.Entity}}>> BatchByAmount(IEnumerable<{{m.Entity}}> items, decimal budget)
            {
                var batches = new List<List<{{m.Entity}}>>();
                var current = new List<{{m.Entity}}>();
                var total = 0m;
                foreach (var item in items.OrderByDescending(i => i.Amount))
                {
                    if (current.Count > 0 && total + item.Amount > budget)
                    {
                        batches.Add(current);
                        current = new List<{{m.Entity}}>();
                        total = 0m;
                    }

                    current.Add(item);
                    total += item.Amount;
                }

                if (current.Count > 0)
                {
                    batches.Add(current);
                }

                return batches;
            }
            """),
        new("RenderOutline", [.. Collections, "System.Text"], m => $$"""
            public static string RenderOutline(IEnumerable<{{m.Entity}}> items)
            {
                var builder = new StringBuilder();
                foreach (var byStatus in items.GroupBy(i => i.Status).OrderBy(g => g.Key))
                {
                    builder.Append("- ").Append(byStatus.Key).Append(" (").Append(byStatus.Count()).AppendLine(")");
                    foreach (var byTag in byStatus.GroupBy(i => i.Tags.Count > 0 ? i.Tags[0] : "untagged").OrderBy(g => g.Key, StringComparer.Ordinal))
                    {
                        builder.Append("  - ").AppendLine(byTag.Key);
                        foreach (var item in byTag.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase))
                        {
                            builder.Append("    - ").Append(item.Name).Append(" [").Append(item.Id).AppendLine("]");
                        }
                    }
                }

                return builder.ToString();
            }
            """),
        new("NormalizeEmail", ["System"], _ => """
            public static string? NormalizeEmail(string? value)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    return null;
                }

                var trimmed = value.Trim();
                var at = trimmed.LastIndexOf('@');
                if (at <= 0 || at == trimmed.Length - 1 || trimmed.Contains(' '))
                {
                    return null;
                }

                var local = trimmed[..at];
                var plus = local.IndexOf('+');
                if (plus > 0)
                {
                    local = local[..plus];
                }

                return local.ToLowerInvariant() + "@" + trimmed[(at + 1)..].ToLowerInvariant();
            }
            """),
        new("CountSentence", ["System"], m => $$"""
            public static string CountSentence(int count) => count switch
            {
                0 => "There are no {{m.Words}}.",
                1 => "There is one {{m.Word}}.",
                < 10 => $"There are {count} {{m.Words}}.",
                _ => $"There are {count:N0} {{m.Words}}; showing the first ten.",
            };
            """),
    ];

    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["TotalsByStatus"] = "Sums the amounts of the items per status.",
        ["RenderMarkdownTable"] = "Renders the items as a markdown table, at most <paramref name=\"maxRows\"/> rows.",
        ["TryParseSequence"] = "Reads the sequence number out of an id such as ABC-0042.",
        ["GroupByOwner"] = "Groups the items by owner; items without one go to \"(unassigned)\".",
        ["Mask"] = "Hides all but the last <paramref name=\"visible\"/> characters.",
        ["ToCsv"] = "Writes the items as CSV with a header row.",
        ["BuildTagIndex"] = "Indexes the items by each of their tags.",
        ["ApplyDiscount"] = "Applies a discount code to an amount.",
        ["AmountStatistics"] = "Minimum, maximum, mean and median of the amounts.",
        ["CreatedWithin"] = "The items created within <paramref name=\"window\"/> of now, newest first.",
        ["NormalizeTags"] = "Lower-cases, trims, de-duplicates and sorts tags.",
        ["DescribeChanges"] = "Lists what differs between two versions of an item, for the audit log.",
        ["Paginate"] = "Splits a sequence into pages of <paramref name=\"pageSize\"/>.",
        ["RetryAsync"] = "Runs an operation, retrying with exponential back-off on failure.",
        ["EditDistance"] = "Levenshtein distance, ignoring case, for fuzzy name matching.",
        ["ComputeFingerprint"] = "A short, stable fingerprint of an item's content.",
        ["Validate"] = "Checks an item and returns the problems found.",
        ["TopTags"] = "The most used tags with their counts.",
        ["WrapText"] = "Wraps text into lines of at most <paramref name=\"width\"/> characters.",
        ["ExtractReferences"] = "Finds references to ids in free text.",
        ["ParseKeyValues"] = "Parses \"key=value; key2=value2\" settings strings.",
        ["StreamAsync"] = "Streams items page by page until a page comes back empty.",
        ["Humanize"] = "Describes an elapsed time the way people say it.",
        ["MergeBy"] = "Merges two lists by id; the newer item wins and tags are combined.",
        ["Percentile"] = "Linear-interpolated percentile of the values.",
        ["Describe"] = "Describes a status in words for chat answers.",
        ["WriteJsonArray"] = "Writes the items as a compact JSON array without reflection.",
        ["ParseCsvLine"] = "Splits one CSV line, honouring quotes and doubled quotes.",
        ["CountPerDay"] = "Every day in a range, and the number of items created on each.",
        ["TryParseDuration"] = "Parses durations such as 90s, 15m, 2h or 3d.",
        ["RecentlyUsed"] = "Keeps the most recently used entries and evicts the oldest.",
        ["SplitWords"] = "Turns an identifier such as OrderShipped into words.",
        ["FirstCreatedAtOrAfter"] = "Binary search over items sorted by creation time.",
        ["Base64Url"] = "URL-safe base64 encoding of text, and back.",
        ["CanTransition"] = "The status changes the workflow allows.",
        ["RunBoundedAsync"] = "Runs work over the items with bounded parallelism, keeping the input order.",
        ["BatchByAmount"] = "Splits items into batches whose amounts stay within a budget.",
        ["RenderOutline"] = "An indented outline of the items by status, then by first tag.",
        ["NormalizeEmail"] = "Normalizes an e-mail address for comparison; null when it is not one.",
        ["CountSentence"] = "A sentence about how many items there are.",
    };

    public static int Count => Pool.Length;

    /// <summary>
    /// Writes <paramref name="count"/> distinct helpers, chosen at random, into <paramref name="file"/>'s current type,
    /// leaving out <paramref name="exclude"/> (helpers the type already has).
    /// </summary>
    public static void Write(SourceFile file, ModuleSpec module, Random random, int count, params string[] exclude)
    {
        var candidates = Pool.Where(helper => !exclude.Contains(helper.Name, StringComparer.Ordinal)).ToList();
        foreach (var helper in candidates.OrderBy(_ => random.Next()).Take(Math.Min(count, candidates.Count)))
        {
            file.Using(helper.Usings);
            file.Member(WithSummary(helper, module));
        }
    }

    private static string WithSummary(Helper helper, ModuleSpec module)
        => Summaries.TryGetValue(helper.Name, out var summary)
            ? "/// <summary>\n/// " + summary + "\n/// </summary>\n" + helper.Text(module)
            : helper.Text(module);

    /// <summary>Writes the named helpers, for types whose own members call them.</summary>
    public static void WriteNamed(SourceFile file, ModuleSpec module, params string[] names)
    {
        foreach (var name in names)
        {
            var helper = Array.Find(Pool, h => h.Name == name) ?? throw new ArgumentException($"No helper '{name}'.", nameof(names));
            file.Using(helper.Usings);
            file.Member(WithSummary(helper, module));
        }
    }
}
