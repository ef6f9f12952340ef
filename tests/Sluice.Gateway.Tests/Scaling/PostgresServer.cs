using Npgsql;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>
/// A PostgreSQL server of the tests' own: initdb in a temporary directory, listening on 127.0.0.1 at a free port,
/// trust authentication. Runs as the <c>postgres</c> user when the tests run as root (postgres refuses root).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);
    private readonly string _dir;
    private int _stopped;

    private PostgresServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    private static string BinDir => Environment.GetEnvironmentVariable("SLUICE_TEST_PG_BIN") is { Length: > 0 } dir
        ? dir
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().LastOrDefault() ?? "/usr/lib/postgresql/15/bin"
            : "/usr/lib/postgresql/15/bin";

    private static string? User => ServerCommand.IsRoot ? "postgres" : null;

    /// <summary>The server most storage tests share (one database each); stopped when the test process exits.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>A server of one test's own (a test that stops and starts it).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sluice-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        if (User is { } user) await ServerCommand.RunAsync("/usr/bin/chown", [user, dir]);
        var server = new PostgresServer(dir, ServerCommand.FreePort());
        await ServerCommand.RunAsync(Path.Combine(BinDir, "initdb"),
            ["-D", Path.Combine(dir, "data"), "-U", "sluice", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], User);
        await server.StartServerAsync();
        return server;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=sluice;Database={database};Connection Idle Lifetime=10;Connection Pruning Interval=5;Timeout=5";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public Task StartServerAsync()
    {
        Volatile.Write(ref _stopped, 0);
        return ServerCommand.RunAsync(Path.Combine(BinDir, "pg_ctl"),
            ["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "server.log"), "-w", "-o",
             $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=400", "start"], User);
    }

    /// <summary>Stops the server at once (fast shutdown: open connections are cut, as in an outage).</summary>
    public Task StopServerAsync() => StopServerAsync("fast");

    private Task StopServerAsync(string mode)
    {
        Volatile.Write(ref _stopped, 1);
        return ServerCommand.RunAsync(Path.Combine(BinDir, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", mode, "-w", "stop"], User);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _stopped) == 0) await StopServerAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for RemoveStaleDirectories.
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        RemoveStaleDirectories();
        var server = await StartAsync();
        // xunit (v2) has no assembly-wide teardown: stop the server when the test process ends.
        server.WatchTestHost();
        return server;
    }

    /// <summary>
    /// Stops the server and deletes its directory once the test host has gone, however it went: xunit (v2) has no
    /// assembly-wide teardown, and the test runner ends the host right after the last test, before an exit handler
    /// could finish. A detached shell polls the host's process id once a second.
    /// </summary>
    private void WatchTestHost()
    {
        var pgCtl = Path.Combine(BinDir, "pg_ctl");
        var stop = User is { } user ? $"/usr/sbin/runuser -u {user} -- {pgCtl}" : pgCtl;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"{stop} -D '{_dir}/data' -m immediate -w stop >/dev/null 2>&1; rm -rf '{_dir}'";
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "/bin/sh", "-c", script }) info.ArgumentList.Add(a);
        System.Diagnostics.Process.Start(info)?.Dispose();
    }

    /// <summary>
    /// Deletes the directories of earlier runs' servers that are no longer running (no postmaster.pid) and are older than
    /// ten minutes: the test host may be ended before its exit handler has deleted them.
    /// </summary>
    private static void RemoveStaleDirectories()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "sluice-pg-*"))
        {
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")) || Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-10)) continue;
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
