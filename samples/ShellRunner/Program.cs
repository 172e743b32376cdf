using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShellRunner;
using ShellRunner.Tools;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

// Configuration read at startup only: no tool reaches this.
var options = new ShellRunnerOptions
{
    DefaultWorkingDirectory = Environment.GetEnvironmentVariable("SHELLRUNNER_WORKDIR") ?? Directory.GetCurrentDirectory(),
    TimeoutSeconds = int.TryParse(Environment.GetEnvironmentVariable("SHELLRUNNER_TIMEOUT"), out var t) ? t : 60,
};
builder.Services.AddSingleton(options);

builder.Services.AddMcpServer()
    .WithStdioServerTransport()
    .WithTools<ShellTools>()
    .WithTools<GitTools>();

await builder.Build().RunAsync();
