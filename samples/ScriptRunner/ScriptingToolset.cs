using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Woodgrove.AI.Scripting;

/// <summary>
/// <code>
/// var tools = ScriptingToolset.Create(app.Services);
/// var response = await chatClient.GetResponseAsync(messages, new ChatOptions { Tools = [.. tools] });
/// </code>
/// </summary>
public static class ScriptingToolset
{
    public static IReadOnlyList<AITool> Create(IServiceProvider services)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Woodgrove.Scripting");
        // Host bookkeeping while the tools are built; not reachable from any tool.
        logger?.LogInformation("Creating scripting tools in process {Pid}", NativeMethods.GetPid());

        return
        [
            AIFunctionFactory.Create(ScriptingTools.EvaluateCSharpAsync, name: "evaluate_csharp"),

            // Loading assemblies needs a human in the loop.
            new ApprovalRequiredAIFunction(AIFunctionFactory.Create(ScriptingTools.LoadExtension)),

            AIFunctionFactory.Create(
                (string code) => SyntaxChecker.Check(code),
                name: "check_syntax",
                description: "Checks C# script syntax without running it."),
        ];
    }
}
