using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>A redis-server of one test's own on 127.0.0.1 at a free port, without persistence; can be stopped and started again.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string Program = "/usr/bin/redis-server";
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ServerCommand.FreePort());
        await server.StartServerAsync();
        return server;
    }

    public async Task StartServerAsync()
    {
        _process = Process.Start(ServerCommand.Info(Program,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]))
            ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port}.");
    }

    public async Task StopServerAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopServerAsync();

    private void StopOnExit(object? sender, EventArgs e) => _process?.Kill();
}
