using System.Diagnostics;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary>The real <c>sluice</c> command as a child process with stdout and stderr redirected (as in a file or a pipe).</summary>
internal sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The admin key every started process has (<c>SLUICE_ADMIN_TOKEN</c>).</summary>
    public const string AdminToken = "cli-test-admin-token";

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private bool _disposed;

    private CliProcess(Process process) => _process = process;

    public string Stdout
    {
        get
        {
            lock (_stdout) return string.Join('\n', _stdout);
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stdout) return string.Join('\n', _stderr);
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet sluice.dll args</c> with <c>TERM</c> set as a terminal would (Spectre reads it) and a fixed admin key.</summary>
    public static CliProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["SLUICE_ADMIN_TOKEN"] = AdminToken;
        info.Environment.Remove("SLUICE_MASTER_KEY"); // so the gateway logs its "generated a master key" warning
        info.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Add(cli._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Add(cli._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public static string TempDataDir() => Path.Combine(Path.GetTempPath(), "sluice-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>The first stdout line matching <paramref name="match"/>, waiting for it to be printed.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            var existing = _stdout.FirstOrDefault(match);
            if (existing is not null) return existing;
            _waiters.Add((match, found));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited).WaitAsync(Timeout);
        if (first != found.Task)
        {
            throw new InvalidOperationException($"sluice exited ({_process.ExitCode}) before printing the line.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return await found.Task;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Timeout);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (<c>TERM</c>, <c>INT</c>: what systemd and Ctrl-C send) to the process.</summary>
    public void Signal(string name)
    {
        // The shell's builtin kill: present wherever sh is, unlike the procps binary.
        using var kill = Process.Start("/bin/sh", ["-c", $"kill -{name} {_process.Id}"]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{name} {_process.Id} failed ({kill.ExitCode}).");
    }

    /// <summary>Kills the process if it still runs; safe to call twice (tests stop it before deleting its data directory).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null) return;
        lock (_stdout)
        {
            lines.Add(line);
            if (lines != _stdout) return;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
