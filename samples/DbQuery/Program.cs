using DbQuery;
using DbQuery.Data;
using DbQuery.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

string connectionString = Environment.GetEnvironmentVariable("DBQUERY_CONNECTION") ?? "Data Source=customers.db";
builder.Services.AddSingleton<IDbConnectionFactory>(new SqliteConnectionFactory(connectionString));

builder.Services.AddMcpServer()
    .WithStdioServerTransport()
    .WithTools<CustomerTools>()
    .WithTools([typeof(AdminTools)])
    .AddTableTools();

await builder.Build().RunAsync();
