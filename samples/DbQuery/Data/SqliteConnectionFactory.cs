using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DbQuery.Data;

public sealed class SqliteConnectionFactory(string connectionString) : IDbConnectionFactory
{
    public DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
