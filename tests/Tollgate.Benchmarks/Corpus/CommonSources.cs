using System.Collections.Generic;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>
/// The shared helpers every module may use: the risky primitives (process, HTTP, files, environment,
/// assembly loading) wrapped the way real plugins wrap them, plus text and JSON utilities.
/// </summary>
internal static class CommonSources
{
    public const string Root = "Contoso.Agents.Common";

    public const string InfrastructureNamespace = Root + ".Infrastructure";
    public const string StorageNamespace = Root + ".Storage";
    public const string ConfigurationNamespace = Root + ".Configuration";
    public const string ExtensibilityNamespace = Root + ".Extensibility";
    public const string TextNamespace = Root + ".Text";
    public const string SerializationNamespace = Root + ".Serialization";

    /// <summary>The fixed Common files; the hosting composition root is written separately.</summary>
    public static IEnumerable<SourceFile> Create()
    {
        yield return ShellRunner();
        yield return HttpGateway();
        yield return FileStore();
        yield return EnvironmentSettings();
        yield return ExtensionLoader();
        yield return TextExtensions();
        yield return JsonDefaults();
        yield return Guard();
        yield return OperationResult();
    }

    public const int FileCount = 10;

    private static SourceFile ShellRunner()
    {
        var file = new SourceFile("src/Common/Infrastructure/ShellRunner.cs", InfrastructureNamespace)
            .Using("System", "System.Diagnostics", "System.Text", "System.Threading", "System.Threading.Tasks");
        file.Member("""
            /// <summary>The outcome of a finished child process.</summary>
            public sealed record ShellResult(int ExitCode, string StandardOutput, string StandardError)
            {
                public bool Succeeded => ExitCode == 0;

                public string CombinedOutput => string.IsNullOrEmpty(StandardError) ? StandardOutput : StandardOutput + Environment.NewLine + StandardError;
            }
            """);
        file.Member("""
            /// <summary>Runs command-line tools and captures their output.</summary>
            public static class ShellRunner
            {
                public static async Task<ShellResult> RunAsync(string fileName, string arguments, string? workingDirectory = null, CancellationToken cancellationToken = default)
                {
                    var startInfo = new ProcessStartInfo(fileName, arguments)
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                        CreateNoWindow = true,
                        WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
                    };

                    using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
                    var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
                    var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    return new ShellResult(process.ExitCode, await standardOutput.ConfigureAwait(false), await standardError.ConfigureAwait(false));
                }

                public static Task<ShellResult> RunShellAsync(string commandLine, CancellationToken cancellationToken = default)
                    => OperatingSystem.IsWindows()
                        ? RunAsync("cmd.exe", "/c " + commandLine, null, cancellationToken)
                        : RunAsync("/bin/sh", "-c \"" + commandLine.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", null, cancellationToken);

                public static string Quote(string argument)
                {
                    if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"', '\'' }) < 0)
                    {
                        return argument;
                    }

                    var builder = new StringBuilder("\"");
                    foreach (var c in argument)
                    {
                        if (c == '"' || c == '\\')
                        {
                            builder.Append('\\');
                        }

                        builder.Append(c);
                    }

                    return builder.Append('"').ToString();
                }
            }
            """);
        return file;
    }

    private static SourceFile HttpGateway()
    {
        var file = new SourceFile("src/Common/Infrastructure/HttpGateway.cs", InfrastructureNamespace)
            .Using("System", "System.Net.Http", "System.Text", "System.Text.Json", "System.Threading", "System.Threading.Tasks", SerializationNamespace);
        file.Member("""
            /// <summary>A thin wrapper over <see cref="HttpClient"/> with JSON helpers.</summary>
            public sealed class HttpGateway : IDisposable
            {
                private static readonly Lazy<HttpGateway> SharedInstance = new(() => new HttpGateway(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }));
                private readonly HttpClient _client;

                public HttpGateway(HttpClient client)
                {
                    _client = client ?? throw new ArgumentNullException(nameof(client));
                }

                public static HttpGateway Shared => SharedInstance.Value;

                public Task<string> GetStringAsync(string url, CancellationToken cancellationToken = default)
                    => _client.GetStringAsync(url, cancellationToken);

                public async Task<T?> GetJsonAsync<T>(string url, CancellationToken cancellationToken = default)
                {
                    var json = await GetStringAsync(url, cancellationToken).ConfigureAwait(false);
                    return JsonSerializer.Deserialize<T>(json, JsonDefaults.Options);
                }

                public async Task<string> PostJsonAsync<T>(string url, T payload, CancellationToken cancellationToken = default)
                {
                    using var content = new StringContent(JsonSerializer.Serialize(payload, JsonDefaults.Options), Encoding.UTF8, "application/json");
                    using var response = await _client.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                }

                public void Dispose() => _client.Dispose();
            }
            """);
        return file;
    }

    private static SourceFile FileStore()
    {
        var file = new SourceFile("src/Common/Storage/FileStore.cs", StorageNamespace)
            .Using("System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading", "System.Threading.Tasks");
        file.Member("""
            /// <summary>File helpers shared by the modules that keep attachments and notes on disk.</summary>
            public static class FileStore
            {
                public static string ReadText(string path) => File.ReadAllText(path, Encoding.UTF8);

                public static Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default)
                    => File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);

                public static void WriteText(string path, string content)
                {
                    var directory = Path.GetDirectoryName(path);
                    if (!string.IsNullOrEmpty(directory))
                    {
                        Directory.CreateDirectory(directory);
                    }

                    File.WriteAllText(path, content, Encoding.UTF8);
                }

                public static IReadOnlyList<string> ListFiles(string directory, string pattern = "*")
                    => Directory.Exists(directory)
                        ? Directory.EnumerateFiles(directory, pattern, SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
                        : Array.Empty<string>();

                /// <summary>Resolves <paramref name="relativePath"/> under <paramref name="root"/> and refuses paths that leave it.</summary>
                public static string ResolveUnder(string root, string relativePath)
                {
                    var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    var candidate = Path.GetFullPath(Path.Combine(fullRoot, relativePath));
                    if (!candidate.StartsWith(fullRoot, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException($"'{relativePath}' is outside the storage root.");
                    }

                    return candidate;
                }
            }
            """);
        file.Member("""
            /// <summary>Path-flavoured string extensions.</summary>
            public static class FileSystemExtensions
            {
                public static string ReadAllTextOrEmpty(this string path)
                    => File.Exists(path) ? File.ReadAllText(path) : string.Empty;

                public static string WithExtension(this string path, string extension)
                    => Path.ChangeExtension(path, extension.StartsWith('.') ? extension : "." + extension);

                public static bool IsHidden(this FileInfo file)
                    => file.Name.StartsWith('.') || file.Attributes.HasFlag(FileAttributes.Hidden);
            }
            """);
        return file;
    }

    private static SourceFile EnvironmentSettings()
    {
        var file = new SourceFile("src/Common/Configuration/EnvironmentSettings.cs", ConfigurationNamespace)
            .Using("System", "System.Globalization");
        file.Member("""
            /// <summary>Reads settings from environment variables, with defaults.</summary>
            public static class EnvironmentSettings
            {
                public static string? Get(string name) => Environment.GetEnvironmentVariable(name);

                public static string Get(string name, string fallback)
                {
                    var value = Environment.GetEnvironmentVariable(name);
                    return string.IsNullOrWhiteSpace(value) ? fallback : value;
                }

                public static string GetRequired(string name)
                    => Environment.GetEnvironmentVariable(name)
                        ?? throw new InvalidOperationException($"The environment variable '{name}' is not set.");

                public static int GetInt(string name, int fallback)
                    => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

                public static bool GetFlag(string name)
                    => Environment.GetEnvironmentVariable(name) is { } value
                        && (value.Equals("1", StringComparison.Ordinal) || value.Equals("true", StringComparison.OrdinalIgnoreCase));
            }
            """);
        return file;
    }

    private static SourceFile ExtensionLoader()
    {
        var file = new SourceFile("src/Common/Extensibility/ExtensionLoader.cs", ExtensibilityNamespace)
            .Using("System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Reflection");
        file.Member("""
            /// <summary>Loads extension assemblies and instantiates the types that implement a contract.</summary>
            public static class ExtensionLoader
            {
                public static Assembly LoadFrom(string assemblyPath)
                {
                    if (!File.Exists(assemblyPath))
                    {
                        throw new FileNotFoundException("Extension assembly not found.", assemblyPath);
                    }

                    return Assembly.LoadFrom(assemblyPath);
                }

                public static IReadOnlyList<T> CreateInstances<T>(Assembly assembly)
                    where T : class
                    => assembly.GetTypes()
                        .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(T).IsAssignableFrom(type))
                        .Select(type => Activator.CreateInstance(type) as T)
                        .OfType<T>()
                        .ToList();
            }
            """);
        return file;
    }

    private static SourceFile TextExtensions()
    {
        var file = new SourceFile("src/Common/Text/TextExtensions.cs", TextNamespace)
            .Using("System", "System.Collections.Generic", "System.Globalization", "System.Linq", "System.Text");
        file.Member("""
            /// <summary>String helpers used across the modules.</summary>
            public static class TextExtensions
            {
                public static string Slugify(this string value)
                {
                    var builder = new StringBuilder(value.Length);
                    var lastWasDash = false;
                    foreach (var c in value.Normalize(NormalizationForm.FormD))
                    {
                        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                        {
                            continue;
                        }

                        if (char.IsLetterOrDigit(c))
                        {
                            builder.Append(char.ToLowerInvariant(c));
                            lastWasDash = false;
                        }
                        else if (!lastWasDash && builder.Length > 0)
                        {
                            builder.Append('-');
                            lastWasDash = true;
                        }
                    }

                    return builder.ToString().TrimEnd('-');
                }

                public static string Truncate(this string value, int maxLength, string ellipsis = "...")
                    => value.Length <= maxLength ? value : value[..Math.Max(0, maxLength - ellipsis.Length)] + ellipsis;

                public static string ToSnakeCase(this string value)
                    => string.Concat(value.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

                public static string NormalizeWhitespace(this string value)
                    => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

                public static IReadOnlyList<string> SplitTags(this string value)
                    => value.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(tag => tag.ToLowerInvariant())
                        .Distinct(StringComparer.Ordinal)
                        .ToList();

                public static bool ContainsIgnoreCase(this string value, string part)
                    => value.Contains(part, StringComparison.OrdinalIgnoreCase);
            }
            """);
        return file;
    }

    private static SourceFile JsonDefaults()
    {
        var file = new SourceFile("src/Common/Serialization/JsonDefaults.cs", SerializationNamespace)
            .Using("System.Text.Encodings.Web", "System.Text.Json", "System.Text.Json.Serialization");
        file.Member("""
            /// <summary>The JSON settings every tool result uses.</summary>
            public static class JsonDefaults
            {
                public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
                {
                    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                    WriteIndented = false,
                    Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
                };

                public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
            }
            """);
        return file;
    }

    private static SourceFile Guard()
    {
        var file = new SourceFile("src/Common/Guard.cs", Root)
            .Using("System", "System.Collections.Generic", "System.Runtime.CompilerServices");
        file.Member("""
            /// <summary>Argument checks with the caller's argument name.</summary>
            public static class Guard
            {
                public static string NotNullOrWhiteSpace(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
                    => string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", name) : value;

                public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
                    where T : class
                    => value ?? throw new ArgumentNullException(name);

                public static int InRange(int value, int minimum, int maximum, [CallerArgumentExpression(nameof(value))] string? name = null)
                    => value < minimum || value > maximum
                        ? throw new ArgumentOutOfRangeException(name, value, $"Expected a value from {minimum} to {maximum}.")
                        : value;

                public static IReadOnlyCollection<T> NotEmpty<T>(IReadOnlyCollection<T>? values, [CallerArgumentExpression(nameof(values))] string? name = null)
                    => values is { Count: > 0 } ? values : throw new ArgumentException("At least one value is required.", name);
            }
            """);
        return file;
    }

    private static SourceFile OperationResult()
    {
        var file = new SourceFile("src/Common/OperationResult.cs", Root)
            .Using("System");
        file.Member("""
            /// <summary>A success value or an error message, for tool results that should not throw.</summary>
            public readonly record struct OperationResult<T>(bool Succeeded, T? Value, string? Error)
            {
                public static OperationResult<T> Ok(T value) => new(true, value, null);

                public static OperationResult<T> Fail(string error) => new(false, default, error);

                public TResult Match<TResult>(Func<T, TResult> onSuccess, Func<string, TResult> onFailure)
                    => Succeeded && Value is not null ? onSuccess(Value) : onFailure(Error ?? "Unknown error.");

                public override string ToString() => Succeeded ? $"ok: {Value}" : $"error: {Error}";
            }
            """);
        return file;
    }
}
