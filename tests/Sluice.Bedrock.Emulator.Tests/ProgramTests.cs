using System.Diagnostics;
using System.Reflection;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class ProgramTests
{
    [Fact]
    public async Task RunAsync_PrintsBaseUrlLineAndStopsOnCancel()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        using var cts = new CancellationTokenSource();
        Task<int> run;
        try
        {
            Console.SetOut(captured);
            run = EmulatorProgram.RunAsync(0, null, cts.Token);
            for (var i = 0; i < 200 && !captured.ToString().Contains('\n', StringComparison.Ordinal); i++)
            {
                await Task.Delay(25);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var line = captured.ToString().Split('\n')[0].Trim();
        Assert.Matches("^http://127\\.0\\.0\\.1:\\d+$", line);
        using var http = new HttpClient();
        var response = await http.GetAsync(line + "/ping");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await cts.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Fact]
    public async Task CliEmulator_Sigterm_ExitsWithinFiveSecondsWithCodeZero()
    {
        var dll = typeof(ProgramTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SluiceCliDll").Value!;
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.GetFullPath(dll), "emulator", "--port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            process.ErrorDataReceived += (_, _) => { }; // drained so the child never blocks on a full stderr pipe
            process.BeginErrorReadLine();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Matches("^http://127\\.0\\.0\\.1:\\d+$", line);
            using (var http = new HttpClient())
            {
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(line + "/ping")).StatusCode);
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var exited = await process.WaitForExitAsync(deadline.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(exited, "sluice emulator still running 5 s after SIGTERM");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public void Fixture_DemoRoundTripsThroughJson()
    {
        var demo = EmulatorFixture.LoadDemo();
        var path = Path.GetTempFileName();
        File.WriteAllText(path, demo.ToJson());
        var loaded = EmulatorFixture.Load(path);
        File.Delete(path);
        Assert.Equal(demo.Models.Count, loaded.Models.Count);
        Assert.True(loaded.Model("anthropic.claude-3-7-sonnet-20250219-v1:0").ProfileOnly);
        Assert.Contains("\"profile_only\": true", demo.ToJson());
    }

    [Fact]
    public void Fixture_InvalidReferences_ReportsEveryProblem()
    {
        var json = "{\"account_id\":\"12\",\"inference_profiles\":[{\"id\":\"us.x\",\"model_id\":\"x\",\"destination_regions\":[]}]}";
        var ex = Assert.Throws<InvalidDataException>(() => EmulatorFixture.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("account_id", ex.Message);
        Assert.Contains("inference_profiles[0].model_id", ex.Message);
        Assert.Contains("inference_profiles[0].destination_regions", ex.Message);
    }
}
