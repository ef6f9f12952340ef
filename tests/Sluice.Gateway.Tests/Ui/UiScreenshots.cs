using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>Full-page screenshots of the screens a browser test visits, kept in the test output for people to look at.</summary>
public static class UiScreenshots
{
    /// <summary>TestResults/ui-screenshots under the test project's output directory.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "ui-screenshots");

    /// <summary>Saves <c>&lt;name&gt;.png</c> (name is <c>test-step</c>).</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }
}
