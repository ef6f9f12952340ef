namespace Sluice.Anthropic.Emulator;

/// <summary>Entry point used by <c>sluice emulator --provider anthropic</c>: prints the base URL on stdout and the key on stderr, runs until stopped.</summary>
public static class AnthropicEmulatorProgram
{
    public static async Task<int> RunAsync(int port, CancellationToken ct)
    {
        AnthropicEmulator emulator;
        try
        {
            emulator = await AnthropicEmulator.StartAsync(new AnthropicEmulatorOptions { Port = port, Log = line => Console.Error.WriteLine("[anthropic-emulator] " + line) }, ct);
        }
        catch (IOException e)
        {
            // Kestrel reports a taken port as an IOException (AddressInUseException); one line is what the user needs.
            await Console.Error.WriteLineAsync($"error: the Anthropic emulator could not listen on 127.0.0.1:{port}: {e.Message}");
            return 1;
        }

        await using (emulator)
        {
            Console.Out.WriteLine(emulator.BaseUrl);
            Console.Out.Flush();
            Console.Error.WriteLine($"api key: {emulator.ApiKeys[0]}");
            Console.Error.WriteLine($"models: {string.Join(", ", EmulatedModel.Defaults.Select(m => m.Id))}");
            await emulator.WaitForShutdownAsync(ct);
        }

        return 0;
    }
}
