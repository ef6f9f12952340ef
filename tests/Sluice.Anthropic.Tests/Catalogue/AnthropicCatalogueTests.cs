using System.Diagnostics;
using Sluice.Anthropic.Catalogue;

namespace Sluice.Anthropic.Tests.Catalogue;

/// <summary>The embedded Anthropic prices: what the generator makes of the pinned genai-prices, and how model IDs find them.</summary>
public class AnthropicCatalogueTests
{
    [Fact]
    public async Task Generate_PinnedGenaiPrices_ReproducesCheckedInFileByteForByte()
    {
        var repo = RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), "sluice-anthropic-catalogue-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(Path.Combine(repo, "scripts", "catalogue", "generate-anthropic.mjs"));
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(output);
            using var node = Process.Start(psi)!;
            var stderr = node.StandardError.ReadToEndAsync();
            await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();

            Assert.True(node.ExitCode == 0, "generate-anthropic.mjs failed (run scripts/test-deps.sh for its npm packages): " + await stderr);
            var expected = await File.ReadAllBytesAsync(Path.Combine(repo, "src", "Sluice.Anthropic", "Catalogue", "anthropic-catalogue.json"));
            var actual = await File.ReadAllBytesAsync(output);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                "anthropic-catalogue.json is not what the generator produces; run: node scripts/catalogue/generate-anthropic.mjs");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", 3, 15, 0.3, 3.75, 6)]
    [InlineData("claude-3-5-haiku-20241022", 0.8, 4, 0.08, 1, 1.6)]
    [InlineData("claude-opus-4-1-20250805", 15, 75, 1.5, 18.75, 30)]
    public void Find_DatedModelId_FamilyPricesWithCacheWritesAndReads(string modelId, double input, double output, double read, double write5m, double write1h)
    {
        var price = AnthropicCatalogue.Find(modelId)?.Price.Find(AnthropicCatalogue.Scope);

        Assert.NotNull(price);
        Assert.Equal((decimal)input, price.Tokens.Input);
        Assert.Equal((decimal)output, price.Tokens.Output);
        Assert.Equal((decimal)read, price.Tokens.CacheRead);
        Assert.Equal((decimal)write5m, price.Tokens.CacheWrite5m);
        Assert.Equal((decimal)write1h, price.Tokens.CacheWrite1h);
    }

    [Fact]
    public void Find_Sonnet45_LongContextAbove200kTokens()
    {
        var tier = AnthropicCatalogue.Find("claude-sonnet-4-5")!.Price.Find(AnthropicCatalogue.Scope)!.LongContext;

        Assert.NotNull(tier);
        Assert.Equal(200_000, tier.AboveInputTokens);
        Assert.Equal(6m, tier.Rates.Input);
    }

    [Fact]
    public void Find_UnknownModel_NoPrice()
    {
        Assert.Null(AnthropicCatalogue.Find("gpt-4o"));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
