using System.ComponentModel;
using System.Text;
using Dapper;
using DbQuery.Data;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Server;

namespace DbQuery.Tools;

[McpServerToolType]
public sealed class CustomerTools
{
    private readonly IDbConnectionFactory _db;

    public CustomerTools(IDbConnectionFactory db) => _db = db;

    [McpServerTool(ReadOnly = true), Description("Finds customers whose name contains the given text.")]
    public string FindCustomers([Description("Part of the customer name.")] string nameFilter, int limit = 20)
    {
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        // Built by concatenation: the filter text becomes part of the SQL.
        command.CommandText = "SELECT id, name, email, country FROM customers WHERE name LIKE '%" + nameFilter + "%' LIMIT " + limit;

        var sb = new StringBuilder();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sb.AppendLine($"{reader.GetInt64(0)}\t{reader.GetString(1)}\t{reader.GetString(2)}\t{reader.GetString(3)}");
        }

        return sb.Length == 0 ? "No customers found." : sb.ToString();
    }

    [McpServerTool(ReadOnly = true), Description("Gets one customer by id.")]
    public static async Task<Customer?> GetCustomerAsync(IDbConnectionFactory db, long id)
    {
        await using var connection = db.Open();
        return await connection.QuerySingleOrDefaultAsync<Customer>(
            "SELECT id AS Id, name AS Name, email AS Email, country AS Country FROM customers WHERE id = @id",
            new { id });
    }

    [McpServerTool(Destructive = false), Description("Removes a customer record.")]
    public string DeleteCustomer([Description("Customer id.")] string id)
    {
        using var connection = (SqliteConnection)_db.Open();
        using var command = new SqliteCommand($"DELETE FROM customers WHERE id = {id}", connection);
        int rows = command.ExecuteNonQuery();
        return $"{rows} row(s) deleted.";
    }
}
