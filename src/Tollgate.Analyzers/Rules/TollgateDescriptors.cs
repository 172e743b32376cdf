using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Tollgate.Model;
using Tollgate.Rules;

namespace Tollgate.Analyzers.Rules;

/// <summary>Diagnostic categories, one per rule family.</summary>
internal static class Categories
{
    public const string Process = "Tollgate.Process";
    public const string Network = "Tollgate.Network";
    public const string FileSystem = "Tollgate.FileSystem";
    public const string Secrets = "Tollgate.Secrets";
    public const string DynamicCode = "Tollgate.DynamicCode";
    public const string Model = "Tollgate.Model";
    public const string Data = "Tollgate.Data";
    public const string Declaration = "Tollgate.Declaration";
    public const string Scanner = "Tollgate.Scanner";
}

/// <summary>
/// The Roslyn descriptor of every rule the analyzers report. Ids, titles, summaries and help links come from
/// <see cref="RuleRegistry"/>; category and default severity are written out so release tracking can check them
/// (a test checks they agree with the registry). In the build, risks are warnings (the <c>strict</c> preset makes
/// them errors) and capabilities are suggestions.
/// </summary>
internal static class TollgateDescriptors
{
    private const string MessageFormat = "{0}";

    public static readonly DiagnosticDescriptor ShellUnrestricted = new(
        RuleIds.ShellUnrestricted, Title(RuleIds.ShellUnrestricted), MessageFormat, Categories.Process, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.ShellUnrestricted), HelpLink(RuleIds.ShellUnrestricted));

    public static readonly DiagnosticDescriptor ProcessExec = new(
        RuleIds.ProcessExec, Title(RuleIds.ProcessExec), MessageFormat, Categories.Process, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.ProcessExec), HelpLink(RuleIds.ProcessExec));

    public static readonly DiagnosticDescriptor NetworkExfiltration = new(
        RuleIds.NetworkExfiltration, Title(RuleIds.NetworkExfiltration), MessageFormat, Categories.Network, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.NetworkExfiltration), HelpLink(RuleIds.NetworkExfiltration));

    public static readonly DiagnosticDescriptor NetworkSsrf = new(
        RuleIds.NetworkSsrf, Title(RuleIds.NetworkSsrf), MessageFormat, Categories.Network, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.NetworkSsrf), HelpLink(RuleIds.NetworkSsrf));

    public static readonly DiagnosticDescriptor NetworkOutbound = new(
        RuleIds.NetworkOutbound, Title(RuleIds.NetworkOutbound), MessageFormat, Categories.Network, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.NetworkOutbound), HelpLink(RuleIds.NetworkOutbound));

    public static readonly DiagnosticDescriptor FilesystemTraversal = new(
        RuleIds.FilesystemTraversal, Title(RuleIds.FilesystemTraversal), MessageFormat, Categories.FileSystem, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.FilesystemTraversal), HelpLink(RuleIds.FilesystemTraversal));

    public static readonly DiagnosticDescriptor FilesystemRead = new(
        RuleIds.FilesystemRead, Title(RuleIds.FilesystemRead), MessageFormat, Categories.FileSystem, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.FilesystemRead), HelpLink(RuleIds.FilesystemRead));

    public static readonly DiagnosticDescriptor FilesystemWrite = new(
        RuleIds.FilesystemWrite, Title(RuleIds.FilesystemWrite), MessageFormat, Categories.FileSystem, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.FilesystemWrite), HelpLink(RuleIds.FilesystemWrite));

    public static readonly DiagnosticDescriptor EnvironmentRead = new(
        RuleIds.EnvironmentRead, Title(RuleIds.EnvironmentRead), MessageFormat, Categories.Secrets, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.EnvironmentRead), HelpLink(RuleIds.EnvironmentRead));

    public static readonly DiagnosticDescriptor SecretsRead = new(
        RuleIds.SecretsRead, Title(RuleIds.SecretsRead), MessageFormat, Categories.Secrets, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.SecretsRead), HelpLink(RuleIds.SecretsRead));

    public static readonly DiagnosticDescriptor SystemModify = new(
        RuleIds.SystemModify, Title(RuleIds.SystemModify), MessageFormat, Categories.Secrets, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.SystemModify), HelpLink(RuleIds.SystemModify));

    public static readonly DiagnosticDescriptor CodeInjection = new(
        RuleIds.CodeInjection, Title(RuleIds.CodeInjection), MessageFormat, Categories.DynamicCode, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.CodeInjection), HelpLink(RuleIds.CodeInjection));

    public static readonly DiagnosticDescriptor CodeDynamic = new(
        RuleIds.CodeDynamic, Title(RuleIds.CodeDynamic), MessageFormat, Categories.DynamicCode, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.CodeDynamic), HelpLink(RuleIds.CodeDynamic));

    public static readonly DiagnosticDescriptor NativeInterop = new(
        RuleIds.NativeInterop, Title(RuleIds.NativeInterop), MessageFormat, Categories.DynamicCode, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.NativeInterop), HelpLink(RuleIds.NativeInterop));

    public static readonly DiagnosticDescriptor ModelUnverifiedDownload = new(
        RuleIds.ModelUnverifiedDownload, Title(RuleIds.ModelUnverifiedDownload), MessageFormat, Categories.Model, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.ModelUnverifiedDownload), HelpLink(RuleIds.ModelUnverifiedDownload));

    public static readonly DiagnosticDescriptor ModelUnsafeFormat = new(
        RuleIds.ModelUnsafeFormat, Title(RuleIds.ModelUnsafeFormat), MessageFormat, Categories.Model, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.ModelUnsafeFormat), HelpLink(RuleIds.ModelUnsafeFormat));

    public static readonly DiagnosticDescriptor ModelDownload = new(
        RuleIds.ModelDownload, Title(RuleIds.ModelDownload), MessageFormat, Categories.Model, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.ModelDownload), HelpLink(RuleIds.ModelDownload));

    public static readonly DiagnosticDescriptor ModelLoad = new(
        RuleIds.ModelLoad, Title(RuleIds.ModelLoad), MessageFormat, Categories.Model, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.ModelLoad), HelpLink(RuleIds.ModelLoad));

    public static readonly DiagnosticDescriptor DeserializationUntrusted = new(
        RuleIds.DeserializationUntrusted, Title(RuleIds.DeserializationUntrusted), MessageFormat, Categories.Data, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.DeserializationUntrusted), HelpLink(RuleIds.DeserializationUntrusted));

    public static readonly DiagnosticDescriptor DatabaseUnrestricted = new(
        RuleIds.DatabaseUnrestricted, Title(RuleIds.DatabaseUnrestricted), MessageFormat, Categories.Data, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.DatabaseUnrestricted), HelpLink(RuleIds.DatabaseUnrestricted));

    public static readonly DiagnosticDescriptor DeserializationUnsafe = new(
        RuleIds.DeserializationUnsafe, Title(RuleIds.DeserializationUnsafe), MessageFormat, Categories.Data, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.DeserializationUnsafe), HelpLink(RuleIds.DeserializationUnsafe));

    public static readonly DiagnosticDescriptor DatabaseAccess = new(
        RuleIds.DatabaseAccess, Title(RuleIds.DatabaseAccess), MessageFormat, Categories.Data, DiagnosticSeverity.Info, isEnabledByDefault: true,
        Summary(RuleIds.DatabaseAccess), HelpLink(RuleIds.DatabaseAccess));

    public static readonly DiagnosticDescriptor DeclarationMismatch = new(
        RuleIds.DeclarationMismatch, Title(RuleIds.DeclarationMismatch), MessageFormat, Categories.Declaration, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.DeclarationMismatch), HelpLink(RuleIds.DeclarationMismatch));

    public static readonly DiagnosticDescriptor DescriptionInjection = new(
        RuleIds.DescriptionInjection, Title(RuleIds.DescriptionInjection), MessageFormat, Categories.Declaration, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.DescriptionInjection), HelpLink(RuleIds.DescriptionInjection));

    public static readonly DiagnosticDescriptor CatalogEntryInvalid = new(
        RuleIds.CatalogEntryInvalid, Title(RuleIds.CatalogEntryInvalid), MessageFormat, Categories.Scanner, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        Summary(RuleIds.CatalogEntryInvalid), HelpLink(RuleIds.CatalogEntryInvalid), WellKnownDiagnosticTags.CompilationEnd);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = typeof(TollgateDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values;

    public static DiagnosticDescriptor Get(string id) => ById[id];

    public static ImmutableArray<DiagnosticDescriptor> For(params string[] ids) => ids.Select(Get).ToImmutableArray();

    /// <summary>The category of a rule's family, from the second digit of its id.</summary>
    public static string CategoryOf(string id) => id.Length < 3 ? Categories.Scanner : id[2] switch
    {
        '1' => Categories.Process,
        '2' => Categories.Network,
        '3' => Categories.FileSystem,
        '4' => Categories.Secrets,
        '5' => Categories.DynamicCode,
        '6' => Categories.Model,
        '7' => Categories.Data,
        '8' => Categories.Declaration,
        _ => Categories.Scanner,
    };

    /// <summary>The severity a finding is reported with in the build when no configuration says otherwise.</summary>
    public static DiagnosticSeverity BuildSeverity(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    private static string Title(string id) => RuleRegistry.Get(id).Title;

    private static string Summary(string id) => RuleRegistry.Get(id).Summary;

    private static string HelpLink(string id) => RuleRegistry.Get(id).HelpUri;
}
