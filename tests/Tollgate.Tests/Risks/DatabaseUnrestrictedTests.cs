using Tollgate.Tests.Infrastructure;
using Xunit;

namespace Tollgate.Tests.Risks;

/// <summary>database.unrestricted (TG7002): model-controlled text becomes part of a database command instead of a bound parameter.</summary>
public sealed class DatabaseUnrestrictedTests
{
    private const string Rule = "TG7002";
    private const string Risk = "database.unrestricted";
    private const string CommandText = "System.Data.Common.DbCommand.CommandText";

    private const string OrdersTools = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using ModelContextProtocol.Server;

        namespace Contoso.Orders;

        public enum SortColumn { CreatedAt, Total, Customer }

        [McpServerToolType]
        public sealed class OrdersTools
        {
            private static readonly HashSet<string> ReportTables = new(StringComparer.Ordinal) { "orders", "invoices", "refunds" };
            private readonly DbConnection _connection;

            public OrdersTools(DbConnection connection) => _connection = connection;

            [McpServerTool(Name = "find_orders", ReadOnly = true)]
            public int FindOrders(string customer)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM orders WHERE customer = '{customer}'";
                return Convert.ToInt32(command.ExecuteScalar());
            }

            [McpServerTool(Name = "run_sql")]
            public int RunSql(string sql)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = sql;
                return command.ExecuteNonQuery();
            }

            [McpServerTool(Name = "find_orders_safely", ReadOnly = true)]
            public int FindOrdersSafely(string customer)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM orders WHERE customer = @customer";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@customer";
                parameter.Value = customer;
                command.Parameters.Add(parameter);
                return Convert.ToInt32(command.ExecuteScalar());
            }

            [McpServerTool(Name = "recent_orders", ReadOnly = true)]
            public int RecentOrders(int limit, SortColumn sort)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT id FROM orders ORDER BY {sort} DESC LIMIT {limit}";
                using var reader = command.ExecuteReader();
                var count = 0;
                while (reader.Read()) count++;
                return count;
            }

            [McpServerTool(Name = "count_rows", ReadOnly = true)]
            public int CountRows(string table)
            {
                if (!ReportTables.Contains(table))
                {
                    throw new ArgumentException($"unknown table {table}");
                }

                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM " + table;
                return Convert.ToInt32(command.ExecuteScalar());
            }

            [McpServerTool(Name = "count_rows_checked", ReadOnly = true)]
            public int CountRowsChecked(string table)
            {
                if (string.IsNullOrEmpty(table) || table.Length > 64)
                {
                    throw new ArgumentException("bad table name");
                }

                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM " + table;
                return Convert.ToInt32(command.ExecuteScalar());
            }
        }
        """;

    private const string Id = "Contoso.Orders.OrdersTools.";

    [Fact]
    public void AModelValueInterpolatedIntoSqlIsAnError()
    {
        var result = Scan.Sources(OrdersTools);

        var finding = RiskAssert.Error(result, Rule, Risk, Id + "FindOrders", CommandText);
        Assert.Equal("database.access", finding.Capability);
        Assert.Equal(new[] { Id + "FindOrders", CommandText }, finding.Trace);
        Assert.Contains("'customer'", finding.Message);
    }

    [Fact]
    public void RawModelSqlIsAnError()
    {
        var result = Scan.Sources(OrdersTools);

        RiskAssert.Error(result, Rule, Risk, Id + "RunSql", CommandText);
    }

    [Fact]
    public void ABoundParameterIsNotARisk()
    {
        var result = Scan.Sources(OrdersTools);

        Assert.Contains("database.access", result.CapabilitiesOf(Id + "FindOrdersSafely"));
        RiskAssert.None(result, Risk, Id + "FindOrdersSafely");
    }

    [Fact]
    public void IntAndEnumParametersCannotInject()
    {
        var result = Scan.Sources(OrdersTools);

        RiskAssert.None(result, Risk, Id + "RecentOrders");
    }

    [Fact]
    public void ATableAllowListMitigates()
    {
        var result = Scan.Sources(OrdersTools);

        RiskAssert.Mitigated(result, Rule, Risk, Id + "CountRows", "allow-list check in " + Id + "CountRows");
    }

    [Fact]
    public void NullEmptyAndLengthChecksAreNotAnAllowList()
    {
        var result = Scan.Sources(OrdersTools);

        RiskAssert.Error(result, Rule, Risk, Id + "CountRowsChecked", CommandText);
    }

    private const string ReportTools = """
        using System.Data.Common;
        using System.Text;
        using ModelContextProtocol.Server;

        namespace Contoso.Reports;

        [McpServerToolType]
        public sealed class ReportTools
        {
            private readonly DbConnection _connection;

            public ReportTools(DbConnection connection) => _connection = connection;

            [McpServerTool(Name = "report")]
            public object? Report(string region)
            {
                var sql = new StringBuilder("SELECT SUM(total) FROM orders").Append(" WHERE region = '").Append(region).Append('\'');
                var text = sql.ToString();
                using var command = _connection.CreateCommand();
                command.CommandText = text;
                return command.ExecuteScalar();
            }

            [McpServerTool(Name = "report_inline")]
            public object? ReportInline(string region)
            {
                var sql = new StringBuilder("SELECT SUM(total) FROM orders WHERE region = '").Append(region).Append('\'');
                using var command = _connection.CreateCommand();
                command.CommandText = sql.ToString();
                return command.ExecuteScalar();
            }
        }
        """;

    [Fact]
    public void SqlBuiltWithChainedStringBuilderAppendsIsFollowed()
    {
        var result = Scan.Sources(ReportTools);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Reports.ReportTools.Report", CommandText);
    }

    [Fact]
    public void ACommandTextAssignedFromToStringIsFollowed()
    {
        var result = Scan.Sources(ReportTools);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Reports.ReportTools.ReportInline", CommandText);
    }

    [Fact]
    public void AMongoFilterBuiltWithBuildersIsBound()
    {
        var result = Scan.Sources(
            """
            using System.Collections.Generic;
            using MongoDB.Driver;
            using ModelContextProtocol.Server;

            namespace Contoso.Catalog;

            public sealed class Product
            {
                public string Name { get; set; } = "";
            }

            [McpServerToolType]
            public sealed class ProductTools
            {
                private readonly IMongoCollection<Product> _products;

                public ProductTools(IMongoDatabase database) => _products = database.GetCollection<Product>("products");

                [McpServerTool(Name = "find_product")]
                public long FindProduct(string name) => _products.CountDocuments(Builders<Product>.Filter.Eq(p => p.Name, name));
            }
            """);

        Assert.Contains("database.access", result.CapabilitiesOf("Contoso.Catalog.ProductTools.FindProduct"));
        RiskAssert.None(result, Risk, "Contoso.Catalog.ProductTools.FindProduct");
    }

    [Fact]
    public void AMongoFilterParsedFromModelJsonIsAnError()
    {
        var result = Scan.Sources(
            """
            using MongoDB.Bson;
            using MongoDB.Driver;
            using ModelContextProtocol.Server;

            namespace Contoso.Catalog;

            [McpServerToolType]
            public sealed class RawProductTools
            {
                private readonly IMongoCollection<BsonDocument> _products;

                public RawProductTools(IMongoDatabase database) => _products = database.GetCollection<BsonDocument>("products");

                [McpServerTool(Name = "query_products")]
                public long QueryProducts(string filterJson) => _products.CountDocuments(BsonDocument.Parse(filterJson));
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Catalog.RawProductTools.QueryProducts", "MongoDB.Driver.IMongoCollection.CountDocuments");
    }

    [Fact]
    public void AProviderCommandConstructorIsASink()
    {
        var result = Scan.Sources(
            """
            using Microsoft.Data.Sqlite;
            using Microsoft.SemanticKernel;

            namespace Contoso.Notes;

            public sealed class NotesPlugin
            {
                [KernelFunction("search_notes")]
                public int Search(string term)
                {
                    using var connection = new SqliteConnection("Data Source=notes.db");
                    connection.Open();
                    using var command = new SqliteCommand("SELECT COUNT(*) FROM notes WHERE body LIKE '%" + term + "%'", connection);
                    return (int)(long)command.ExecuteScalar()!;
                }
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Notes.NotesPlugin.Search", "Microsoft.Data.Sqlite.SqliteCommand..ctor");
    }

    private const string DapperTools = """
        using System.Collections.Generic;
        using System.Data;
        using System.Linq;
        using Dapper;
        using ModelContextProtocol.Server;

        namespace Contoso.Billing;

        [McpServerToolType]
        public sealed class BillingTools
        {
            private readonly IDbConnection _connection;

            public BillingTools(IDbConnection connection) => _connection = connection;

            [McpServerTool(Name = "invoices_for")]
            public int InvoicesFor(string customer) =>
                _connection.Query<int>("SELECT id FROM invoices WHERE customer = '" + customer + "'").Count();

            [McpServerTool(Name = "invoices_for_bound")]
            public int InvoicesForBound(string customer) =>
                _connection.Query<int>("SELECT id FROM invoices WHERE customer = @customer", new { customer }).Count();
        }
        """;

    [Fact]
    public void DapperSqlBuiltFromModelTextIsAnError()
    {
        var result = Scan.Sources(DapperTools);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Billing.BillingTools.InvoicesFor", "Dapper.SqlMapper.Query");
    }

    [Fact]
    public void DapperParametersPassedAsAnObjectAreBound()
    {
        var result = Scan.Sources(DapperTools);

        Assert.Contains("database.access", result.CapabilitiesOf("Contoso.Billing.BillingTools.InvoicesForBound"));
        RiskAssert.None(result, Risk, "Contoso.Billing.BillingTools.InvoicesForBound");
    }

    [Fact]
    public void ARedisScriptFromTheModelIsAnError()
    {
        var result = Scan.Sources(
            """
            using ModelContextProtocol.Server;
            using StackExchange.Redis;

            namespace Contoso.Cache;

            [McpServerToolType]
            public sealed class CacheTools
            {
                private readonly IDatabase _redis;

                public CacheTools(IConnectionMultiplexer redis) => _redis = redis.GetDatabase();

                [McpServerTool(Name = "eval_cache_script")]
                public string Eval(string script) => _redis.ScriptEvaluate(script).ToString();
            }
            """);

        RiskAssert.Error(result, Rule, Risk, "Contoso.Cache.CacheTools.Eval", "StackExchange.Redis.IDatabase.ScriptEvaluate");
    }

    [Fact]
    public void ARepositoryInAnotherFileAndAPartialClassAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System.Data.Common;
            using ModelContextProtocol.Server;

            namespace Contoso.Crm;

            [McpServerToolType]
            public sealed partial class CrmTools
            {
                private readonly CustomerRepository _customers;

                public CrmTools(DbConnection connection) => _customers = new CustomerRepository(connection);

                [McpServerTool(Name = "delete_customer")]
                public int DeleteCustomer(string email) => Delete(email);
            }
            """,
            """
            using System.Data.Common;

            namespace Contoso.Crm;

            public sealed partial class CrmTools
            {
                private int Delete(string email) => _customers.DeleteWhere("email = '" + email + "'");
            }

            public sealed class CustomerRepository
            {
                private readonly DbConnection _connection;

                public CustomerRepository(DbConnection connection) => _connection = connection;

                public int DeleteWhere(string condition)
                {
                    using var command = _connection.CreateCommand();
                    command.CommandText = "DELETE FROM customers WHERE " + condition;
                    return command.ExecuteNonQuery();
                }
            }
            """);

        var finding = RiskAssert.Error(result, Rule, Risk, "Contoso.Crm.CrmTools.DeleteCustomer", CommandText);
        Assert.Equal(
            new[] { "Contoso.Crm.CrmTools.DeleteCustomer", "Contoso.Crm.CrmTools.Delete", "Contoso.Crm.CustomerRepository.DeleteWhere", CommandText },
            finding.Trace);
        Assert.Equal("Source1.cs", finding.Location!.Path);
    }

    [Fact]
    public void InterfaceDispatchLambdaAndDelegateFieldAreFollowed()
    {
        var result = Scan.Sources(
            """
            using System;
            using System.Data.Common;
            using System.Linq;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Contoso.Analytics;

            public interface IQueryRunner
            {
                int Count(string where);
            }

            public sealed class SqlQueryRunner : IQueryRunner
            {
                private readonly DbConnection _connection;

                public SqlQueryRunner(DbConnection connection) => _connection = connection;

                public int Count(string where)
                {
                    using var command = _connection.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM events WHERE " + where;
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }

            [McpServerToolType]
            public sealed class AnalyticsTools
            {
                private readonly IQueryRunner _runner;
                private readonly DbConnection _connection;
                private readonly Func<string, int> _exec;

                public AnalyticsTools(IQueryRunner runner, DbConnection connection)
                {
                    _runner = runner;
                    _connection = connection;
                    _exec = text =>
                    {
                        using var command = _connection.CreateCommand();
                        command.CommandText = text;
                        return command.ExecuteNonQuery();
                    };
                }

                [McpServerTool(Name = "count_events")]
                public int CountEvents(string filter) => _runner.Count(filter);

                [McpServerTool(Name = "count_many")]
                public int[] CountMany(string[] filters) => filters.Select(f => _runner.Count(f)).ToArray();

                [McpServerTool(Name = "count_async")]
                public Task<int> CountAsync(string filter) => Task.Run(() => _runner.Count(filter));

                [McpServerTool(Name = "execute")]
                public int Execute(string statement) => _exec(statement);
            }
            """);

        var viaInterface = RiskAssert.Error(result, Rule, Risk, "Contoso.Analytics.AnalyticsTools.CountEvents", CommandText);
        Assert.Contains("Contoso.Analytics.SqlQueryRunner.Count", viaInterface.Trace);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Analytics.AnalyticsTools.CountMany", CommandText);
        RiskAssert.Error(result, Rule, Risk, "Contoso.Analytics.AnalyticsTools.CountAsync", CommandText);
        var viaField = RiskAssert.Error(result, Rule, Risk, "Contoso.Analytics.AnalyticsTools.Execute", CommandText);
        Assert.Contains("Contoso.Analytics.AnalyticsTools._exec", viaField.Trace);
    }

    [Fact]
    public void ApprovalRequiredAIFunctionMitigates()
    {
        var result = Scan.Sources(
            """
            using System.Data.Common;
            using Microsoft.Extensions.AI;

            namespace Contoso.Agent;

            public static class DbaTools
            {
            #pragma warning disable MEAI001
                public static AIFunction Create(DbConnection connection) =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string sql) =>
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = sql;
                        return command.ExecuteNonQuery();
                    }, "execute_sql"));
            #pragma warning restore MEAI001
            }
            """);

        RiskAssert.Mitigated(result, Rule, Risk, "Contoso.Agent.DbaTools.Create.<lambda>1", "human approval (ApprovalRequiredAIFunction)");
    }
}
