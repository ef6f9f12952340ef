using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Sluice.Gateway.Hosting;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice serve</c>: runs the gateway.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Port(8080);
        var dataDir = CommonOptions.DataDir();
        var config = new Option<FileInfo?>("--config") { Description = "Manifest file (YAML or JSON) applied at every start" };
        var loopback = new Option<bool>("--loopback") { Description = "Listen on 127.0.0.1 only" };
        var keepAlive = CommonOptions.StreamKeepAlive();
        var command = new Command("serve", "Run the gateway (OpenAI API at /v1, admin API at /api/v1)") { port, dataDir, config, loopback, keepAlive };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var app = GatewayApp.Build(new GatewayOptions
                {
                    Port = parse.GetValue(port),
                    DataDir = parse.GetValue(dataDir)!,
                    ConfigFile = parse.GetValue(config)?.FullName,
                    ListenLoopbackOnly = parse.GetValue(loopback),
                    StreamKeepAliveInterval = TimeSpan.FromSeconds(parse.GetValue(keepAlive)),
                    InlineIo = true,
                });
                await app.StartAsync(ct);
                await app.WaitForShutdownAsync(ct);
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                await Console.Error.WriteLineAsync("sluice: " + e.Message);
                return 1;
            }
        });
        return command;
    }
}
