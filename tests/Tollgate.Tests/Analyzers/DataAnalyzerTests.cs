using System.Threading.Tasks;
using Tollgate.Analyzers.Rules;
using Xunit;

namespace Tollgate.Tests.Analyzers;

/// <summary>TG7001 (untrusted deserialization), TG7002 (model text in a database command), TG7100 and TG7101 (capabilities).</summary>
public sealed class DataAnalyzerTests
{
    private const string CommandText = "System.Data.Common.DbCommand.CommandText";
    private const string CreateCommand = "System.Data.Common.DbConnection.CreateCommand";
    private const string DeserializeObject = "Newtonsoft.Json.JsonConvert.DeserializeObject";

    [Fact]
    public async Task AModelValueInterpolatedIntoSqlIsAWarningOnTheAssignment()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using System;
            using System.Data.Common;
            using ModelContextProtocol.Server;

            namespace Contoso.Orders;

            [McpServerToolType]
            public sealed class OrdersTools
            {
                private readonly DbConnection _connection;

                public OrdersTools(DbConnection connection) => _connection = connection;

                [McpServerTool(Name = "find_orders", ReadOnly = true)]
                public int FindOrders(string customer)
                {
                    using var command = {|#1:_connection.CreateCommand()|};
                    {|#0:command.CommandText = $"SELECT COUNT(*) FROM orders WHERE customer = '{customer}'"|};
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG7002", 0, "Tool 'find_orders' (mcp): model-controlled parameter 'customer' reaches the command text of " + CommandText));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG7101", 1, "find_orders", "mcp", "database.access", CreateCommand));

        await test.RunAsync();
    }

    [Fact]
    public async Task ABoundParameterIsNotARisk()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using System;
            using System.Data.Common;
            using ModelContextProtocol.Server;

            namespace Contoso.Orders;

            [McpServerToolType]
            public sealed class OrdersTools
            {
                private readonly DbConnection _connection;

                public OrdersTools(DbConnection connection) => _connection = connection;

                [McpServerTool(Name = "find_orders_safely", ReadOnly = true)]
                public int FindOrdersSafely(string customer)
                {
                    using var command = {|#0:_connection.CreateCommand()|};
                    command.CommandText = "SELECT COUNT(*) FROM orders WHERE customer = @customer";
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@customer";
                    parameter.Value = customer;
                    command.Parameters.Add(parameter);
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Capability("TG7101", 0, "find_orders_safely", "mcp", "database.access", CreateCommand));

        await test.RunAsync();
    }

    [Fact]
    public async Task ATableAllowListMitigates()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using System;
            using System.Collections.Generic;
            using System.Data.Common;
            using ModelContextProtocol.Server;

            namespace Contoso.Orders;

            [McpServerToolType]
            public sealed class ReportTools
            {
                private static readonly HashSet<string> ReportTables = new(StringComparer.Ordinal) { "orders", "invoices", "refunds" };
                private readonly DbConnection _connection;

                public ReportTools(DbConnection connection) => _connection = connection;

                [McpServerTool(Name = "count_rows", ReadOnly = true)]
                public int CountRows(string table)
                {
                    if (!ReportTables.Contains(table))
                    {
                        throw new ArgumentException($"unknown table {table}");
                    }

                    using var command = {|#1:_connection.CreateCommand()|};
                    {|#0:command.CommandText = "SELECT COUNT(*) FROM " + table|};
                    return Convert.ToInt32(command.ExecuteScalar());
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG7002", 0,
            "Tool 'count_rows' (mcp): model-controlled parameter 'table' reaches the command text of " + CommandText,
            "allow-list check in Contoso.Orders.ReportTools.CountRows"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG7101", 1, "count_rows", "mcp", "database.access", CreateCommand));

        await test.RunAsync();
    }

    [Fact]
    public async Task SqlTextThatIsOnlyReturnedIsNotADatabaseAccess()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using ModelContextProtocol.Server;

            namespace Contoso.Orders;

            [McpServerToolType]
            public static class QueryTools
            {
                [McpServerTool(Name = "draft_query")]
                public static string DraftQuery(string customer) => $"SELECT COUNT(*) FROM orders WHERE customer = '{customer}'";
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task ModelJsonWithTypeNameHandlingIsAWarningOnTheDeserializer()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using ModelContextProtocol.Server;
            using Newtonsoft.Json;

            namespace Contoso.Workflows;

            [McpServerToolType]
            public static class WorkflowTools
            {
                private static readonly JsonSerializerSettings Settings = new() { TypeNameHandling = TypeNameHandling.All };

                [McpServerTool(Name = "import_workflow")]
                public static string ImportWorkflow(string workflowJson)
                {
                    var workflow = {|#0:JsonConvert.DeserializeObject(workflowJson, Settings)|};
                    return workflow?.ToString() ?? "";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Risk("TG7001", 0, "Tool 'import_workflow' (mcp): model-controlled parameter 'workflowJson' reaches the input of " + DeserializeObject));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG7100", 0, "import_workflow", "mcp", "deserialization.unsafe", DeserializeObject));

        await test.RunAsync();
    }

    [Fact]
    public async Task JsonNetWithoutTypeNamesIsNotAnUnsafeDeserializer()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using ModelContextProtocol.Server;
            using Newtonsoft.Json;

            namespace Contoso.Workflows;

            public sealed record Workflow(string Name);

            [McpServerToolType]
            public static class WorkflowTools
            {
                [McpServerTool(Name = "import_plain")]
                public static string ImportPlain(string workflowJson) => JsonConvert.DeserializeObject<Workflow>(workflowJson)?.Name ?? "";
            }
            """);

        await test.RunAsync();
    }

    [Fact]
    public async Task ApprovalMitigatesUntrustedDeserialization()
    {
        var test = new AnalyzerTest<DataAnalyzer>(
            """
            using Microsoft.Extensions.AI;
            using Newtonsoft.Json;

            namespace Contoso.Workflows;

            public static class ApprovedWorkflowTools
            {
                private static readonly JsonSerializerSettings Settings = new() { TypeNameHandling = TypeNameHandling.All };

            #pragma warning disable MEAI001
                public static AIFunction ImportApproved() =>
                    new ApprovalRequiredAIFunction(AIFunctionFactory.Create(
                        (string workflowJson) => {|#0:JsonConvert.DeserializeObject(workflowJson, Settings)|},
                        "import_workflow_approved"));
            #pragma warning restore MEAI001
            }
            """);
        test.ExpectedDiagnostics.Add(Expect.Mitigated("TG7001", 0,
            "Tool 'import_workflow_approved' (microsoft-extensions-ai): model-controlled parameter 'workflowJson' reaches the input of " + DeserializeObject,
            "human approval (ApprovalRequiredAIFunction)"));
        test.ExpectedDiagnostics.Add(Expect.Capability("TG7100", 0, "import_workflow_approved", "microsoft-extensions-ai", "deserialization.unsafe", DeserializeObject));

        await test.RunAsync();
    }
}
