using System.ComponentModel;
using System.Reflection;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Woodgrove.AI.Scripting;

public static class ScriptingTools
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithImports("System", "System.Linq", "System.Collections.Generic", "System.Text")
        .AddReferences(typeof(Enumerable).Assembly);

    [Description("Evaluates a C# script expression and returns the result. Use it for calculations and data wrangling.")]
    public static async Task<string> EvaluateCSharpAsync(
        [Description("C# code, e.g. 'Enumerable.Range(1, 10).Sum()'.")] string code,
        IServiceProvider services,
        CancellationToken cancellationToken = default)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Woodgrove.Scripting");
        logger?.LogInformation("Evaluating {Length} chars of C#", code.Length);

        try
        {
            object? result = await CSharpScript.EvaluateAsync<object?>(code, Options, cancellationToken: cancellationToken);
            return result?.ToString() ?? "(null)";
        }
        catch (CompilationErrorException ex)
        {
            return "Compilation failed:\n" + string.Join("\n", ex.Diagnostics);
        }
    }

    [Description("Loads a plug-in assembly from disk and lists the public types it exports.")]
    public static string LoadExtension([Description("Path of the .dll to load.")] string assemblyPath)
    {
        Assembly assembly = Assembly.LoadFrom(assemblyPath);
        return string.Join("\n", assembly.GetExportedTypes().Select(t => t.FullName));
    }
}
