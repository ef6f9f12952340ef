using System.CommandLine;
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
        var command = new Command("demo", "Run the gateway against a local Bedrock emulator, ready to call") { port, dataDir };
        command.SetAction(async (parse, ct) =>
        {
            await using var emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 }, ct);
            WebApplication app;
            try
            {
                app = GatewayApp.Build(new GatewayOptions
                {
                    Port = parse.GetValue(port),
                    DataDir = parse.GetValue(dataDir)!,
                    ListenLoopbackOnly = true,
                    Manifests = [DemoManifest.Yaml(emulator.RuntimeEndpointTemplate, emulator.StsEndpointTemplate)],
                });
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync("sluice: " + e.Message);
                return 1;
            }

            await using (app)
            {
                await app.StartAsync(ct);
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
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]OpenAI base URL[/]", Markup.Escape(baseUrl + "/v1"));
        grid.AddRow("[bold]API key[/]", Markup.Escape(key) + " [grey](demo user, new at every start)[/]");
        grid.AddRow("[bold]Models[/]", "demo-bedrock/claude-3-5-sonnet, claude-3-7-sonnet, nova-lite, titan-embed, titan-image");
        grid.AddRow("[bold]Bedrock emulator[/]", Markup.Escape(emulatorUrl));
        AnsiConsole.Write(new Panel(grid).Header("Sluice demo"));
        AnsiConsole.WriteLine("Try:");
        Console.WriteLine(curl);
        AnsiConsole.MarkupLine("[grey]Ctrl+C stops the demo.[/]");
    }
}
