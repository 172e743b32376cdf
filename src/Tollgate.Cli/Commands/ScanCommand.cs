using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using Tollgate.Cli.Reporting;
using Tollgate.Model;

using Tollgate.Cli.Policy;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate scan</c>: builds the command and runs a scan with its reports.</summary>
internal static class ScanCommand
{
    public static readonly string[] Formats = { "console", "json", "sarif", "markdown" };

    private static readonly Argument<string[]> PathsArgument = new("path")
    {
        Description = "Plugin folders, projects (.csproj), C# files, assemblies (.dll, .exe) or packages (.nupkg) to scan. A folder is searched for projects; sources outside any project form one compilation; each folder of assemblies is one plugin with its dependencies. Compiled code is read, never run.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string[]> FormatOption = new("--format", "-f")
    {
        Description = "Report format: console (for people), json and sarif (stable, for machines), markdown (for pull requests). Repeat for several reports, each with its own --output.",
        DefaultValueFactory = _ => new[] { "console" },
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> OutputOption = new("--output", "-o")
    {
        Description = "File for the report of the --format written before it. A format without one is written to standard output.",
        DefaultValueFactory = _ => Array.Empty<string>(),
    };

    private static readonly Option<string> FailOnOption = new("--fail-on")
    {
        Description = "Exit with 1 when a finding is at or above this severity: error (default), warning, note or none.",
        DefaultValueFactory = _ => "error",
    };

    private static readonly Option<string[]> CatalogOption = new("--catalog")
    {
        Description = "Extra catalog files (format: rules/catalog/README.md) whose entries are added to the built-in catalog.",
        DefaultValueFactory = _ => Array.Empty<string>(),
    };

    private static readonly Option<string?> PackagesOption = new("--packages")
    {
        Description = "NuGet package folder to resolve the scanned projects' package references from (default: NUGET_PACKAGES or ~/.nuget/packages).",
    };

    private static readonly Option<bool> NoPackagesOption = new("--no-packages")
    {
        Description = "Reference only the framework assemblies shipped with Tollgate; package APIs are then matched by fully-qualified name.",
    };

    private static readonly Option<string> TargetFrameworkOption = new("--target-framework")
    {
        Description = "The framework the host runs plugins on, which chooses a package's lib/ folder (default: net10.0; e.g. net8.0, netstandard2.0).",
        DefaultValueFactory = _ => "net10.0",
    };

    private static readonly Option<string> PolicyOption = new("--policy")
    {
        Description = "Policy file: what the host allows plugins to do, severity overrides, the failure threshold (default: tollgate.yml in the scanned folder, if there is one). Schema: rules/tollgate.schema.json.",
    };

    private static readonly Option<string> BaselineOption = new("--baseline")
    {
        Description = "Baseline file (from 'tollgate baseline'): the findings it records are hidden and not counted by the gate; new ones still fail it.",
    };

    private static readonly Option<string> LockOption = new("--lock")
    {
        Description = "Capability lockfile (from 'tollgate lock'): a tool that is new, gains a capability, names a new host, program, path root or model source, " +
            "has a new risk or loses a mitigation fails the gate (TG9005); narrowing is reported as a note.",
    };

    private static readonly Option<string> LockOutputOption = new("--output", "-o")
    {
        Description = "The lockfile to write.",
        DefaultValueFactory = _ => "tollgate.lock.json",
    };

    private static readonly Option<string> BaselineOutputOption = new("--output", "-o")
    {
        Description = "The baseline file to write (for example tollgate.baseline.json).",
    };

    private static readonly Option<bool> NoRisksOption = new("--no-risks")
    {
        Description = "Capability inventory only: skip the data-flow analysis that raises risks (shell.unrestricted, network.ssrf, ...).",
    };

    private static readonly Option<bool> IgnoreSuppressionsOption = new("--ignore-suppressions")
    {
        Description = "Count findings the scanned code suppresses itself (#pragma warning disable, [SuppressMessage], .editorconfig severity none) in the gate: " +
            "for third-party plugins whose own suppressions you do not trust. They are marked as suppressed either way.",
    };

    private static readonly Option<bool> NoColorOption = new("--no-color")
    {
        Description = "No colour in the console report (also when NO_COLOR is set or output is redirected).",
    };

    private static readonly Option<bool> NoProgressOption = new("--no-progress")
    {
        Description = "No progress messages on standard error.",
    };

    public static Command Create()
    {
        FormatOption.AcceptOnlyFromAmong(Formats);
        FailOnOption.AcceptOnlyFromAmong("error", "warning", "note", "none");
        BaselineOutputOption.Required = true;
        var command = new Command(
            "scan",
            "Scan AI agent plugins (Semantic Kernel, MCP, Microsoft.Extensions.AI): the tools a model can call, the capabilities each can reach, " +
            "and the risks in how it uses them, each with its call trace. Exit codes: 0 the gate passes, 1 a finding is at or above --fail-on, " +
            "2 the scan could not be done as asked. Rules: rules/README.md.")
        {
            PathsArgument, FormatOption, OutputOption, FailOnOption, CatalogOption, PackagesOption, NoPackagesOption, TargetFrameworkOption, PolicyOption, BaselineOption, LockOption, NoRisksOption, IgnoreSuppressionsOption, NoColorOption,
            NoProgressOption,
        };
        command.SetAction(parseResult => Run(parseResult));
        return command;
    }

    /// <summary><c>tollgate lock</c>: the same scan, written as what each tool may do from now on.</summary>
    public static Command CreateLock()
    {
        var command = new Command(
            "lock",
            "Write a capability lockfile: per tool, its capabilities, risks (and whether each is mitigated) and the hosts, programs, path roots, " +
            "model sources and pinned model digests its code names; per assembly, what code no tool reaches names (a client's base address set " +
            "in a constructor). Commit it; 'tollgate scan --lock FILE' then fails when a new version of the plugin widens beyond it.")
        {
            PathsArgument, LockOutputOption, CatalogOption, PackagesOption, NoPackagesOption, TargetFrameworkOption, PolicyOption, NoRisksOption, NoProgressOption,
        };
        command.SetAction(parseResult =>
        {
            var (report, _, exit) = ScanAsAsked(parseResult, Console.Error);
            if (report == null)
            {
                return exit;
            }

            var output = parseResult.GetValue(LockOutputOption)!;
            var lockfile = Lockfile.Of(report);
            if (WriteFile(output, lockfile.Write, Console.Error) is { } failed)
            {
                return failed;
            }

            Console.Out.WriteLine($"{output}: {lockfile.Tools.Count} tools locked.");
            return ExitCodes.Passed;
        });
        return command;
    }

    private static readonly Argument<string> OldArgument = new("old") { Description = "The plugin as it was: a folder, project, assembly or package." };
    private static readonly Argument<string> NewArgument = new("new") { Description = "The plugin as it is now." };

    private static readonly Option<string> DiffFormatOption = new("--format", "-f")
    {
        Description = "console (for people), json (for machines), markdown (for pull requests).",
        DefaultValueFactory = _ => "console",
    };

    private static readonly Option<string> DiffOutputOption = new("--output", "-o")
    {
        Description = "File to write the report to (default: standard output).",
    };

    /// <summary><c>tollgate diff</c>: two versions of a plugin, what each tool gained and lost.</summary>
    public static Command CreateDiff()
    {
        DiffFormatOption.AcceptOnlyFromAmong("console", "json", "markdown");
        var command = new Command(
            "diff",
            "Compare two versions of a plugin (folders, assemblies or packages) tool by tool: tools added and removed, capabilities, hosts, programs, " +
            "path roots and model sources gained and lost, risks new, gone, mitigated or no longer mitigated. Exit code 0, or 2 when a version cannot be scanned.")
        {
            OldArgument, NewArgument, DiffFormatOption, DiffOutputOption, CatalogOption, PackagesOption, NoPackagesOption, TargetFrameworkOption, NoRisksOption, NoProgressOption,
        };
        command.SetAction(parseResult =>
        {
            var stderr = Console.Error;
            var before = ScanAsAsked(parseResult, stderr, new[] { parseResult.GetValue(OldArgument)! });
            if (before.Report == null)
            {
                return before.Exit;
            }

            var after = ScanAsAsked(parseResult, stderr, new[] { parseResult.GetValue(NewArgument)! });
            if (after.Report == null)
            {
                return after.Exit;
            }

            var changes = Lockfile.Of(before.Report).Differences(Lockfile.Of(after.Report));
            var format = parseResult.GetValue(DiffFormatOption) ?? "console";
            var output = parseResult.GetValue(DiffOutputOption);
            var text = DriftReport.Write(format, parseResult.GetValue(OldArgument)!, parseResult.GetValue(NewArgument)!, changes);
            if (output == null)
            {
                Console.Out.Write(text);
                return ExitCodes.Passed;
            }

            return WriteFile(output, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)), stderr) ?? ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Writes a file whole, or reports why it could not (exit 2).</summary>
    private static int? WriteFile(string path, Action<Stream> write, TextWriter stderr)
    {
        try
        {
            using var stream = new MemoryStream();
            write(stream);
            File.WriteAllBytes(path, stream.ToArray());
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"could not write {path}: {ex.Message}");
        }
    }

    /// <summary><c>tollgate baseline</c>: the same scan, written as the findings a team accepts for now.</summary>
    public static Command CreateBaseline()
    {
        var command = new Command(
            "baseline",
            "Record the current findings of a scan in a baseline file, each with a reason to fill in. 'tollgate scan --baseline FILE' then hides them " +
            "and fails only on new findings. Problems of the scan itself (family 9) are never recorded. Rewriting a baseline keeps the reasons already written.")
        {
            PathsArgument, BaselineOutputOption, CatalogOption, PackagesOption, NoPackagesOption, TargetFrameworkOption, PolicyOption, NoRisksOption, NoProgressOption,
        };
        command.SetAction(parseResult => RunBaseline(parseResult));
        return command;
    }

    private static int RunBaseline(ParseResult parseResult)
    {
        var stderr = Console.Error;
        var output = parseResult.GetValue(BaselineOutputOption)!;
        Baseline? previous = null;
        if (File.Exists(output))
        {
            try
            {
                previous = Baseline.Read(output);
            }
            catch (InvalidDataException ex)
            {
                return Usage(stderr, ex.Message + " (remove it to write a new one)");
            }
        }

        var (report, _, exit) = ScanAsAsked(parseResult, stderr);
        if (report == null)
        {
            return exit;
        }

        var baseline = Baseline.Of(report, previous);
        if (WriteFile(output, baseline.Write, stderr) is { } failed)
        {
            return failed;
        }

        Console.Out.WriteLine($"{output}: {baseline.Entries.Count} findings recorded, {baseline.WithoutReason} without a reason yet.");
        return ExitCodes.Passed;
    }

    /// <summary>Checks the arguments, reads the policy, scans and applies the policy; on a problem, the exit code instead of a report.</summary>
    private static (ScanReport? Report, Severity FailOn, int Exit) ScanAsAsked(ParseResult parseResult, TextWriter stderr, IReadOnlyList<string>? scanned = null)
    {
        var paths = scanned ?? parseResult.GetValue(PathsArgument) ?? Array.Empty<string>();
        SeverityNames.TryParse(parseResult.GetValue(FailOnOption) ?? "error", out var failOn);

        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return (null, failOn, Usage(stderr, $"'{path}' does not exist."));
            }
        }

        foreach (var catalogFile in parseResult.GetValue(CatalogOption) ?? Array.Empty<string>())
        {
            if (!File.Exists(catalogFile))
            {
                return (null, failOn, Usage(stderr, $"catalog file '{catalogFile}' does not exist."));
            }
        }

        var settings = new ScanSettings(
            paths,
            parseResult.GetValue(CatalogOption) ?? Array.Empty<string>(),
            parseResult.GetValue(PackagesOption),
            !parseResult.GetValue(NoPackagesOption),
            !parseResult.GetValue(NoRisksOption))
        {
            TargetFramework = parseResult.GetValue(TargetFrameworkOption) ?? "net10.0",
        };

        // The policy is read first: a policy that cannot be used stops the scan before anything is reported as passing.
        PolicyFile? policy;
        try
        {
            policy = FindPolicy(parseResult.GetValue(PolicyOption), paths);
        }
        catch (PolicyException ex)
        {
            stderr.WriteLine($"tollgate: policy error: {ex.Message}");
            return (null, failOn, ExitCodes.UsageError);
        }

        if (policy?.FailOn is { } policyFailOn && !parseResult.Tokens.Any(t => t.Value == FailOnOption.Name))
        {
            failOn = policyFailOn;
        }

        IProgressSink progress = parseResult.GetValue(NoProgressOption) || Console.IsErrorRedirected ? NullProgress.Instance : new ConsoleProgress(stderr);
        ScanReport report;
        try
        {
            var (catalog, catalogProblems) = Scanner.LoadCatalog(settings.CatalogFiles, file => Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/'));
            report = new Scanner(progress).Scan(settings, catalog, catalogProblems, CancellationToken.None) with
            {
                CountsSuppressed = parseResult.GetValue(IgnoreSuppressionsOption),
            };
            if (policy != null)
            {
                report = report with { Findings = Scanner.Order(PolicyApplier.Apply(policy, report.Findings, report.EntryPoints)) };
            }
        }
        catch (NothingToScanException ex)
        {
            progress.Done();
            return (null, failOn, Usage(stderr, ex.Message));
        }
        catch (IOException ex)
        {
            progress.Done();
            return (null, failOn, Usage(stderr, ex.Message));
        }

        progress.Done();
        return (report, failOn, ExitCodes.Passed);
    }

    private static int Run(ParseResult parseResult)
    {
        var stdout = Console.Out;
        var stderr = Console.Error;
        var (reports, pairingError) = PairFormatsWithOutputs(parseResult);
        if (pairingError != null)
        {
            return Usage(stderr, pairingError);
        }

        Baseline? baseline = null;
        Lockfile? lockfile = null;
        try
        {
            baseline = parseResult.GetValue(BaselineOption) is { } baselineFile ? Baseline.Read(baselineFile) : null;
            lockfile = parseResult.GetValue(LockOption) is { } lockFile ? Lockfile.Read(lockFile) : null;
        }
        catch (InvalidDataException ex)
        {
            return Usage(stderr, ex.Message);
        }

        var (report, failOn, exit) = ScanAsAsked(parseResult, stderr);
        if (report == null)
        {
            return exit;
        }

        if (lockfile != null)
        {
            var drift = lockfile.Compare(report, parseResult.GetValue(LockOption)!.Replace('\\', '/'));
            report = report with { Findings = Scanner.Order(report.Findings.Concat(drift)) };
        }

        if (baseline != null)
        {
            report = report with { Findings = baseline.Apply(report.Findings) };
        }

        var gateFailed = failOn != Severity.None && report.Findings.Any(f => f.Severity >= failOn && report.Counts(f));
        var color = !parseResult.GetValue(NoColorOption) && Environment.GetEnvironmentVariable("NO_COLOR") == null && !Console.IsOutputRedirected;
        var wroteToStdout = false;
        foreach (var (format, target) in reports)
        {
            wroteToStdout |= target == null;
            try
            {
                WriteReport(format, report, failOn, gateFailed, target, target == null && color, stdout);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Usage(stderr, $"could not write {target}: {ex.Message}");
            }
        }

        if (!wroteToStdout)
        {
            new ConsoleReport(stdout, color).Write(report, failOn, gateFailed);
        }

        return gateFailed ? ExitCodes.GateFailed : ExitCodes.Passed;
    }

    /// <summary>
    /// Each --output belongs to the --format written before it (an --output before any --format belongs to the first);
    /// a format without one goes to standard output, which only one report may use.
    /// </summary>
    internal static (List<(string Format, string? Output)> Reports, string? Error) PairFormatsWithOutputs(ParseResult parseResult)
    {
        var reports = new List<(string Format, string? Output)>();
        var pendingOutputs = new List<string>();
        string? lastOption = null;
        foreach (var token in parseResult.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.Option)
            {
                lastOption = FormatOption.Name == token.Value || FormatOption.Aliases.Contains(token.Value) ? "format"
                    : OutputOption.Name == token.Value || OutputOption.Aliases.Contains(token.Value) ? "output" : null;
                continue;
            }

            if (token.Type != System.CommandLine.Parsing.TokenType.Argument || lastOption == null)
            {
                continue;
            }

            if (lastOption == "format")
            {
                reports.Add((token.Value, null));
            }
            else if (reports.Count > 0 && reports[reports.Count - 1].Output == null)
            {
                reports[reports.Count - 1] = (reports[reports.Count - 1].Format, token.Value);
            }
            else if (reports.Count == 0)
            {
                pendingOutputs.Add(token.Value);
            }
            else
            {
                return (reports, $"--output {token.Value} follows a --format that already has an output; give one --format before each --output.");
            }

            lastOption = null;
        }

        if (reports.Count == 0)
        {
            reports.Add(("console", null));
        }

        for (var i = 0; i < pendingOutputs.Count; i++)
        {
            if (i >= reports.Count || reports[i].Output != null)
            {
                return (reports, $"{pendingOutputs.Count} --output given before any --format; give one --format per --output.");
            }

            reports[i] = (reports[i].Format, pendingOutputs[i]);
        }

        if (reports.Count(r => r.Output == null) > 1)
        {
            return (reports, "Only one report can go to standard output; give an --output after each other --format.");
        }

        return (reports, null);
    }

    private static void WriteReport(string format, ScanReport report, Severity failOn, bool gateFailed, string? target, bool color, TextWriter stdout)
    {
        if (format is "json" or "sarif")
        {
            using var stream = target == null ? Console.OpenStandardOutput() : new FileStream(target, FileMode.Create, FileAccess.Write);
            if (format == "json")
            {
                JsonReport.Write(report, stream);
            }
            else
            {
                SarifReport.Write(report, stream);
            }

            return;
        }

        using var writer = target == null ? null : new StreamWriter(target, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        var output = writer ?? stdout;
        if (format == "markdown")
        {
            MarkdownReport.Write(report, failOn, gateFailed, output);
        }
        else
        {
            new ConsoleReport(output, color).Write(report, failOn, gateFailed);
        }

        output.Flush();
    }

    /// <summary>The policy given, else <c>tollgate.yml</c> in the scanned folder; null when there is none.</summary>
    private static PolicyFile? FindPolicy(string? given, IReadOnlyList<string> paths)
    {
        if (given != null)
        {
            return PolicyFile.Load(given, given);
        }

        var root = Scanner.ScanRoot(paths);
        var found = Path.Combine(root, PolicyFile.DefaultName);
        return File.Exists(found) ? PolicyFile.Load(found, PolicyFile.DefaultName) : null;
    }

    internal static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"tollgate: {message}");
        stderr.WriteLine("Run 'tollgate scan --help' for usage.");
        return ExitCodes.UsageError;
    }
}
