using System.CommandLine;
using Sluice.Cli.Commands;

var root = new RootCommand("Sluice: a self-hosted OpenAI-compatible gateway to AWS Bedrock.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ApplyCommand.Create());
root.Subcommands.Add(EmulatorCommand.Create());
return await root.Parse(args).InvokeAsync();
