using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port with its files in a temporary directory, stopped (and the
/// directory removed) on dispose. Installed by <c>scripts/test-deps.sh</c>; a missing binary fails the test loudly.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir;
    private Process? _process;

    private RedisServer(int port, string dir)
    {
        Port = port;
        _dir = dir;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run scripts/test-deps.sh (apt-get install redis-server).");
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var dir = Directory.CreateTempSubdirectory("sluice-redis-").FullName;
            var server = new RedisServer(port, dir);
            server._process = Process.Start(new ProcessStartInfo(binary,
                ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            server._process.OutputDataReceived += (_, _) => { };
            server._process.BeginOutputReadLine();
            await server.WaitUntilReadyAsync();
            return server;
        }
    }

    /// <summary>Stops the server (the gateway sees the connection drop).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && buffer[0] == (byte)'+') return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process!.HasExited)
            {
            }

            if (_process!.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}.");
            await Task.Delay(50);
        }
    }
}
