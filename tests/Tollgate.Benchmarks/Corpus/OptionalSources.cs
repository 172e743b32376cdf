using System;
using System.Linq;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>
/// Optional module files: formatting, validation, mapping, extension methods, caches, options, analytics,
/// parsing, events, background work, builders, comparers, exceptions, extra tool classes, and code no tool
/// reaches (maintenance jobs, an unused API client).
/// </summary>
internal sealed class OptionalSources
{
    private readonly ModuleSpec _m;
    private readonly CorpusStats _stats;

    public OptionalSources(ModuleSpec module, CorpusStats stats)
    {
        _m = module;
        _stats = stats;
    }

    public static string FolderOf(OptionalKind kind) => kind switch
    {
        OptionalKind.Formatter => "Formatting",
        OptionalKind.Validator => "Validation",
        OptionalKind.Mapper => "Mapping",
        OptionalKind.Extensions => "Extensions",
        OptionalKind.Cache => "Caching",
        OptionalKind.Options => "Configuration",
        OptionalKind.Statistics => "Analytics",
        OptionalKind.Parser => "Parsing",
        OptionalKind.Events => "Events",
        OptionalKind.Worker => "Background",
        OptionalKind.QueryBuilder => "Queries",
        OptionalKind.Comparers => "Comparers",
        OptionalKind.Exceptions => "Exceptions",
        OptionalKind.AdminPlugin => "Plugins",
        OptionalKind.ReportingTools => "Tools",
        OptionalKind.Maintenance => "Internal",
        OptionalKind.ApiClient => "Clients",
        OptionalKind.Contracts => "Contracts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string TypeNameOf(ModuleSpec m, OptionalFile file) => m.Name + file.Kind switch
    {
        OptionalKind.AdminPlugin => "AdminPlugin",
        OptionalKind.ReportingTools => "ReportingTools",
        OptionalKind.Statistics => "Statistics",
        OptionalKind.Parser => "CommandParser",
        OptionalKind.Worker => "SyncWorker",
        OptionalKind.Maintenance => "Maintenance",
        OptionalKind.ApiClient => "ApiClient",
        _ => file.Kind.ToString(),
    } + file.Suffix;

    public SourceFile Create(OptionalFile optional)
    {
        var m = _m;
        var folder = FolderOf(optional.Kind);
        var name = TypeNameOf(m, optional);
        var file = new SourceFile($"{m.Folder}/{folder}/{name}.cs", $"{m.Namespace}.{folder}")
            .Using("System", "System.Collections.Generic", "System.Linq", m.Namespace + ".Models");
        var random = CorpusGenerator.RandomFor(m.Seed, 100 + ((int)optional.Kind * 10) + optional.Ordinal);
        var s = optional.Suffix;
        switch (optional.Kind)
        {
            case OptionalKind.Formatter:
                Formatter(file, random, s);
                break;
            case OptionalKind.Validator:
                Validator(file, random, s);
                break;
            case OptionalKind.Mapper:
                Mapper(file, random, s);
                break;
            case OptionalKind.Extensions:
                Extensions(file, random, s);
                break;
            case OptionalKind.Cache:
                Cache(file, s);
                break;
            case OptionalKind.Options:
                Options(file, s);
                break;
            case OptionalKind.Statistics:
                Statistics(file, random, s);
                break;
            case OptionalKind.Parser:
                Parser(file, random, s);
                break;
            case OptionalKind.Events:
                Events(file, s);
                break;
            case OptionalKind.Worker:
                Worker(file, s);
                break;
            case OptionalKind.QueryBuilder:
                QueryBuilder(file, s);
                break;
            case OptionalKind.Comparers:
                Comparers(file, s);
                break;
            case OptionalKind.Exceptions:
                Exceptions(file, s);
                break;
            case OptionalKind.AdminPlugin:
                AdminPlugin(file, random, s);
                break;
            case OptionalKind.ReportingTools:
                ReportingTools(file, random, s);
                break;
            case OptionalKind.Maintenance:
                Maintenance(file, random, s);
                break;
            case OptionalKind.ApiClient:
                ApiClient(file, s);
                break;
            case OptionalKind.Contracts:
                Contracts(file, random, s);
                break;
        }

        // Kinds made of small types also get a static companion of helpers, as such files often do.
        if (optional.Kind is OptionalKind.Cache or OptionalKind.Options or OptionalKind.Comparers or OptionalKind.Exceptions
            or OptionalKind.Events or OptionalKind.Worker or OptionalKind.QueryBuilder or OptionalKind.ApiClient or OptionalKind.Contracts)
        {
            file.Open($$"""
                /// <summary>Helpers that go with {{name}}.</summary>
                internal static class {{name}}Helpers
                """);
            HelperMethods.Write(file, m, random, random.Next(1, 5));
            file.Close();
        }

        return file;
    }

    private void Formatter(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.Globalization", "System.Text");
        file.Open($$"""
            /// <summary>Renders {{m.Words}} as text for chat answers.</summary>
            public sealed class {{m.Name}}Formatter{{s}}
            """);
        file.Member("private readonly CultureInfo _culture;");
        file.Member($$"""
            public {{m.Name}}Formatter{{s}}()
                : this(CultureInfo.InvariantCulture)
            {
            }
            """);
        file.Member($$"""
            public {{m.Name}}Formatter{{s}}(CultureInfo culture)
            {
                _culture = culture ?? throw new ArgumentNullException(nameof(culture));
            }
            """);
        file.Member($$"""
            public string Format({{m.Entity}} item)
            {
                var status = item.Status.ToString().ToLower(_culture);
                return string.Format(_culture, "{0} ({1}) - {2}, {3:N2}", item.Name, item.Id, status, item.Amount);
            }
            """);
        file.Member($$"""
            public string FormatList(IEnumerable<{{m.Entity}}> items, string? heading = null)
            {
                var builder = new StringBuilder();
                if (!string.IsNullOrEmpty(heading))
                {
                    builder.AppendLine(heading).AppendLine(new string('=', heading.Length));
                }

                var index = 1;
                foreach (var item in items)
                {
                    builder.Append(index++).Append(". ").AppendLine(Format(item));
                }

                return builder.Length == 0 ? "(none)" : builder.ToString();
            }
            """);
        file.Member($$"""
            public string FormatSummary({{m.Summary}} summary)
            {
                var tags = summary.ByTag.Count == 0
                    ? "no tags"
                    : string.Join(", ", summary.ByTag.OrderByDescending(pair => pair.Value).Select(pair => string.Format(_culture, "{0} x{1}", pair.Key, pair.Value)));
                return string.Format(_culture, "{0} {{m.Words}}, {1:C} in total ({2})", summary.Total, summary.TotalAmount, tags);
            }
            """);
        HelperMethods.Write(file, m, random, random.Next(6, 12));
        file.Close();
    }

    private void Validator(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.Text.RegularExpressions");
        file.Member($"public sealed record {m.Name}ValidationError{s}(string Field, string Message);");
        file.Open($$"""
            /// <summary>Checks {{m.Words}} before they are saved.</summary>
            public sealed class {{m.Name}}Validator{{s}}
            """);
        file.Member($$"""
            private static readonly Regex IdPattern = new("^{{m.Prefix}}-[0-9A-Z]{4,8}$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
            private static readonly Regex EmailPattern = new(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
            """);
        file.Member("public int MaxNameLength { get; init; } = 120;");
        file.Member("public decimal MaxAmount { get; init; } = 1_000_000m;");
        file.Member($$"""
            public IReadOnlyList<{{m.Name}}ValidationError{{s}}> Validate({{m.Entity}} item)
            {
                var errors = new List<{{m.Name}}ValidationError{{s}}>();
                if (!IdPattern.IsMatch(item.Id))
                {
                    errors.Add(new("Id", $"'{item.Id}' is not a valid {{m.Word}} id."));
                }

                if (string.IsNullOrWhiteSpace(item.Name))
                {
                    errors.Add(new("Name", "A name is required."));
                }
                else if (item.Name.Length > MaxNameLength)
                {
                    errors.Add(new("Name", $"At most {MaxNameLength} characters."));
                }

                if (item.Amount < 0 || item.Amount > MaxAmount)
                {
                    errors.Add(new("Amount", $"Must be between 0 and {MaxAmount}."));
                }

                if (item.Owner is { } owner && owner.Contains('@') && !EmailPattern.IsMatch(owner))
                {
                    errors.Add(new("Owner", "Not a valid e-mail address."));
                }

                foreach (var tag in item.Tags.Where(tag => tag.Any(char.IsWhiteSpace)))
                {
                    errors.Add(new("Tags", $"Tag '{tag}' contains white space."));
                }

                return errors;
            }
            """);
        file.Member("public bool IsValidId(string id) => IdPattern.IsMatch(id);");
        file.Member("""
            public bool IsValidEmail(string? value) => value is not null && EmailPattern.IsMatch(value);
            """);
        file.Member($$"""
            public void EnsureValid({{m.Entity}} item)
            {
                var errors = Validate(item);
                if (errors.Count > 0)
                {
                    throw new ArgumentException(string.Join("; ", errors.Select(error => $"{error.Field}: {error.Message}")), nameof(item));
                }
            }
            """);
        HelperMethods.Write(file, m, random, random.Next(5, 11), "Validate");
        file.Close();
    }

    private void Mapper(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.Globalization");
        file.Member($"public sealed record {m.Name}Dto{s}(string Id, string Name, string Status, decimal Amount, string CreatedAt, string[] Tags, string? Owner);");
        file.Open($$"""
            /// <summary>Maps {{m.Words}} to and from their wire form.</summary>
            public static class {{m.Name}}Mapper{{s}}
            """);
        file.Member($$"""
            public static {{m.Name}}Dto{{s}} To{{m.Name}}Dto{{s}}(this {{m.Entity}} item)
                => new(
                    item.Id,
                    item.Name,
                    item.Status.ToString(),
                    item.Amount,
                    item.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    item.Tags.ToArray(),
                    item.Owner);
            """);
        file.Member($$"""
            public static {{m.Entity}} To{{m.Entity}}{{s}}(this {{m.Name}}Dto{{s}} dto)
            {
                var status = Enum.TryParse<{{m.Status}}>(dto.Status, ignoreCase: true, out var parsed) ? parsed : {{m.Status}}.Draft;
                var created = DateTimeOffset.TryParse(dto.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                    ? when
                    : DateTimeOffset.UtcNow;
                return new {{m.Entity}}(dto.Id, dto.Name, status, dto.Amount, created, dto.Tags ?? Array.Empty<string>())
                {
                    Owner = dto.Owner,
                };
            }
            """);
        file.Member($$"""
            public static IReadOnlyList<{{m.Name}}Dto{{s}}> To{{m.Name}}Dtos{{s}}(this IEnumerable<{{m.Entity}}> items)
                => items.Select(item => item.To{{m.Name}}Dto{{s}}()).ToList();
            """);
        HelperMethods.Write(file, m, random, random.Next(5, 11));
        file.Close();
    }

    private void Extensions(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Open($$"""
            /// <summary>Extension methods over {{m.Words}}.</summary>
            public static class {{m.Name}}Extensions{{s}}
            """);
        file.Member($$"""
            public static bool IsOverdue(this {{m.Entity}} item, TimeSpan maxAge, DateTimeOffset? now = null)
                => item.Status == {{m.Status}}.Active && (now ?? DateTimeOffset.UtcNow) - item.CreatedAt > maxAge;
            """);
        file.Member($$"""
            public static {{m.Entity}} WithTag(this {{m.Entity}} item, string tag)
                => item.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)
                    ? item
                    : item with { Tags = item.Tags.Append(tag.ToLowerInvariant()).ToArray() };
            """);
        file.Member($"public static IEnumerable<{m.Entity}> ActiveOnly(this IEnumerable<{m.Entity}> items) => items.Where(item => item.IsActive);");
        file.Member($"public static decimal TotalAmount(this IEnumerable<{m.Entity}> items) => items.Sum(item => item.Amount);");
        file.Member($$"""public static string ToDisplayName(this {{m.Entity}} item) => $"{item.Name} [{item.Id}]";""");
        file.Member($"public static ILookup<{m.Status}, {m.Entity}> ByStatus(this IEnumerable<{m.Entity}> items) => items.ToLookup(item => item.Status);");
        file.Member($$"""
            public static IEnumerable<{{m.Entity}}> Matching(this IEnumerable<{{m.Entity}}> items, Func<{{m.Entity}}, bool>? predicate, int limit = int.MaxValue)
            {
                var taken = 0;
                foreach (var item in items)
                {
                    if (taken >= limit)
                    {
                        yield break;
                    }

                    if (predicate?.Invoke(item) ?? true)
                    {
                        taken++;
                        yield return item;
                    }
                }
            }
            """);
        HelperMethods.Write(file, m, random, random.Next(5, 11));
        file.Close();
    }

    private void Cache(SourceFile file, string s)
    {
        var m = _m;
        file.Using("System.Collections.Concurrent", "System.Threading", "System.Threading.Tasks", m.Namespace + ".Services");
        file.Member($$"""
            /// <summary>A small time-based cache.</summary>
            public sealed class {{m.Name}}Cache{{s}}<TKey, TValue>
                where TKey : notnull
            {
                private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset ExpiresAt)> _entries = new();
                private readonly TimeSpan _lifetime;
                private readonly Func<DateTimeOffset> _clock;

                public {{m.Name}}Cache{{s}}(TimeSpan lifetime, Func<DateTimeOffset>? clock = null)
                {
                    _lifetime = lifetime;
                    _clock = clock ?? (() => DateTimeOffset.UtcNow);
                }

                public int Count => _entries.Count;

                public bool TryGet(TKey key, out TValue value)
                {
                    if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > _clock())
                    {
                        value = entry.Value;
                        return true;
                    }

                    value = default!;
                    return false;
                }

                public void Set(TKey key, TValue value) => _entries[key] = (value, _clock() + _lifetime);

                public async Task<TValue> GetOrAddAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> factory, CancellationToken cancellationToken = default)
                {
                    if (TryGet(key, out var cached))
                    {
                        return cached;
                    }

                    var value = await factory(key, cancellationToken).ConfigureAwait(false);
                    Set(key, value);
                    return value;
                }

                public int Prune()
                {
                    var now = _clock();
                    var expired = _entries.Where(entry => entry.Value.ExpiresAt <= now).Select(entry => entry.Key).ToList();
                    foreach (var key in expired)
                    {
                        _entries.TryRemove(key, out _);
                    }

                    return expired.Count;
                }
            }
            """);
        file.Member($$"""
            /// <summary>Looks {{m.Words}} up through the cache.</summary>
            public sealed class {{m.Name}}CachedLookup{{s}}
            {
                private readonly {{m.Name}}Cache{{s}}<string, {{m.Entity}}?> _cache = new(TimeSpan.FromMinutes(5));
                private readonly {{m.IRepository}} _repository;

                public {{m.Name}}CachedLookup{{s}}({{m.IRepository}} repository)
                {
                    _repository = repository;
                }

                public Task<{{m.Entity}}?> FindAsync(string id, CancellationToken cancellationToken = default)
                    => _cache.GetOrAddAsync(id.ToUpperInvariant(), (key, token) => _repository.FindAsync(key, token), cancellationToken);

                public int Evict() => _cache.Prune();
            }
            """);
    }

    private void Options(SourceFile file, string s)
    {
        var m = _m;
        var env = m.Snake.ToUpperInvariant();
        file.Using("System.Globalization");
        file.Member($$"""
            /// <summary>Settings of the {{m.Word}} module.</summary>
            public sealed class {{m.Name}}Options{{s}}
            {
                public const string SectionName = "{{m.Name}}";

                public string DataDirectory { get; set; } = "data/{{m.Snake}}";

                public int PageSize { get; set; } = 20;

                public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

                public bool EnableExport { get; set; }

                public string? ApiBaseUrl { get; set; }

                public IList<string> AllowedTags { get; } = new List<string>();

                public IEnumerable<string> Validate()
                {
                    if (PageSize is < 1 or > 500)
                    {
                        yield return $"{nameof(PageSize)} must be between 1 and 500.";
                    }

                    if (CacheLifetime < TimeSpan.Zero)
                    {
                        yield return $"{nameof(CacheLifetime)} must not be negative.";
                    }

                    if (ApiBaseUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
                    {
                        yield return $"{nameof(ApiBaseUrl)} '{url}' is not an absolute URL.";
                    }

                    foreach (var tag in AllowedTags.Where(tag => tag.Length > 32))
                    {
                        yield return $"Allowed tag '{tag}' is longer than 32 characters.";
                    }
                }

                public static {{m.Name}}Options{{s}} FromEnvironment()
                {
                    var options = new {{m.Name}}Options{{s}}();
                    if (Environment.GetEnvironmentVariable("{{env}}_DATA_DIR") is { Length: > 0 } directory)
                    {
                        options.DataDirectory = directory;
                    }

                    if (int.TryParse(Environment.GetEnvironmentVariable("{{env}}_PAGE_SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pageSize))
                    {
                        options.PageSize = pageSize;
                    }

                    options.EnableExport = string.Equals(Environment.GetEnvironmentVariable("{{env}}_EXPORT"), "true", StringComparison.OrdinalIgnoreCase);
                    options.ApiBaseUrl = Environment.GetEnvironmentVariable("{{env}}_API_URL");
                    return options;
                }
            }
            """);
    }

    private void Statistics(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Open($$"""
            /// <summary>Aggregates over {{m.Words}} for reports.</summary>
            public static class {{m.Name}}Statistics{{s}}
            """);
        file.Member($$"""
            public static IReadOnlyList<(decimal From, decimal To, int Count)> Histogram(IReadOnlyCollection<{{m.Entity}}> items, int buckets = 5)
            {
                if (items.Count == 0 || buckets < 1)
                {
                    return Array.Empty<(decimal, decimal, int)>();
                }

                var min = items.Min(item => item.Amount);
                var max = items.Max(item => item.Amount);
                var width = max == min ? 1 : (max - min) / buckets;
                return Enumerable.Range(0, buckets)
                    .Select(bucket =>
                    {
                        var from = min + bucket * width;
                        var to = bucket == buckets - 1 ? max : from + width;
                        return (from, to, items.Count(item => item.Amount >= from && (item.Amount < to || (bucket == buckets - 1 && item.Amount <= to))));
                    })
                    .ToList();
            }
            """);
        file.Member($$"""
            public static IReadOnlyDictionary<int, int> CreatedPerMonth(IEnumerable<{{m.Entity}}> items, int year)
                => items
                    .Where(item => item.CreatedAt.Year == year)
                    .GroupBy(item => item.CreatedAt.Month)
                    .OrderBy(group => group.Key)
                    .ToDictionary(group => group.Key, group => group.Count());
            """);
        HelperMethods.Write(file, m, random, random.Next(8, 15));
        file.Close();
    }

    private void Parser(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.Globalization", "System.Text");
        file.Open($$"""
            /// <summary>Parses the compact query syntax users type ("status:active take:5 text").</summary>
            public static class {{m.Name}}CommandParser{{s}}
            """);
        file.Member($$"""
            public static {{m.Query}} ParseQuery(string? text)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    return {{m.Query}}.All;
                }

                string? free = null;
                {{m.Status}}? status = null;
                var skip = 0;
                var take = 20;
                foreach (var token in Tokenize(text))
                {
                    var colon = token.IndexOf(':');
                    var key = colon > 0 ? token[..colon].ToLowerInvariant() : string.Empty;
                    var value = colon > 0 ? token[(colon + 1)..] : token;
                    switch (key)
                    {
                        case "status" when Enum.TryParse<{{m.Status}}>(value, ignoreCase: true, out var parsedStatus):
                            status = parsedStatus;
                            break;
                        case "skip" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedSkip):
                            skip = Math.Max(0, parsedSkip);
                            break;
                        case "take" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedTake):
                            take = Math.Clamp(parsedTake, 1, 200);
                            break;
                        default:
                            free = free is null ? token : free + " " + token;
                            break;
                    }
                }

                return new {{m.Query}}(free, status, skip, take);
            }
            """);
        file.Member("""
            public static IEnumerable<string> Tokenize(string text)
            {
                var current = new StringBuilder();
                var quoted = false;
                foreach (var c in text)
                {
                    if (c == '"')
                    {
                        quoted = !quoted;
                        continue;
                    }

                    if (char.IsWhiteSpace(c) && !quoted)
                    {
                        if (current.Length > 0)
                        {
                            yield return current.ToString();
                            current.Clear();
                        }

                        continue;
                    }

                    current.Append(c);
                }

                if (current.Length > 0)
                {
                    yield return current.ToString();
                }
            }
            """);
        HelperMethods.Write(file, m, random, random.Next(5, 11));
        file.Close();
    }

    private void Events(SourceFile file, string s)
    {
        var m = _m;
        var e = $"{m.Name}Event{s}";
        file.Member($"public abstract record {e}(string {m.Name}Id, DateTimeOffset OccurredAt);");
        file.Member($"public sealed record {m.Name}Created{s}(string {m.Name}Id, DateTimeOffset OccurredAt, string Name) : {e}({m.Name}Id, OccurredAt);");
        file.Member($"public sealed record {m.Name}StatusChanged{s}(string {m.Name}Id, DateTimeOffset OccurredAt, {m.Status} From, {m.Status} To) : {e}({m.Name}Id, OccurredAt);");
        file.Member($"public sealed record {m.Name}Deleted{s}(string {m.Name}Id, DateTimeOffset OccurredAt) : {e}({m.Name}Id, OccurredAt);");
        file.Member($$"""
            public sealed class {{m.Name}}EventArgs{{s}} : EventArgs
            {
                public {{m.Name}}EventArgs{{s}}({{e}} @event)
                {
                    Event = @event;
                }

                public {{e}} Event { get; }
            }
            """);
        file.Member($$"""
            /// <summary>In-process publication of {{m.Word}} events.</summary>
            public sealed class {{m.Name}}EventBus{{s}}
            {
                private readonly List<Action<{{e}}>> _handlers = new();
                private readonly object _gate = new();

                public event EventHandler<{{m.Name}}EventArgs{{s}}>? Published;

                public IDisposable Subscribe(Action<{{e}}> handler)
                {
                    lock (_gate)
                    {
                        _handlers.Add(handler);
                    }

                    return new Subscription(this, handler);
                }

                public void Publish({{e}} @event)
                {
                    Action<{{e}}>[] snapshot;
                    lock (_gate)
                    {
                        snapshot = _handlers.ToArray();
                    }

                    foreach (var handler in snapshot)
                    {
                        handler(@event);
                    }

                    Published?.Invoke(this, new {{m.Name}}EventArgs{{s}}(@event));
                }

                public static string Describe({{e}} @event) => @event switch
                {
                    {{m.Name}}Created{{s}} created => $"{created.Name} was created",
                    {{m.Name}}StatusChanged{{s}} { To: {{m.Status}}.Archived } archived => $"{archived.{{m.Name}}Id} was archived",
                    {{m.Name}}StatusChanged{{s}} changed => $"{changed.{{m.Name}}Id}: {changed.From} -> {changed.To}",
                    {{m.Name}}Deleted{{s}} deleted => $"{deleted.{{m.Name}}Id} was deleted",
                    _ => @event.ToString(),
                };

                private sealed class Subscription : IDisposable
                {
                    private readonly {{m.Name}}EventBus{{s}} _bus;
                    private readonly Action<{{e}}> _handler;

                    public Subscription({{m.Name}}EventBus{{s}} bus, Action<{{e}}> handler)
                    {
                        _bus = bus;
                        _handler = handler;
                    }

                    public void Dispose()
                    {
                        lock (_bus._gate)
                        {
                            _bus._handlers.Remove(_handler);
                        }
                    }
                }
            }
            """);
    }

    private void Worker(SourceFile file, string s)
    {
        var m = _m;
        file.Using("System.Threading", "System.Threading.Tasks", m.Namespace + ".Services");
        file.Member($$"""
            /// <summary>Refreshes the {{m.Word}} summary in the background.</summary>
            public sealed class {{m.Name}}SyncWorker{{s}} : IAsyncDisposable
            {
                private readonly {{m.IService}} _service;
                private readonly TimeSpan _interval;
                private readonly CancellationTokenSource _stopping = new();
                private Task? _loop;

                public {{m.Name}}SyncWorker{{s}}({{m.IService}} service, TimeSpan? interval = null)
                {
                    _service = service;
                    _interval = interval ?? TimeSpan.FromMinutes(10);
                }

                public event Action<{{m.Summary}}>? SummaryReady;

                public int Iterations { get; private set; }

                public {{m.Summary}}? LastSummary { get; private set; }

                public void Start() => _loop ??= Task.Run(() => RunAsync(_stopping.Token));

                private async Task RunAsync(CancellationToken cancellationToken)
                {
                    using var timer = new PeriodicTimer(_interval);
                    try
                    {
                        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var summary = await _service.SummarizeAsync(cancellationToken).ConfigureAwait(false);
                            Iterations++;
                            LastSummary = summary;
                            SummaryReady?.Invoke(summary);
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                    }
                }

                public async ValueTask DisposeAsync()
                {
                    await _stopping.CancelAsync().ConfigureAwait(false);
                    if (_loop is not null)
                    {
                        await _loop.ConfigureAwait(false);
                    }

                    _stopping.Dispose();
                }
            }
            """);
    }

    private void QueryBuilder(SourceFile file, string s)
    {
        var m = _m;
        var b = $"{m.Name}QueryBuilder{s}";
        file.Member($$"""
            /// <summary>Fluent construction of {{m.Query}}.</summary>
            public sealed class {{b}}
            {
                private readonly List<string> _tags = new();
                private string? _text;
                private {{m.Status}}? _status;
                private int _skip;
                private int _take = 20;

                public {{b}} WithText(string? text)
                {
                    _text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
                    return this;
                }

                public {{b}} WithStatus({{m.Status}}? status)
                {
                    _status = status;
                    return this;
                }

                public {{b}} Page(int number, int size)
                {
                    _take = Math.Clamp(size, 1, 200);
                    _skip = Math.Max(0, number - 1) * _take;
                    return this;
                }

                public {{b}} Tagged(params string[] tags)
                {
                    _tags.AddRange(tags.Where(tag => !string.IsNullOrWhiteSpace(tag)));
                    return this;
                }

                public {{m.Query}} Build()
                {
                    var text = _tags.Count == 0 ? _text : string.Join(' ', new[] { _text }.Concat(_tags).Where(part => part is not null));
                    return new {{m.Query}}(text, _status, _skip, _take);
                }

                public static {{m.Query}} ActiveFirstPage() => new {{b}}().WithStatus({{m.Status}}.Active).Page(1, 20).Build();
            }
            """);
    }

    private void Comparers(SourceFile file, string s)
    {
        var m = _m;
        file.Member($$"""
            /// <summary>Orders {{m.Words}} by amount, then id.</summary>
            public sealed class {{m.Name}}ByAmountComparer{{s}} : IComparer<{{m.Entity}}>
            {
                public static readonly {{m.Name}}ByAmountComparer{{s}} Instance = new();

                public int Compare({{m.Entity}}? x, {{m.Entity}}? y)
                {
                    if (ReferenceEquals(x, y))
                    {
                        return 0;
                    }

                    if (x is null)
                    {
                        return -1;
                    }

                    if (y is null)
                    {
                        return 1;
                    }

                    var byAmount = x.Amount.CompareTo(y.Amount);
                    return byAmount != 0 ? byAmount : string.CompareOrdinal(x.Id, y.Id);
                }
            }
            """);
        file.Member($$"""
            /// <summary>Equality of {{m.Words}} by id, ignoring case.</summary>
            public sealed class {{m.Name}}IdComparer{{s}} : IEqualityComparer<{{m.Entity}}>
            {
                public bool Equals({{m.Entity}}? x, {{m.Entity}}? y) => string.Equals(x?.Id, y?.Id, StringComparison.OrdinalIgnoreCase);

                public int GetHashCode({{m.Entity}} obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id);
            }
            """);
        file.Member($$"""
            /// <summary>Active first, archived last.</summary>
            public sealed class {{m.Name}}StatusOrderComparer{{s}} : Comparer<{{m.Status}}>
            {
                public override int Compare({{m.Status}} x, {{m.Status}} y) => Rank(x).CompareTo(Rank(y));

                private static int Rank({{m.Status}} status) => status switch
                {
                    {{m.Status}}.Active => 0,
                    {{m.Status}}.Draft => 1,
                    {{m.Status}}.Suspended => 2,
                    _ => 3,
                };
            }
            """);
    }

    private void Exceptions(SourceFile file, string s)
    {
        var m = _m;
        var baseName = $"{m.Name}Exception{s}";
        file.Member($$"""
            /// <summary>Base of the {{m.Word}} module's errors.</summary>
            public class {{baseName}} : Exception
            {
                public {{baseName}}()
                {
                }

                public {{baseName}}(string message)
                    : base(message)
                {
                }

                public {{baseName}}(string message, Exception innerException)
                    : base(message, innerException)
                {
                }
            }
            """);
        file.Member($$"""
            public sealed class {{m.Name}}NotFoundException{{s}} : {{baseName}}
            {
                public {{m.Name}}NotFoundException{{s}}(string id)
                    : base($"No {{m.Word}} with id '{id}'.")
                {
                    Id = id;
                }

                public string Id { get; }
            }
            """);
        file.Member($$"""
            public sealed class {{m.Name}}ConflictException{{s}} : {{baseName}}
            {
                public {{m.Name}}ConflictException{{s}}({{m.Entity}} existing, {{m.Entity}} incoming)
                    : base($"The {{m.Word}} '{existing.Id}' was changed by someone else.")
                {
                    Existing = existing;
                    Incoming = incoming;
                }

                public {{m.Entity}} Existing { get; }

                public {{m.Entity}} Incoming { get; }
            }
            """);
    }

    private void AdminPlugin(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.ComponentModel", "System.Threading", "System.Threading.Tasks", "Microsoft.SemanticKernel", m.Namespace + ".Services");
        var type = $"{m.Name}AdminPlugin{s}";
        file.Open($$"""
            /// <summary>Administrative {{m.Word}} functions for operators' agents.</summary>
            public sealed class {{type}}
            """);
        file.Member($"private readonly {m.IService} _service;\nprivate readonly {m.IRepository} _repository;");
        file.Member($$"""
            public {{type}}({{m.IService}} service, {{m.IRepository}} repository)
            {
                _service = service;
                _repository = repository;
            }
            """);
        file.Member($$"""
            [KernelFunction("purge_archived_{{m.Snake}}{{s}}"), Description("Deletes archived {{m.Words}} older than the given number of days.")]
            public async Task<int> PurgeArchivedAsync([Description("Minimum age in days.")] int olderThanDays = 90, CancellationToken cancellationToken = default)
            {
                var cutoff = DateTimeOffset.UtcNow.AddDays(-Math.Max(1, olderThanDays));
                var archived = await _repository.ListAsync(new {{m.Query}}(null, {{m.Status}}.Archived, 0, 200), cancellationToken).ConfigureAwait(false);
                var deleted = 0;
                foreach (var item in archived.Where(item => item.CreatedAt < cutoff))
                {
                    if (await _repository.DeleteAsync(item.Id, cancellationToken).ConfigureAwait(false))
                    {
                        deleted++;
                    }
                }

                return deleted;
            }
            """);
        file.Member($$"""
            [KernelFunction, Description("Replaces the tags of a {{m.Word}}.")]
            public async Task<string> Retag{{m.Name}}Async(
                [Description("The {{m.Word}} id.")] string id,
                [Description("Comma-separated tags.")] string tags,
                CancellationToken cancellationToken = default)
            {
                var item = await _repository.FindAsync(_service.Normalize(id), cancellationToken).ConfigureAwait(false);
                if (item is null)
                {
                    return $"No {{m.Word}} '{id}'.";
                }

                var updated = item with { Tags = tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                await _repository.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
                return $"{updated.Id} now has {updated.Tags.Count} tag(s).";
            }
            """);
        file.Member($$"""
            [KernelFunction, Description("Counts {{m.Words}} by status.")]
            public async Task<IDictionary<string, int>> Count{{m.Name}}ByStatusAsync(CancellationToken cancellationToken = default)
            {
                var all = await _repository.ListAsync({{m.Query}}.All, cancellationToken).ConfigureAwait(false);
                return all
                    .GroupBy(item => item.Status)
                    .ToDictionary(group => group.Key.ToString(), group => group.Count(), StringComparer.OrdinalIgnoreCase);
            }
            """);
        _stats.SemanticKernelTools += 3;
        HelperMethods.Write(file, m, random, random.Next(3, 7));
        file.Close();
    }

    private void ReportingTools(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.ComponentModel", "System.Globalization", "System.Text", "System.Threading", "System.Threading.Tasks", "ModelContextProtocol.Server", m.Namespace + ".Services");
        file.Open($$"""
            /// <summary>MCP reporting tools over {{m.Words}}.</summary>
            [McpServerToolType]
            public static class {{m.Name}}ReportingTools{{s}}
            """);
        file.Member($$"""
            [McpServerTool(Name = "{{m.Snake}}_report{{s}}", ReadOnly = true, OpenWorld = false), Description("Builds a markdown table of {{m.Words}}.")]
            public static async Task<string> Build{{m.Name}}Report{{s}}(
                {{m.IRepository}} repository,
                [Description("Optional status filter: draft, active, suspended or archived.")] string? status = null,
                CancellationToken cancellationToken = default)
            {
                {{m.Status}}? filter = Enum.TryParse<{{m.Status}}>(status, ignoreCase: true, out var parsed) ? parsed : null;
                var items = await repository.ListAsync(new {{m.Query}}(null, filter, 0, 100), cancellationToken).ConfigureAwait(false);
                return RenderMarkdownTable(items);
            }
            """);
        file.Member($$"""
            [McpServerTool(Name = "{{m.Snake}}_top_tags{{s}}", ReadOnly = true), Description("The most used tags on {{m.Words}}.")]
            public static async Task<string> Top{{m.Name}}Tags{{s}}({{m.IRepository}} repository, int count = 5, CancellationToken cancellationToken = default)
            {
                var items = await repository.ListAsync({{m.Query}}.All, cancellationToken).ConfigureAwait(false);
                return string.Join(Environment.NewLine, TopTags(items, Math.Clamp(count, 1, 20)).Select(pair => $"{pair.Key}: {pair.Value}"));
            }
            """);
        _stats.McpTools += 2;
        HelperMethods.WriteNamed(file, m, "RenderMarkdownTable", "TopTags");
        HelperMethods.Write(file, m, random, random.Next(3, 7), "RenderMarkdownTable", "TopTags");
        file.Close();
    }

    private void Maintenance(SourceFile file, Random random, string s)
    {
        var m = _m;
        var env = m.Snake.ToUpperInvariant();
        file.Using("System.Diagnostics", "System.IO", "System.Net.Http", "System.Threading", "System.Threading.Tasks");
        file.Open($$"""
            /// <summary>Operator jobs run by the host's scheduler; no tool calls these.</summary>
            internal static class {{m.Name}}Maintenance{{s}}
            """);
        file.Member("""
            public static int CleanTemporaryFiles(string root, TimeSpan maxAge)
            {
                var count = 0;
                foreach (var path in Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories))
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > maxAge)
                    {
                        File.Delete(path);
                        count++;
                    }
                }

                return count;
            }
            """);
        file.Member($$"""
            public static void RestartIndexer()
            {
                using var process = Process.Start("systemctl", "restart contoso-{{m.Snake.Replace('_', '-')}}-indexer");
                process?.WaitForExit(10_000);
            }
            """);
        file.Member($"public static void ResetCacheSetting() => Environment.SetEnvironmentVariable(\"{env}_CACHE\", null);");
        file.Member($$"""
            public static async Task<string> DownloadDiagnosticsAsync(CancellationToken cancellationToken = default)
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
                return await client.GetStringAsync("https://diagnostics.contoso.example/{{m.Snake}}/latest", cancellationToken).ConfigureAwait(false);
            }
            """);
        file.Member("""
            public static string DumpConfiguration()
                => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
            """);
        HelperMethods.Write(file, m, random, random.Next(3, 7));
        file.Close();
    }

    private void ApiClient(SourceFile file, string s)
    {
        var m = _m;
        file.Using("System.Net", "System.Net.Http", "System.Text", "System.Text.Json", "System.Threading", "System.Threading.Tasks", CommonSources.SerializationNamespace);
        file.Member($$"""
            /// <summary>Client of the {{m.Word}} REST API (kept for the upcoming remote mode; not wired to any tool yet).</summary>
            public interface I{{m.Name}}ApiClient{{s}}
            {
                Task<{{m.Entity}}?> GetAsync(string id, CancellationToken cancellationToken = default);

                Task<bool> PushAsync({{m.Entity}} item, CancellationToken cancellationToken = default);
            }
            """);
        file.Member($$"""
            public sealed class {{m.Name}}ApiClient{{s}} : I{{m.Name}}ApiClient{{s}}
            {
                private readonly HttpClient _http;

                public {{m.Name}}ApiClient{{s}}(HttpClient http)
                {
                    _http = http;
                    _http.BaseAddress ??= new Uri("https://api.contoso.example/{{m.Snake}}/");
                }

                public async Task<{{m.Entity}}?> GetAsync(string id, CancellationToken cancellationToken = default)
                {
                    using var response = await _http.GetAsync(Uri.EscapeDataString(id), cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }

                    response.EnsureSuccessStatusCode();
                    var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    return JsonSerializer.Deserialize<{{m.Entity}}>(json, JsonDefaults.Options);
                }

                public async Task<bool> PushAsync({{m.Entity}} item, CancellationToken cancellationToken = default)
                {
                    using var content = new StringContent(JsonDefaults.Serialize(item), Encoding.UTF8, "application/json");
                    using var response = await _http.PutAsync(Uri.EscapeDataString(item.Id), content, cancellationToken).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                }
            }
            """);
    }

    private void Contracts(SourceFile file, Random random, string s)
    {
        var m = _m;
        file.Using("System.Text.Json", "System.Text.Json.Serialization");
        file.Member($"public sealed record Create{m.Name}Request{s}(string Name, decimal Amount, IReadOnlyList<string>? Tags);");
        file.Member($"public sealed record {m.Name}Response{s}(bool Success, string? Message, {m.Entity}? Item);");
        file.Member($$"""
            public sealed record {{m.Name}}PageResponse{{s}}(IReadOnlyList<{{m.Entity}}> Items, int Total, int Page, int PageSize)
            {
                public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;

                public bool HasNext => Page < PageCount;
            }
            """);
        file.Member($$"""
            /// <summary>Writes {{m.Status}} as lower-case text and reads it case-insensitively.</summary>
            public sealed class {{m.Name}}StatusJsonConverter{{s}} : JsonConverter<{{m.Status}}>
            {
                public override {{m.Status}} Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                    => reader.GetString() is { } text && Enum.TryParse<{{m.Status}}>(text, ignoreCase: true, out var value) ? value : {{m.Status}}.Draft;

                public override void Write(Utf8JsonWriter writer, {{m.Status}} value, JsonSerializerOptions options)
                    => writer.WriteStringValue(value.ToString().ToLowerInvariant());
            }
            """);
        string[] names = ["Filter", "Export", "Bulk", "Audit", "Preview"];
        foreach (var dto in names.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
        {
            var properties = Vocabulary.Properties.OrderBy(_ => random.Next()).Take(random.Next(3, 7)).ToList();
            file.Member($$"""
                public sealed class {{m.Name}}{{dto}}Request{{s}}
                {
                {{string.Join("\n\n", properties.Select(p => $"    [JsonPropertyName(\"{ModuleSpec.ToSnakeCase(p.Name)}\")]\n    public {p.Type} {p.Name} {{ get; set; }} = {p.Sample};"))}}
                }
                """);
        }
    }
}
