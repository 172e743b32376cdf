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
    ];

    public static int Count => Pool.Length;

    /// <summary>Writes <paramref name="count"/> distinct helpers into <paramref name="file"/>'s current type.</summary>
    public static void Write(SourceFile file, ModuleSpec module, Random random, int count)
    {
        foreach (var helper in Pool.OrderBy(_ => random.Next()).Take(Math.Min(count, Pool.Length)))
        {
            file.Using(helper.Usings);
            file.Member(helper.Text(module));
        }
    }
}
