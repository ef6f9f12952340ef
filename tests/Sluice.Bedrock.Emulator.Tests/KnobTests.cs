using System.Net;
using System.Net.Http;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class KnobTests : IAsyncLifetime
{
    private const string Nova = "amazon.nova-lite-v1:0";
    private readonly EmulatorHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task Throttle_FirstCallOnly_429ThenSuccess()
    {
        var knobs = _h.Emulator.Fixture.Model(Nova).Knobs;
        knobs.Fault = EmulatorFault.Throttle;
        knobs.FaultCount = 1;
        var first = await _h.Converse(Nova, EmulatorHarness.UserText("hi"));
        Assert.Equal((HttpStatusCode)429, first.StatusCode);
        Assert.Equal("ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", first.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("{\"message\":\"Too many requests, please wait before trying again.\"}", await first.Content.ReadAsStringAsync());
        var second = await _h.Converse(Nova, EmulatorHarness.UserText("hi"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Theory]
    [InlineData(EmulatorFault.Internal, 500, "InternalServerException")]
    [InlineData(EmulatorFault.Unavailable, 503, "ServiceUnavailableException")]
    public async Task ServerFaults_StatusAndType(EmulatorFault fault, int status, string type)
    {
        _h.Emulator.Fixture.Model(Nova).Knobs.Fault = fault;
        var response = await _h.Converse(Nova, EmulatorHarness.UserText("hi"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, (await EmulatorHarness.ReadError(response)).Type);
    }

    [Fact]
    public async Task StreamException_ExceptionFrameAfterNEvents()
    {
        var knobs = _h.Emulator.Fixture.Model(Nova).Knobs;
        knobs.Fault = EmulatorFault.StreamException;
        knobs.FaultAfterEvents = 2;
        var response = await _h.SendBearer($"/model/{EmulatorHarness.Encode(Nova)}/converse-stream", EmulatorHarness.UserText("one two three four"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, frames.Count);
        Assert.Equal("exception", frames[2].Headers[":message-type"]);
        Assert.Equal("throttlingException", frames[2].Headers[":exception-type"]);
        Assert.Equal("{\"message\":\"Too many requests, please wait before trying again.\"}", frames[2].PayloadText);
    }

    [Fact]
    public async Task DropConnection_MidStream_ClientSeesIOException()
    {
        var knobs = _h.Emulator.Fixture.Model(Nova).Knobs;
        knobs.Fault = EmulatorFault.DropConnection;
        knobs.FaultAfterEvents = 2;
        var response = await _h.SendBearer($"/model/{EmulatorHarness.Encode(Nova)}/converse-stream", EmulatorHarness.UserText("one two three four"), completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var ex = await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });
        Assert.True(ex is HttpIOException or IOException);
    }

    [Fact]
    public async Task Filter_GuardrailIntervened_StopReason()
    {
        _h.Emulator.Fixture.Model(Nova).Knobs.Filter = OutputFilter.GuardrailIntervened;
        var response = await _h.Converse(Nova, EmulatorHarness.UserText("hi"));
        Assert.Contains("\"stopReason\":\"guardrail_intervened\"", await response.Content.ReadAsStringAsync());
    }
}
