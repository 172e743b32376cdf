namespace Tollgate.Rules;

/// <summary>Every rule id, once. The first digit is the family (TAXONOMY.md).</summary>
public static class RuleIds
{
    // Capability inventory: x1yy. Risks: x0yy.
    public const string ProcessExec = "TG1100";
    public const string NetworkOutbound = "TG2100";
    public const string FilesystemRead = "TG3100";
    public const string FilesystemWrite = "TG3101";
    public const string EnvironmentRead = "TG4100";
    public const string SecretsRead = "TG4101";
    public const string SystemModify = "TG4102";
    public const string CodeDynamic = "TG5100";
    public const string NativeInterop = "TG5101";
    public const string ModelDownload = "TG6100";
    public const string ModelLoad = "TG6101";
    public const string DeserializationUnsafe = "TG7100";
    public const string DatabaseAccess = "TG7101";

    // Risks: how a capability is used.
    public const string ShellUnrestricted = "TG1001";
    public const string NetworkExfiltration = "TG2001";
    public const string NetworkSsrf = "TG2002";
    public const string FilesystemTraversal = "TG3001";
    public const string CodeInjection = "TG5001";
    public const string ModelUnverifiedDownload = "TG6001";
    public const string ModelUnsafeFormat = "TG6002";
    public const string DeserializationUntrusted = "TG7001";
    public const string DatabaseUnrestricted = "TG7002";
    public const string DeclarationMismatch = "TG8001";
    public const string DescriptionInjection = "TG8002";

    // The scanner itself.
    public const string InputUnreadable = "TG9001";
    public const string CatalogEntryInvalid = "TG9002";
    public const string ReferencesUnresolved = "TG9003";
    public const string SourceErrors = "TG9004";
    public const string LockDrift = "TG9005";
    public const string SuppressionUnjustified = "TG9006";
}
