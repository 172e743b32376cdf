using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Proseware.BuildAgent;

public static class BuildAgentKernelBuilderExtensions
{
    /// <summary><c>Kernel.CreateBuilder().AddBuildAgent().Build()</c></summary>
    public static IKernelBuilder AddBuildAgent(this IKernelBuilder builder)
    {
        var options = new BuildAgentOptions
        {
            LogDirectory = Environment.GetEnvironmentVariable("BUILD_AGENT_LOG_DIR") ?? "build-logs",
        };

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IExecutor, ProcessExecutor>();
        builder.Plugins.AddFromType<BuildPlugin>("build");
        return builder;
    }
}
