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
