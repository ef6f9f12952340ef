using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>Full-page screenshots of the screens the browser tests visit, kept in the test output for review.</summary>
public static class UiScreenshots
{
    /// <summary><c>TestResults/ui-screenshots</c> under the test project's output directory.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "ui-screenshots");

    /// <summary>Saves <paramref name="page"/> as <c>&lt;name&gt;.png</c> (name: <c>&lt;test&gt;-&lt;step&gt;</c>).</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }
}
