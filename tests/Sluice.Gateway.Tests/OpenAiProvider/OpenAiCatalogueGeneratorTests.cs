using System.Diagnostics;
using Sluice.OpenAI.Catalogue;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>The checked-in OpenAI catalogue is what the generator makes of the pinned genai-prices, and it is read as written.</summary>
public sealed class OpenAiCatalogueGeneratorTests
{
    [Fact]
    public async Task Generate_PinnedGenaiPrices_ReproducesCheckedInFileByteForByte()
    {
        var repo = RepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), "sluice-openai-catalogue-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(Path.Combine(repo, "scripts", "catalogue", "generate-openai.mjs"));
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(output);
            using var node = Process.Start(psi)!;
            var stderr = node.StandardError.ReadToEndAsync();
            await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();

            Assert.True(node.ExitCode == 0, "generate-openai.mjs failed (run scripts/test-deps.sh for its npm packages): " + await stderr);
            var expected = await File.ReadAllBytesAsync(Path.Combine(repo, "src", "Sluice.OpenAI", "Catalogue", "openai-catalogue.json"));
            var actual = await File.ReadAllBytesAsync(output);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                "openai-catalogue.json is not what the generator produces; run: node scripts/catalogue/generate-openai.mjs");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("gpt-4o-mini", 0.15, 0.6)]
    [InlineData("gpt-4o-mini-2024-07-18", 0.15, 0.6)]
    [InlineData("gpt-4o-2099-01-01", 2.5, 10)]
    public void Find_KnownOrDatedModel_HasItsPrice(string model, double input, double output)
    {
        var rates = OpenAiCatalogue.Find(model)!.Price.Find(OpenAiCatalogue.Scope)!.Tokens;

        Assert.Equal((decimal)input, rates.Input);
        Assert.Equal((decimal)output, rates.Output);
    }

    [Fact]
    public void Find_UnknownModel_Null() => Assert.Null(OpenAiCatalogue.Find("my-finetune"));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
