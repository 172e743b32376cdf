using System.Collections.Generic;

namespace Tollgate.Model;

/// <summary>The capability names of TAXONOMY.md. They are part of the report contract.</summary>
public static class Capabilities
{
    public const string ProcessExec = "process.exec";
    public const string NetworkOutbound = "network.outbound";
    public const string FilesystemRead = "filesystem.read";
    public const string FilesystemWrite = "filesystem.write";
    public const string EnvironmentRead = "environment.read";
    public const string SecretsRead = "secrets.read";
    public const string CodeDynamic = "code.dynamic";
    public const string NativeInterop = "native.interop";
    public const string ModelDownload = "model.download";
    public const string ModelLoad = "model.load";
    public const string DeserializationUnsafe = "deserialization.unsafe";
    public const string DatabaseAccess = "database.access";
    public const string SystemModify = "system.modify";

    public static IReadOnlyList<string> All { get; } = new[]
    {
        ProcessExec, NetworkOutbound, FilesystemRead, FilesystemWrite, EnvironmentRead, SecretsRead,
        CodeDynamic, NativeInterop, ModelDownload, ModelLoad, DeserializationUnsafe, DatabaseAccess, SystemModify,
    };

    private static readonly HashSet<string> Known = new(All);

    public static bool IsKnown(string name) => Known.Contains(name);
}

/// <summary>The risk names of TAXONOMY.md. They are part of the report contract.</summary>
public static class Risks
{
    public const string ShellUnrestricted = "shell.unrestricted";
    public const string NetworkExfiltration = "network.exfiltration";
    public const string NetworkSsrf = "network.ssrf";
    public const string FilesystemTraversal = "filesystem.traversal";
    public const string ModelUnverifiedDownload = "model.unverified-download";
    public const string ModelUnsafeFormat = "model.unsafe-format";
    public const string CodeInjection = "code.injection";
    public const string DatabaseUnrestricted = "database.unrestricted";
    public const string DeserializationUntrusted = "deserialization.untrusted";
    public const string DeclarationMismatch = "declaration.mismatch";
    public const string DescriptionInjection = "description.injection";

    public static IReadOnlyList<string> All { get; } = new[]
    {
        ShellUnrestricted, NetworkExfiltration, NetworkSsrf, FilesystemTraversal, ModelUnverifiedDownload, ModelUnsafeFormat,
        CodeInjection, DatabaseUnrestricted, DeserializationUntrusted, DeclarationMismatch, DescriptionInjection,
    };

    private static readonly HashSet<string> Known = new(All);

    public static bool IsKnown(string name) => Known.Contains(name);
}

/// <summary>The framework identifiers of TAXONOMY.md.</summary>
public static class Frameworks
{
    public const string SemanticKernel = "semantic-kernel";
    public const string Mcp = "mcp";
    public const string MicrosoftExtensionsAI = "microsoft-extensions-ai";
    public const string OpenAI = "openai";
    public const string AutoGen = "autogen";

    public static IReadOnlyList<string> All { get; } = new[] { SemanticKernel, Mcp, MicrosoftExtensionsAI, OpenAI, AutoGen };

    private static readonly HashSet<string> Known = new(All);

    public static bool IsKnown(string name) => Known.Contains(name);
}
