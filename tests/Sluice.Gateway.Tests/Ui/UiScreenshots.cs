using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>Full-page screenshots of the screens a browser test visits, kept in the test output for people to look at.</summary>
public static class UiScreenshots
{
    /// <summary>TestResults/ui-screenshots under the test project's output directory.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "ui-screenshots");

    /// <summary>JavaScript naming the page's width and the deepest elements that stick out past the viewport (for failure messages).</summary>
    public const string WidestElementScript = """
        () => {
          const w = document.documentElement.clientWidth;
          const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
          const wide = e => e.getBoundingClientRect().right > w + 1 && !clipped(e);
          const out = [...document.querySelectorAll('body *')].filter(e => wide(e) && ![...e.children].some(wide));
          return document.documentElement.scrollWidth + ' px; sticking out: ' + out.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ')').join(', ');
        }
        """;

    /// <summary>Saves <c>&lt;name&gt;.png</c> (name is <c>test-step</c>).</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }
}
