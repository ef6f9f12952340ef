using System.CommandLine;
using System.Net;
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
        // Every interface by default: in a container, loopback would be unreachable from outside it.
        var host = new Option<string?>("--host")
        {
            Description = "Address to listen on: an IP address (0.0.0.0 = every IPv4 interface, :: = every interface, " +
                          "127.0.0.1 = this machine only) or localhost (= 127.0.0.1). Default: 0.0.0.0",
        };
        var loopback = new Option<bool>("--loopback") { Description = "Same as --host 127.0.0.1" };
        var keepAlive = CommonOptions.StreamKeepAlive();
        var database = new Option<string?>("--database")
        {
            Description = "The database: an Npgsql connection string (Host=…;Database=…;Username=…;Password=…) for PostgreSQL. " +
                          "Default: $SLUICE_DATABASE, else SQLite in --data-dir",
        };
        var redis = new Option<string?>("--redis")
        {
            Description = "Redis for change notifications between instances and shared rate-limit and budget counters (a StackExchange.Redis configuration, e.g. " +
                          "redis1:6379,password=…). Default: $SLUICE_REDIS, else none (instances poll the database every 2 s)",
        };
        var command = new Command("serve", "Run the gateway (OpenAI API at /v1, admin API at /api/v1)")
        {
            port, dataDir, config, host, loopback, keepAlive, database, redis,
        };
        var telemetry = new TelemetryCliOptions();
        telemetry.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (GatewayStart.ResolveHost(parse.GetValue(host), parse.GetValue(loopback), IPAddress.Any) is not { } address)
            {
                return 2;
            }

            var app = await GatewayStart.StartAsync(new GatewayOptions
            {
                Port = parse.GetValue(port),
                DataDir = parse.GetValue(dataDir)!,
                ConfigFile = parse.GetValue(config)?.FullName,
                Host = address,
                StreamKeepAliveInterval = TimeSpan.FromSeconds(parse.GetValue(keepAlive)),
                Telemetry = telemetry.Read(parse),
                ConnectionString = parse.GetValue(database),
                Redis = parse.GetValue(redis),
                InlineIo = true,
            }, ct);
            if (app is null)
            {
                return 1;
            }

            await using (app)
            {
                await app.WaitForShutdownAsync(ct);
            }

            return 0;
        });
        return command;
    }
}
