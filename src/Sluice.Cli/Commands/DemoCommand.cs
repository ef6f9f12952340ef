using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Hosting;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice demo</c>: the gateway plus the Bedrock emulator in one process, with a ready account <c>demo-bedrock</c>
/// and a fresh API key for a demo user printed at every start (keys are never stored in plain text).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port(8080);
        var dataDir = CommonOptions.DataDir();
        var keepAlive = CommonOptions.StreamKeepAlive();
        var command = new Command("demo", "Run the gateway against a local Bedrock emulator, ready to call") { port, dataDir, keepAlive };
        var telemetry = new TelemetryCliOptions();
        telemetry.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 }, ct);
            var app = await GatewayStart.StartAsync(new GatewayOptions
            {
                Port = parse.GetValue(port),
                DataDir = parse.GetValue(dataDir)!,
                Host = IPAddress.Loopback, // the demo prints a working key: keep it on this machine
                StreamKeepAliveInterval = TimeSpan.FromSeconds(parse.GetValue(keepAlive)),
                Telemetry = telemetry.Read(parse),
                Manifests = [DemoManifest.Yaml(emulator.RuntimeEndpointTemplate, emulator.StsEndpointTemplate, emulator.DemoApiKey)],
            }, ct);
            if (app is null)
            {
                return 1;
            }

            await using (app)
            {
                var tokens = app.Services.GetRequiredService<TokenService>();
                await tokens.RevokeByPurposeAsync(TokenService.DemoPurpose, ct);
                var (_, key) = await tokens.CreateAsync("user:" + DemoManifest.User, "demo", null, TokenService.DemoPurpose, ct);
                PrintWelcome(GatewayApp.BaseUrl(app), key, emulator.BaseUrl.ToString().TrimEnd('/'));
                await app.WaitForShutdownAsync(ct);
            }

            return 0;
        });
        return command;
    }

    private static void PrintWelcome(string baseUrl, string key, string emulatorUrl)
    {
        var curl = $"curl -s {baseUrl}/v1/chat/completions -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' " +
                   "-d '{\"model\":\"demo-bedrock/claude-3-5-sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}'";
        // Plain lines, not a panel: a key wrapped inside a box cannot be copied whole.
        AnsiConsole.MarkupLine("[bold]Sluice demo[/] is running against the local Bedrock emulator (" + Markup.Escape(emulatorUrl) + ").");
        Console.WriteLine($"OpenAI base URL:  {baseUrl}/v1");
        Console.WriteLine($"Web UI:           {baseUrl}/ui/  (sign in with the API key below)");
        Console.WriteLine($"API key:          {key}");
        AnsiConsole.MarkupLine("[grey]                  (the demo user's key, new at every start)[/]");
        Console.WriteLine("Models:           demo-bedrock/claude-3-5-sonnet, demo-bedrock/claude-3-7-sonnet (us. profile), demo-bedrock/nova-lite,");
        Console.WriteLine("                  demo-bedrock/llama3-8b (us-west-2), demo-bedrock/titan-embed, demo-bedrock/titan-image");
        AnsiConsole.WriteLine("Try:");
        Console.WriteLine(curl);
        AnsiConsole.MarkupLine("[grey]Ctrl+C stops the demo.[/]");
    }
}
