using System.CommandLine;
using Sluice.Bedrock.Emulator;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice emulator</c>: runs the local Bedrock + STS emulator alone.</summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port(4000);
        var config = new Option<FileInfo?>("--config") { Description = "Emulator fixture (JSON); default: the demo fixture" };
        var provider = new Option<string>("--provider") { Description = "Which API to emulate: bedrock (default) or anthropic", DefaultValueFactory = _ => "bedrock" };
        provider.AcceptOnlyFromAmong("bedrock", "anthropic");
        var command = new Command("emulator", "Run the local Bedrock runtime, control-plane and STS emulator (or, with --provider anthropic, Anthropic's API)") { port, config, provider };
        command.SetAction((parse, ct) => parse.GetValue(provider) == "anthropic"
            ? Sluice.Anthropic.Emulator.AnthropicEmulatorProgram.RunAsync(parse.GetValue(port), ct)
            : EmulatorProgram.RunAsync(parse.GetValue(port), parse.GetValue(config)?.FullName, ct));
        return command;
    }
}
