using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Gateway.Tests.Ui;

/// <summary>Signs the browser in as someone other than the admin: a key made with the admin API, typed into the sign-in form.</summary>
public static class UiUsers
{
    /// <summary>A personal access token for <paramref name="email"/> (the user is created when missing).</summary>
    public static async Task<string> CreateKeyAsync(UiFixture fixture, string email, string name)
    {
        using var http = AdminClient(fixture);
        using var created = await http.PostAsJsonAsync("/api/v1/personal-access-tokens", new { name, user = email });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    public static HttpClient AdminClient(UiFixture fixture)
    {
        var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", UiFixture.AdminKey);
        return http;
    }

    /// <summary>A fresh page signed in with <paramref name="key"/> through the sign-in form, at the given width.</summary>
    public static async Task<IPage> SignedInPageAsync(UiFixture fixture, string key, int width = 1280)
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(width, 860);
        await page.GotoAsync("/ui/");
        await UiFixture.RevealKeyFormAsync(page);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with API key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Playground", Level = 1 })).ToBeVisibleAsync();
        return page;
    }
}
