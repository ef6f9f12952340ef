using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>Runs the server programs the scale-out tests need (PostgreSQL's tools, redis-server), as a non-root user where they demand it.</summary>
internal static class ServerCommand
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a program to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, IEnumerable<string> arguments, string? asUser = null)
    {
        using var process = Process.Start(Info(program, arguments, asUser))
            ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    public static ProcessStartInfo Info(string program, IEnumerable<string> arguments, string? asUser = null)
    {
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{program} is missing: run scripts/test-deps.sh (it installs PostgreSQL and Redis from Debian).");
        }

        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        if (asUser is not null && IsRoot)
        {
            info.FileName = "/usr/sbin/runuser";
            foreach (var a in new[] { "-u", asUser, "--", program }) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }

        foreach (var a in arguments) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
