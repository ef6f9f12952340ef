namespace Sluice.Bedrock.Emulator;

/// <summary>Entry point used by `sluice emulator`: prints the base URL on stdout, credentials on stderr, runs until cancelled or sent SIGTERM/SIGINT.</summary>
public static class EmulatorProgram
{
    /// <summary>Starts the emulator, prints http://127.0.0.1:PORT on its own stdout line, and runs until <paramref name="ct"/> fires or the process gets SIGTERM/SIGINT; returns 0 then.</summary>
    public static async Task<int> RunAsync(int port, string? configPath, CancellationToken ct)
    {
        BedrockEmulator emulator;
        try
        {
            emulator = await BedrockEmulator.StartAsync(new EmulatorOptions
            {
                Port = port,
                ConfigPath = configPath,
                Log = line => Console.Error.WriteLine("[emulator] " + line),
            }, ct);
        }
        catch (Exception ex) when (IsAddressInUse(ex))
        {
            // Kestrel's exception carries three nested messages; the user needs one line and what to do.
            await Console.Error.WriteLineAsync($"error: port {port} is already in use on 127.0.0.1; choose another with --port");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync("emulator failed to start: " + ex.Message);
            return 1;
        }

        await using (emulator)
        {
            Console.Out.WriteLine(emulator.BaseUrl.ToString().TrimEnd('/'));
            Console.Out.Flush();
            var f = emulator.Fixture;
            Console.Error.WriteLine($"account: {f.AccountId}");
            foreach (var key in f.ApiKeys)
            {
                Console.Error.WriteLine($"api key ({key.UserName}): {key.Key}");
            }

            foreach (var u in f.Users)
            {
                Console.Error.WriteLine($"user {u.Name}: access key {u.AccessKeyId} secret {u.SecretAccessKey} regions {string.Join(",", u.Policy.AllowedRegions)}");
            }

            foreach (var r in f.Roles)
            {
                Console.Error.WriteLine($"role {r.Arn}: trusted by {string.Join(",", r.TrustedPrincipals)} external id {r.ExternalId ?? "(none)"}");
            }

            Console.Error.WriteLine($"runtime endpoint: {emulator.RuntimeEndpointTemplate}  sts: {emulator.StsEndpointTemplate}");
            await emulator.WaitForShutdownAsync(ct);
        }

        return 0;
    }

    private static bool IsAddressInUse(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is Microsoft.AspNetCore.Connections.AddressInUseException) return true;
        }

        return false;
    }
}
