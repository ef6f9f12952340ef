using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>
/// Full-page screenshots of the screens a browser test visits, kept with the test output
/// (<c>TestResults/ui-screenshots/&lt;test&gt;-&lt;step&gt;.png</c> under the test assembly's directory) for a person to look at.
/// </summary>
public static class UiScreenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "ui-screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }
}
