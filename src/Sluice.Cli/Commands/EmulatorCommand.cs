using System.CommandLine;
using Sluice.Bedrock.Emulator;
using Sluice.OpenAI.Emulator;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice emulator</c>: runs the local Bedrock + STS emulator alone (and, when asked, the OpenAI emulator beside it).</summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port(4000);
        var config = new Option<FileInfo?>("--config") { Description = "Emulator fixture (JSON); default: the demo fixture" };
        var provider = new Option<string>("--provider") { Description = "Which API to emulate: bedrock (default) or anthropic", DefaultValueFactory = _ => "bedrock" };
        provider.AcceptOnlyFromAmong("bedrock", "anthropic");
        var openAiPort = new Option<int?>("--openai-port") { Description = "Also run the local OpenAI API emulator on this loopback port (0 = any free port)" };
        var command = new Command("emulator", "Run the local Bedrock runtime, control-plane and STS emulator (or, with --provider anthropic, Anthropic's API)") { port, config, provider, openAiPort };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(provider) == "anthropic")
            {
                return await Sluice.Anthropic.Emulator.AnthropicEmulatorProgram.RunAsync(parse.GetValue(port), ct);
            }

            if (parse.GetValue(openAiPort) is not { } openAi)
            {
                return await EmulatorProgram.RunAsync(parse.GetValue(port), parse.GetValue(config)?.FullName, ct);
            }

            OpenAiEmulator emulator;
            try
            {
                emulator = await OpenAiEmulator.StartAsync(new OpenAiEmulatorOptions { Port = openAi }, ct);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"error: the OpenAI emulator cannot listen on port {openAi} ({e.Message}); choose another with --openai-port");
                return 1;
            }

            await using var _ = emulator;
            await Console.Error.WriteLineAsync($"openai emulator: {emulator.BaseUrl} (api key {OpenAiEmulator.DemoApiKey})");
            return await EmulatorProgram.RunAsync(parse.GetValue(port), parse.GetValue(config)?.FullName, ct);
        });
        return command;
    }
}
