using System.Diagnostics;
using Sluice.AzureOpenAI.Catalogue;
using Sluice.Core.Pricing;

namespace Sluice.AzureOpenAI.Tests.Catalogue;

/// <summary>The embedded Azure OpenAI prices: reproduced by the generator, and found by deployment names that are model names.</summary>
public class AzureCatalogueTests
{
    [Fact]
    public async Task Generate_PinnedGenaiPrices_ReproducesCheckedInFileByteForByte()
    {
        var repo = RepositoryRoot();
        var checkedIn = Path.Combine(repo, "src", "Sluice.AzureOpenAI", "Catalogue", "azure-openai-catalogue.json");
        var output = Path.Combine(Path.GetTempPath(), "sluice-azure-catalogue-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(Path.Combine(repo, "scripts", "catalogue", "generate-azure.mjs"));
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(output);
            using var node = Process.Start(psi)!;
            var stderr = node.StandardError.ReadToEndAsync();
            await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();

            Assert.True(node.ExitCode == 0, "generate-azure.mjs failed (run scripts/test-deps.sh for its npm packages): " + await stderr);
            var expected = await File.ReadAllBytesAsync(checkedIn);
            var actual = await File.ReadAllBytesAsync(output);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                "azure-openai-catalogue.json is not what the generator produces; run: node scripts/catalogue/generate-azure.mjs");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Find_DeploymentNamedAfterDatedVersion_PricesTheModel()
    {
        var pricing = AzureOpenAiCatalogue.Find("gpt-4o-2024-11-20");

        var usage = new CallUsage(PromptTokens: 1_000_000, CompletionTokens: 1_000_000);
        var cost = CostCalculator.Price(null, pricing, "gpt-4o-2024-11-20", "", usage);
        Assert.Equal(12.5m, cost.Usd);
    }

    [Fact]
    public void Find_DeploymentWithItsOwnName_IsUnknown()
    {
        Assert.Null(AzureOpenAiCatalogue.Find("prod-chat"));
        Assert.True(AzureOpenAiCatalogue.Count > 50);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
