using System.Collections.Generic;
using System.Linq;

namespace Tollgate.Benchmarks.Corpus;

/// <summary>
/// The composition root: registers every module's services, hands the Semantic Kernel plugins to a kernel,
/// the MCP tool types to the MCP server and the Microsoft.Extensions.AI functions to a chat client.
/// </summary>
internal static class HostingSource
{
    public static SourceFile Create(IReadOnlyList<ModuleSpec> modules)
    {
        var file = new SourceFile("src/Hosting/AgentHost.cs", "Contoso.Agents.Hosting")
            .Using("System", "System.Collections.Generic", "Microsoft.Extensions.AI", "Microsoft.Extensions.DependencyInjection",
                "Microsoft.SemanticKernel", "ModelContextProtocol.Server");

        var addServices = new List<string>();
        var mcpTypes = new List<string>();
        var kernelTypes = new List<string>();
        var kernelObjects = new List<string>();
        var chatTools = new List<string>();
        foreach (var m in modules)
        {
            file.Using(m.Namespace + ".Registration");
            addServices.Add($"services.Add{m.Name}(dataDirectory);");
            if (m.Mcp && m.McpInstanceTools)
            {
                file.Using(m.Namespace + ".Tools");
                mcpTypes.Add($".WithTools<{m.Name}Tools>()");
            }

            if (m.SemanticKernel)
            {
                file.Using(m.Namespace + ".Plugins");
                kernelTypes.Add($"builder.Plugins.AddFromType<{m.Name}Plugin>(\"{m.Snake}\");");
            }

            foreach (var admin in m.Optional.Where(o => o.Kind == OptionalKind.AdminPlugin))
            {
                file.Using(m.Namespace + ".Plugins", m.Namespace + ".Services");
                kernelObjects.Add(
                    $"kernel.Plugins.AddFromObject(new {OptionalSources.TypeNameOf(m, admin)}(services.GetRequiredService<{m.IService}>(), services.GetRequiredService<{m.IRepository}>()), \"{m.Snake}_admin{admin.Suffix}\");");
            }

            if (m.AIFunctions)
            {
                file.Using(m.Namespace + ".Services");
                chatTools.Add($"tools.AddRange({m.Name}Registration.Create{m.Name}Functions(services.GetRequiredService<{m.IService}>()));");
            }
        }

        file.Open("""
            /// <summary>Wires every module into the agent host.</summary>
            public static class AgentHost
            """);
        file.Member($$"""
            public static IServiceCollection AddContosoAgents(this IServiceCollection services, string? dataDirectory = null)
            {
                ArgumentNullException.ThrowIfNull(services);
                services.AddHttpClient();
                {{string.Join("\n    ", addServices)}}

                services.AddMcpServer()
                    .WithStdioServerTransport()
                    {{string.Join("\n        ", mcpTypes)}}
                    .WithToolsFromAssembly(typeof(AgentHost).Assembly);
                return services;
            }
            """);
        file.Member($$"""
            public static Kernel BuildKernel(IServiceProvider services)
            {
                var builder = Kernel.CreateBuilder();
                builder.Services.AddContosoAgents();
                {{string.Join("\n    ", kernelTypes)}}

                var kernel = builder.Build();
                {{string.Join("\n    ", kernelObjects)}}
                return kernel;
            }
            """);
        file.Member($$"""
            public static IList<AITool> CreateChatTools(IServiceProvider services)
            {
                var tools = new List<AITool>();
                {{string.Join("\n    ", chatTools)}}
                return tools;
            }
            """);
        file.Close();
        return file;
    }
}
