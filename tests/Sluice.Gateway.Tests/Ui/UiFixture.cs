using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// One real gateway (with the Bedrock emulator behind a demo-like account) and one headless Debian Chromium driven by
/// Playwright, shared by the UI tests. Playwright never downloads a browser here: it drives /usr/bin/chromium.
/// </summary>
public sealed class UiFixture : IAsyncLifetime
{
    public const string AdminKey = "ui-test-admin-key-0123456789";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The gateway's own AWS identity: the emulator's gateway-user-1, trusted by its role gateway-bedrock.</summary>
    public const string GatewayAccessKeyId = "AKIDEXAMPLEUSER1";
    public const string GatewaySecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private BedrockEmulator? _emulator;
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private string _dataDir = "";

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public BedrockEmulator Emulator => _emulator!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing ({ChromiumPath}); the UI tests need it. Run scripts/test-deps.sh (as root, or with sudo) to install it.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 });
        _dataDir = Path.Combine(Path.GetTempPath(), "sluice-ui-" + Guid.NewGuid().ToString("N"));
        _app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = _dataDir,
            ListenLoopbackOnly = true,
            AdminToken = AdminKey,
            AwsSourceCredentials = new BasicAWSCredentials(GatewayAccessKeyId, GatewaySecretKey),
            Manifests = [Manifest(_emulator)],
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
        });
        await _app.StartAsync();
        BaseUrl = GatewayApp.BaseUrl(_app);

        // Other test collections share the 2 cores; give assertions the same slack as actions.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
    }

    /// <summary>A fresh page (own cookies and sessionStorage) with short timeouts, so a broken page fails fast.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh page signed in with the admin's API key (the UI's sign-in form, as a person would).</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/ui/");
        await RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Where the gateway offers password sign-in, the API-key form is behind a toggle.</summary>
    public static async Task RevealKeyFormAsync(IPage page)
    {
        // The page renders the whole form at once: once the heading shows, the key form's visibility is final.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Sluice" })).ToBeVisibleAsync();
        if (!await page.GetByLabel("API key").IsVisibleAsync())
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Use an API key" }).ClickAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
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

    // Like the demo's manifest: the emulator's Bedrock API key, one model in the account region, one elsewhere.
    private static string Manifest(BedrockEmulator emulator) => $"""
        name: demo-bedrock
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {emulator.DemoApiKey}
        endpoint_url: {emulator.RuntimeEndpointTemplate}
        sts_endpoint_url: {emulator.StsEndpointTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: claude-3-5-sonnet
            type: integration/model/bedrock
            model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
            model_types: [chat]
          - name: llama3-8b
            type: integration/model/bedrock
            model_id: meta.llama3-1-8b-instruct-v1:0
            region: us-west-2
            model_types: [chat]
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
        ---
        type: user
        name: demo@example.com
        """;
}
