using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Sluice.Bedrock.Emulator;
using Sluice.Cli.Commands;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// A gateway on exactly the demo's configuration (<c>./sluice demo</c>: its manifest against the emulator, and a key
/// for the demo user made the way the demo makes it), for the README's quick start and the Usage, Playground and
/// Models pages. The browser is <see cref="UiFixture"/>'s.
/// </summary>
public sealed class UiDemoFixture : IAsyncLifetime
{
    public const string AdminKey = "ui-demo-admin-key-0123456789";

    private readonly SemaphoreSlim _once = new(1, 1);
    private object? _shared;
    private BedrockEmulator? _emulator;
    private WebApplication? _app;
    private string _dataDir = "";

    public string BaseUrl { get; private set; } = "";

    /// <summary>The demo user's key, as <c>./sluice demo</c> prints it.</summary>
    public string DemoKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 });
        _dataDir = Path.Combine(Path.GetTempPath(), "sluice-ui-demo-" + Guid.NewGuid().ToString("N"));
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminKey,
            Manifests = [DemoManifest.Yaml(_emulator.RuntimeEndpointTemplate, _emulator.StsEndpointTemplate, _emulator.DemoApiKey)],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);
        var tokens = _app.Services.GetRequiredService<TokenService>();
        (_, DemoKey) = await tokens.CreateAsync("user:" + DemoManifest.User, "demo", null, TokenService.DemoPurpose, CancellationToken.None);
    }

    /// <summary>A fresh page on this gateway (own cookies) at <paramref name="width"/> px, with short timeouts.</summary>
    public async Task<IPage> NewPageAsync(IBrowser browser, int width = 1280)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = width < 800 ? 844 : 860 },
            ColorScheme = ColorScheme.Light,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the UI's form with <paramref name="key"/>, as the README tells a user to.</summary>
    public async Task<IPage> SignedInPageAsync(IBrowser browser, string key, int width = 1280)
    {
        var page = await NewPageAsync(browser, width);
        await page.GotoAsync("/");
        await UiFixture.RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();
        // At phone width "Sign out" sits in the folded menu: signed in is when it exists, shown or not.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", IncludeHidden = true })).ToBeAttachedAsync();
        return page;
    }

    /// <summary>Runs <paramref name="make"/> once per fixture (e.g. traffic every test of a class reads); later callers get its result.</summary>
    public async Task<T> OnceAsync<T>(Func<Task<T>> make)
        where T : class
    {
        await _once.WaitAsync();
        try
        {
            return (T)(_shared ??= await make());
        }
        finally
        {
            _once.Release();
        }
    }

    public async Task DisposeAsync()
    {
        _once.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
