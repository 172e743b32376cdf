using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Litware.Mcp.TextTools;

public static class TextToolsServerBuilderExtensions
{
    /// <summary>Adds the Litware text tools to an MCP server: <c>services.AddMcpServer().AddTextTools()</c>.</summary>
    public static IMcpServerBuilder AddTextTools(this IMcpServerBuilder builder)
    {
        builder.WithTools([typeof(TextTools)]);
        builder.WithTools(
        [
            McpServerTool.Create(CaseConverter.ToSnake, new McpServerToolCreateOptions { Name = "to_snake_case", ReadOnly = true }),
        ]);
        return builder;
    }
}
