using System.Net;
using Microsoft.AspNetCore.Builder;
using Sluice.Gateway.Hosting;

namespace Sluice.Cli.Commands;

/// <summary>Builds and starts the gateway for <c>serve</c> and <c>demo</c>, turning start failures into one line on stderr.</summary>
internal static class GatewayStart
{
    /// <summary>The started app, or null after printing why it could not start (the command then exits with 1).</summary>
    public static async Task<WebApplication?> StartAsync(GatewayOptions options, CancellationToken ct)
    {
        WebApplication app;
        try
        {
            app = GatewayApp.Build(options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException or ArgumentException)
        {
            // Npgsql's EF provider wraps a connection failure in "likely due to a transient failure"; the cause is inside.
            var database = e as System.Data.Common.DbException ?? e.InnerException as System.Data.Common.DbException;
            await Console.Error.WriteLineAsync(database is null ? "error: " + e.Message : "error: cannot use the database: " + database.Message);
            return null;
        }

        var address = GatewayApp.ListenAddressOf(options);
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch (Exception e) when (ListenAddress.DescribeBindFailure(e, address, options.Port) is { } message)
        {
            await Console.Error.WriteLineAsync("error: " + message);
            // The hosted services (the usage writer) started before the server failed to bind: stop them first, so
            // they end on their stopping token instead of finding their services disposed under them (which the host
            // then reported as a background-service failure with a stack trace).
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return null;
        }
    }

    /// <summary>Reads <c>--host</c> / <c>--loopback</c>; null after printing why they are wrong.</summary>
    public static IPAddress? ResolveHost(string? host, bool loopback, IPAddress fallback)
    {
        if (host is null)
        {
            return loopback ? IPAddress.Loopback : fallback;
        }

        if (!ListenAddress.TryParse(host, out var address))
        {
            Console.Error.WriteLine($"error: --host {host} is not an IP address or localhost");
            return null;
        }

        if (loopback && !address.Equals(IPAddress.Loopback))
        {
            Console.Error.WriteLine($"error: --loopback means --host 127.0.0.1, which contradicts --host {host}; give one of them");
            return null;
        }

        return address;
    }
}
