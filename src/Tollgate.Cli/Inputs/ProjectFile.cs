using System;
using System.Collections.Generic;
using System.Linq;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// What a project file says that changes how its sources bind, read as XML (never evaluated):
/// the SDK's implicit global usings and the project's own <c>&lt;Using&gt;</c> items.
/// </summary>
internal sealed class ProjectFile
{
    private static readonly string[] BaseUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    private static readonly string[] WebUsings =
    {
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    };

    private static readonly string[] WorkerUsings =
    {
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    };

    private ProjectFile(IReadOnlyList<string> globalUsings, IReadOnlyList<(string Alias, string Target)> aliases)
    {
        GlobalUsings = globalUsings;
        Aliases = aliases;
    }

    public IReadOnlyList<string> GlobalUsings { get; }

    public IReadOnlyList<(string Alias, string Target)> Aliases { get; }

    /// <summary>Loose sources (no project, or a file-based app): the SDK's default implicit usings, which such code relies on.</summary>
    public static ProjectFile ForLooseSources() => new(BaseUsings, Array.Empty<(string, string)>());

    /// <summary>Whether the project uses an SDK whose shared framework Tollgate does not ship (ASP.NET Core, Windows Desktop).</summary>
    public string? UnshippedFramework { get; private init; }

    public static ProjectFile Read(string path)
    {
        var document = ReferenceResolver.LoadXml(path);
        if (document?.Root == null)
        {
            return new ProjectFile(Array.Empty<string>(), Array.Empty<(string, string)>());
        }

        var sdk = ((string?)document.Root.Attribute("Sdk") ?? "").Trim();
        var implicitUsings = document.Descendants().Where(e => e.Name.LocalName == "ImplicitUsings").Select(e => e.Value.Trim()).LastOrDefault();
        var usings = new List<string>();
        if (string.Equals(implicitUsings, "enable", StringComparison.OrdinalIgnoreCase) || string.Equals(implicitUsings, "true", StringComparison.OrdinalIgnoreCase))
        {
            usings.AddRange(BaseUsings);
            if (sdk.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase))
            {
                usings.AddRange(WebUsings);
            }
            else if (sdk.StartsWith("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase))
            {
                usings.AddRange(WorkerUsings);
            }
        }

        var aliases = new List<(string, string)>();
        foreach (var item in document.Descendants().Where(e => e.Name.LocalName == "Using"))
        {
            var include = ((string?)item.Attribute("Include"))?.Trim();
            var remove = ((string?)item.Attribute("Remove"))?.Trim();
            if (!string.IsNullOrEmpty(remove))
            {
                usings.Remove(remove!);
            }

            if (string.IsNullOrEmpty(include) || !IsName(include!))
            {
                continue;
            }

            var alias = ((string?)item.Attribute("Alias"))?.Trim();
            var isStatic = string.Equals(((string?)item.Attribute("Static"))?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            if (!string.IsNullOrEmpty(alias) && IsName(alias!))
            {
                aliases.Add((alias!, include!));
            }
            else if (!isStatic)
            {
                usings.Add(include!);
            }
        }

        var unshipped = sdk.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase) || sdk.StartsWith("Microsoft.NET.Sdk.Razor", StringComparison.OrdinalIgnoreCase)
            || document.Descendants().Any(e => e.Name.LocalName == "FrameworkReference" && ((string?)e.Attribute("Include"))?.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase) == true)
            ? "Microsoft.AspNetCore.App"
            : null;
        return new ProjectFile(usings.Distinct(StringComparer.Ordinal).ToList(), aliases) { UnshippedFramework = unshipped };
    }

    /// <summary>The generated file the SDK would add: <c>global using global::X;</c> lines.</summary>
    public string GlobalUsingsSource()
    {
        var lines = GlobalUsings.Select(u => $"global using global::{u};")
            .Concat(Aliases.Select(a => $"global using {a.Alias} = global::{a.Target};"));
        return string.Join("\n", lines) + "\n";
    }

    private static bool IsName(string text) => text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_');
}
