using System.CommandLine;
using Sluice.Cli;
using Sluice.Cli.Commands;
using Sluice.Gateway.Hosting;

// Before any socket exists: the runtime reads this once (see InlineIo for why and what it costs). Only the gateway
// proper: the demo also hosts the emulator in this process, which was not written for socket threads.
if (args is ["serve", ..])
{
    InlineIo.EnableForProcess();
}

// The project file turns HttpClient's activities off (nothing listens by default); when traces are exported, each
// Bedrock call is then recorded as an HTTP client span below its upstream attempt. Read once, before any HttpClient.
if (Sluice.Gateway.Telemetry.TelemetryOptions.OtlpConfigured())
{
    AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", true);
}

PlainOutput.ConfigureForRedirection();
var root = new RootCommand("Sluice: a self-hosted OpenAI-compatible gateway to AWS Bedrock.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ApplyCommand.Create());
root.Subcommands.Add(EmulatorCommand.Create());
return await root.Parse(args).InvokeAsync();
