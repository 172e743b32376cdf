using System.ComponentModel;
using DbQuery.Data;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace DbQuery;

public static class TableToolsRegistration
{
    /// <summary>Adds tools created from delegates rather than attributes.</summary>
    public static IMcpServerBuilder AddTableTools(this IMcpServerBuilder builder)
    {
        var countRows = McpServerTool.Create(
            [Description("Counts the rows of a table.")]
            (McpServer server, [Description("Table name.")] string table) =>
            {
                var db = server.Services!.GetRequiredService<IDbConnectionFactory>();
                using var connection = db.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM " + table;
                return Convert.ToInt64(command.ExecuteScalar());
            },
            new McpServerToolCreateOptions { Name = "count_rows", ReadOnly = true });

        return builder.WithTools([countRows]);
    }
}
