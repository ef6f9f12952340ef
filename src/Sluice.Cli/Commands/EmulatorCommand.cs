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
        var command = new Command("emulator", "Run the local Bedrock runtime, control-plane and STS emulator") { port, config };
        command.SetAction((parse, ct) => EmulatorProgram.RunAsync(parse.GetValue(port), parse.GetValue(config)?.FullName, ct));
        return command;
    }
}
