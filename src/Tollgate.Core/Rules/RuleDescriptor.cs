using System.Collections.Generic;
using System.Linq;
using Tollgate.Model;

namespace Tollgate.Rules;

/// <summary>A rule as reports list it: id, title, default severity, what it is about, and its page.</summary>
public sealed record RuleDescriptor(
    string Id,
    string Name,
    string Title,
    Severity DefaultSeverity,
    string? Capability,
    string? Risk,
    string Summary)
{
    /// <summary>Path of the rule's page inside the repository.</summary>
    public string PagePath => $"rules/{Id}.md";

    public string HelpUri => RuleRegistry.HelpBaseUri + Id + ".md";
}

/// <summary>All rules Tollgate reports.</summary>
public static class RuleRegistry
{
    public const string HelpBaseUri = "https://github.com/tollgate-scanner/tollgate/blob/main/rules/";

    public static IReadOnlyList<RuleDescriptor> All { get; } = new[]
    {
        Capability(RuleIds.ProcessExec, Capabilities.ProcessExec, "ReachesProcessExecution", "A tool can start a process or a shell"),
        Capability(RuleIds.NetworkOutbound, Capabilities.NetworkOutbound, "ReachesNetwork", "A tool can send or receive over the network"),
        Capability(RuleIds.FilesystemRead, Capabilities.FilesystemRead, "ReachesFileRead", "A tool can read files or list directories"),
        Capability(RuleIds.FilesystemWrite, Capabilities.FilesystemWrite, "ReachesFileWrite", "A tool can create, change, move or delete files"),
        Capability(RuleIds.EnvironmentRead, Capabilities.EnvironmentRead, "ReachesEnvironment", "A tool can read environment variables or machine identity"),
        Capability(RuleIds.SecretsRead, Capabilities.SecretsRead, "ReachesSecrets", "A tool can read credentials or well-known secret files"),
        Capability(RuleIds.SystemModify, Capabilities.SystemModify, "ReachesSystemChange", "A tool can change the machine outside files"),
        Capability(RuleIds.CodeDynamic, Capabilities.CodeDynamic, "ReachesDynamicCode", "A tool can load or generate code at run time"),
        Capability(RuleIds.NativeInterop, Capabilities.NativeInterop, "ReachesNativeCode", "A tool can call native code"),
        Capability(RuleIds.ModelDownload, Capabilities.ModelDownload, "ReachesModelDownload", "A tool can download model weights or artifacts"),
        Capability(RuleIds.ModelLoad, Capabilities.ModelLoad, "ReachesModelLoad", "A tool can load and run model weights"),
        Capability(RuleIds.DeserializationUnsafe, Capabilities.DeserializationUnsafe, "ReachesUnsafeDeserializer", "A tool can use a deserializer that instantiates arbitrary types"),
        Capability(RuleIds.DatabaseAccess, Capabilities.DatabaseAccess, "ReachesDatabase", "A tool can query or change a database"),
        Risk(RuleIds.ShellUnrestricted, Capabilities.ProcessExec, Risks.ShellUnrestricted, "UnrestrictedShell", "Model-controlled data reaches a process or a shell",
            "Model-controlled data chooses the program or its arguments, or a shell interpreter runs a command line that is not constant."),
        Risk(RuleIds.NetworkExfiltration, Capabilities.NetworkOutbound, Risks.NetworkExfiltration, "Exfiltration", "Sensitive data is sent over the network",
            "Secrets, environment variables, file contents or clipboard data reach a request's body, URL or message."),
        Risk(RuleIds.NetworkSsrf, Capabilities.NetworkOutbound, Risks.NetworkSsrf, "ServerSideRequestForgery", "Model-controlled data chooses a request's destination",
            "A model-controlled URL, host or port reaches an outbound request with no allow-list check on the way."),
        Risk(RuleIds.FilesystemTraversal, Capabilities.FilesystemRead, Risks.FilesystemTraversal, "PathTraversal", "Model-controlled data chooses a file path",
            "A model-controlled path reaches a file read or write with no containment check (full path resolved, then checked to lie under a root)."),
        Risk(RuleIds.CodeInjection, Capabilities.CodeDynamic, Risks.CodeInjection, "CodeInjection", "Model-controlled or downloaded data reaches code loading",
            "Model-controlled or downloaded data becomes code that is compiled, evaluated or loaded."),
        Risk(RuleIds.ModelUnverifiedDownload, Capabilities.ModelDownload, Risks.ModelUnverifiedDownload, "UnverifiedModelDownload", "Model weights are downloaded without an integrity check",
            "Model weights are downloaded and used without comparing a pinned digest first, or from a source the model chooses."),
        Risk(RuleIds.ModelUnsafeFormat, Capabilities.ModelLoad, Risks.ModelUnsafeFormat, "UnsafeModelFormat", "A model format that runs code on load is loaded",
            "A pickle-based checkpoint (.pt, .pth, .pkl, .bin, .ckpt) or another format that can run code when loaded."),
        Risk(RuleIds.DeserializationUntrusted, Capabilities.DeserializationUnsafe, Risks.DeserializationUntrusted, "UntrustedDeserialization", "Untrusted data reaches an unsafe deserializer",
            "Model-controlled or downloaded data reaches a deserializer that can instantiate arbitrary types."),
        Risk(RuleIds.DatabaseUnrestricted, Capabilities.DatabaseAccess, Risks.DatabaseUnrestricted, "UnrestrictedDatabaseCommand", "Model-controlled text becomes a database command",
            "Model-controlled text becomes part of SQL, a query document or a script instead of a bound parameter."),
        Risk(RuleIds.DeclarationMismatch, null, Risks.DeclarationMismatch, "DeclarationMismatch", "A tool's declaration contradicts what it can do",
            "MCP annotations (ReadOnly, Destructive, OpenWorld) or the description's claims contradict the capabilities the tool reaches."),
        Risk(RuleIds.DescriptionInjection, null, Risks.DescriptionInjection, "DescriptionInjection", "A description addresses the model, not the user",
            "A tool or parameter description carries instructions to the model, hidden-action requests, or invisible or bidirectional Unicode."),
        new RuleDescriptor(RuleIds.InputUnreadable, "InputUnreadable", "An input could not be read", Severity.Error, null, null,
            "A file or folder given to the scan could not be read or parsed; what it contains was not checked."),
        new RuleDescriptor(RuleIds.CatalogEntryInvalid, "CatalogEntryInvalid", "A catalog entry is invalid", Severity.Error, null, null,
            "A line of a catalog file could not be read; the entry it meant to add is missing from the scan."),
        new RuleDescriptor(RuleIds.ReferencesUnresolved, "ReferencesUnresolved", "References could not be resolved; matched by name", Severity.Note, null, null,
            "Some assemblies or packages the scanned code references were not found; APIs were matched by their fully-qualified names instead of by symbol."),
        new RuleDescriptor(RuleIds.SourceErrors, "SourceErrors", "Source has syntax errors", Severity.Warning, null, null,
            "A source file has syntax errors; the parts the parser recovered were scanned."),
        new RuleDescriptor(RuleIds.LockDrift, "LockDrift", "A plugin differs from its capability lock", Severity.Error, null, null,
            "A tool is new, reaches a new capability, names a new host, program, path root or model source, has a new risk or lost a mitigation, compared with tollgate.lock.json (errors); or it narrowed (notes)."),
        new RuleDescriptor(RuleIds.SuppressionUnjustified, "SuppressionUnjustified", "A finding is suppressed without a justification", Severity.Note, null, null,
            "The scanned code suppresses a finding (#pragma, [SuppressMessage], .editorconfig) without saying why, or with the code fix's placeholder."),
    };

    private static readonly Dictionary<string, RuleDescriptor> ById = All.ToDictionary(r => r.Id);
    private static readonly Dictionary<string, RuleDescriptor> ByRisk = All.Where(r => r.Risk != null).ToDictionary(r => r.Risk!);
    private static readonly Dictionary<string, RuleDescriptor> ByCapability =
        All.Where(r => r.Capability != null && r.Risk == null).ToDictionary(r => r.Capability!);

    public static RuleDescriptor Get(string id) => ById[id];

    public static bool TryGet(string id, out RuleDescriptor rule) => ById.TryGetValue(id, out rule!);

    public static RuleDescriptor ForCapability(string capability) => ByCapability[capability];

    public static RuleDescriptor ForRisk(string risk) => ByRisk[risk];

    private static RuleDescriptor Risk(string id, string? capability, string risk, string name, string title, string summary) =>
        new(id, name, title, Severity.Error, capability, risk, summary);

    private static RuleDescriptor Capability(string id, string capability, string name, string title) =>
        new(id, name, title, Severity.Note, capability, null,
            $"Inventory of the '{capability}' capability: which tools can reach it and through which calls.");
}
