using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Tollgate.Analyzers.Hosting;
using Tollgate.Rules;

namespace Tollgate.Analyzers.Rules;

/// <summary>Process execution: tools that start processes (TG1100) and model data reaching them (TG1001).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessAnalyzer : TollgateAnalyzer
{
    public ProcessAnalyzer()
        : base(RuleIds.ShellUnrestricted, RuleIds.ProcessExec)
    {
    }
}

/// <summary>The network: outbound calls (TG2100), exfiltration (TG2001) and model-chosen destinations (TG2002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : TollgateAnalyzer
{
    public NetworkAnalyzer()
        : base(RuleIds.NetworkExfiltration, RuleIds.NetworkSsrf, RuleIds.NetworkOutbound)
    {
    }
}

/// <summary>Files: reads (TG3100), writes (TG3101) and model-chosen paths (TG3001).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FileSystemAnalyzer : TollgateAnalyzer
{
    public FileSystemAnalyzer()
        : base(RuleIds.FilesystemTraversal, RuleIds.FilesystemRead, RuleIds.FilesystemWrite)
    {
    }
}

/// <summary>The machine's secrets and state: environment (TG4100), secrets (TG4101), system changes (TG4102).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretsAnalyzer : TollgateAnalyzer
{
    public SecretsAnalyzer()
        : base(RuleIds.EnvironmentRead, RuleIds.SecretsRead, RuleIds.SystemModify)
    {
    }
}

/// <summary>Code loaded at run time (TG5100), native calls (TG5101) and code injection (TG5001).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DynamicCodeAnalyzer : TollgateAnalyzer
{
    public DynamicCodeAnalyzer()
        : base(RuleIds.CodeInjection, RuleIds.CodeDynamic, RuleIds.NativeInterop)
    {
    }
}

/// <summary>Models: downloads (TG6100), loads (TG6101), unverified downloads (TG6001), unsafe formats (TG6002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : TollgateAnalyzer
{
    public ModelAnalyzer()
        : base(RuleIds.ModelUnverifiedDownload, RuleIds.ModelUnsafeFormat, RuleIds.ModelDownload, RuleIds.ModelLoad)
    {
    }
}

/// <summary>Data: unsafe deserializers (TG7100, TG7001) and databases (TG7101, TG7002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataAnalyzer : TollgateAnalyzer
{
    public DataAnalyzer()
        : base(RuleIds.DeserializationUntrusted, RuleIds.DatabaseUnrestricted, RuleIds.DeserializationUnsafe, RuleIds.DatabaseAccess)
    {
    }
}

/// <summary>What a tool says about itself: annotations and claims that contradict the code (TG8001), descriptions aimed at the model (TG8002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : TollgateAnalyzer
{
    public DeclarationAnalyzer()
        : base(RuleIds.DeclarationMismatch, RuleIds.DescriptionInjection)
    {
    }
}

/// <summary>The project's own catalog files (AdditionalFiles named <c>tollgate.catalog*</c>): a line that cannot be read (TG9002), located in that file.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatalogAnalyzer : TollgateAnalyzer
{
    public CatalogAnalyzer()
        : base(RuleIds.CatalogEntryInvalid)
    {
    }

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(Analyze);
    }

    private static void Analyze(CompilationAnalysisContext context)
    {
        var run = EngineHost.Get(context.Compilation, context.Options, context.CancellationToken);
        foreach (var (error, file) in run.CatalogErrors)
        {
            var location = EngineRun.LineLocation(file, error.Origin.Line, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(TollgateDescriptors.Get(RuleIds.CatalogEntryInvalid), location,
                $"{error.Origin}: {error.Message}; the entry is not in the catalog"));
        }
    }
}
