using System.Diagnostics;
using System.Text.Json;
using static Sluice.Gateway.Tests.AnthropicApi.Functional.AnthropicFunctionalFixture;

namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>
/// The Claude Code CLI itself (npm <c>@anthropic-ai/claude-code</c>, pinned in <c>tests/claude-code</c> and installed
/// by <c>scripts/test-deps.sh</c>) in non-interactive mode against the gateway and the emulator, with an empty home
/// and its non-essential traffic off, so nothing but the gateway is called.
/// </summary>
[Collection(AnthropicFunctionalCollection.Name)]
public sealed class ClaudeCodeTests(AnthropicFunctionalFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <remarks>
    /// The model is named as Claude Code knows it (an alias maps it to the Sluice model): given a name it does not know,
    /// such as <c>account/model</c>, Claude Code assumes the newest model and sends adaptive thinking, <c>output_config.effort</c>
    /// and system-role messages, which Claude Sonnet 4.5 on Bedrock refuses. No failed attempt may be recorded either:
    /// the first request succeeds (Claude Code would otherwise retry with fewer betas).
    /// </remarks>
    [Fact]
    public async Task ClaudePrint_AnthropicModelNameThroughSluice_EmulatorAnswersAndUsageIsRecorded()
    {
        const string model = AnthropicName;
        var marker = "marker" + Guid.NewGuid().ToString("N")[..12];
        var since = DateTimeOffset.UtcNow;

        var (exit, stdout, stderr) = await RunClaudeAsync(model, $"Repeat after me: {marker}");

        Assert.True(exit == 0, $"claude exited with {exit}\nstdout: {stdout}\nstderr: {stderr}");
        using var result = JsonDocument.Parse(stdout);
        Assert.False(result.RootElement.GetProperty("is_error").GetBoolean(), stdout);
        Assert.Contains(marker, result.RootElement.GetProperty("result").GetString(), StringComparison.Ordinal);
        var records = await fixture.UsageRecordsSinceAsync(since, Claude);
        Assert.Contains(records, r => r.GetProperty("status").GetInt32() == 200 && r.GetProperty("operation").GetString()!.StartsWith("messages", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.GetProperty("status").GetInt32() >= 400);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunClaudeAsync(string model, string prompt)
    {
        var home = Directory.CreateTempSubdirectory("sluice-claude-home-");
        try
        {
            var start = new ProcessStartInfo(ClaudeExecutable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = home.FullName,
            };
            foreach (var arg in new[] { "-p", prompt, "--model", model, "--output-format", "json", "--max-turns", "1" }) start.ArgumentList.Add(arg);
            var env = start.Environment;
            foreach (var name in env.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("CLAUDE_", StringComparison.Ordinal)).ToList())
            {
                env.Remove(name);
            }

            env["HOME"] = home.FullName;
            env["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config");
            env["ANTHROPIC_BASE_URL"] = fixture.BaseUrl;
            env["ANTHROPIC_AUTH_TOKEN"] = fixture.UserToken;
            env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] = model; // Claude Code's small model for side tasks goes to Sluice too
            env["ANTHROPIC_DEFAULT_SONNET_MODEL"] = model;
            env["ANTHROPIC_DEFAULT_OPUS_MODEL"] = model;
            // Off the network: no telemetry, error reports, update checks or other non-essential calls.
            env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
            env["DISABLE_TELEMETRY"] = "1";
            env["DISABLE_ERROR_REPORTING"] = "1";
            env["DISABLE_AUTOUPDATER"] = "1";
            env["DISABLE_BUG_COMMAND"] = "1";
            env["CI"] = "1";

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"claude did not finish within {Patience}: {await stderr}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>The pinned CLI; missing means scripts/test-deps.sh has not run, which is a failure, not a skip.</summary>
    private static string ClaudeExecutable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) dir = dir.Parent;
        var path = Path.Combine(dir!.FullName, "tests", "claude-code", "node_modules", ".bin", "claude");
        Assert.True(File.Exists(path), $"The Claude Code CLI is not installed at {path}. Run scripts/test-deps.sh (it runs npm ci in tests/claude-code).");
        return path;
    }
}
