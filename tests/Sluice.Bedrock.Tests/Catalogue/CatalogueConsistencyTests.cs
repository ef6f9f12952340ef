using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.Catalogue;

/// <summary>Every entry of the generated catalogue holds together: what a caller would trip over if it did not.</summary>
public partial class CatalogueConsistencyTests
{
    private static readonly JsonElement Catalogue = LoadFile();

    [Fact]
    public void Models_Ids_Unique()
    {
        var ids = Models().Select(m => m.GetProperty("id").GetString()!).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Count, BedrockCatalogue.All.Count);
    }

    [Fact]
    public void Models_ProfileOnlyRegion_HasAProfileThatServesIt()
    {
        foreach (var m in BedrockCatalogue.All)
        {
            foreach (var region in m.ProfileOnlyRegions)
            {
                Assert.True(m.Profiles.Any(p => p.SourceRegions.Contains(region)),
                    $"{m.ModelId} is profile-only in {region} but no profile is callable from there");
                Assert.False(m.OnDemandRegions.Contains(region), $"{m.ModelId}: {region} is both on-demand and profile-only");
            }
        }
    }

    [Fact]
    public void Models_Regions_AreRegionNames()
    {
        foreach (var m in BedrockCatalogue.All)
        {
            var all = m.OnDemandRegions.Concat(m.ProfileOnlyRegions)
                .Concat(m.Profiles.SelectMany(p => p.SourceRegions.Concat(p.DestinationRegions)));
            foreach (var region in all)
            {
                Assert.Matches(Region(), region);
            }

            foreach (var p in m.Profiles)
            {
                Assert.Contains(p.Prefix, GeoPrefixes.All);
            }
        }
    }

    [Fact]
    public void Models_Prices_PresentOrMarkedUnknown()
    {
        foreach (var m in Models())
        {
            var id = m.GetProperty("id").GetString();
            var prices = m.GetProperty("prices").GetArrayLength();
            Assert.True(m.GetProperty("price_unknown").GetBoolean() == (prices == 0), $"{id}: price_unknown disagrees with its prices");
        }
    }

    [Fact]
    public void Models_EveryPriceFigure_HasAKnownSource()
    {
        var sources = Catalogue.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        foreach (var m in Models())
        {
            var id = m.GetProperty("id").GetString();
            Assert.NotEmpty(m.GetProperty("source").EnumerateArray());
            foreach (var p in m.GetProperty("prices").EnumerateArray())
            {
                Assert.True(sources.Contains(p.GetProperty("source").GetString()), $"{id}: price without a known source");
                if (p.TryGetProperty("figure_sources", out var figures))
                {
                    foreach (var f in figures.EnumerateObject())
                    {
                        Assert.True(sources.Contains(f.Value.GetString()), $"{id}: {f.Name} from an unknown source");
                    }
                }
            }
        }
    }

    [Fact]
    public void Models_Legacy_FlagsCarriedThrough()
    {
        foreach (var m in Models())
        {
            var info = BedrockCatalogue.Find(m.GetProperty("id").GetString()!)!;
            Assert.Equal(m.GetProperty("legacy").GetBoolean(), info.Legacy);
        }
    }

    [Fact]
    public void Models_Claude_CanDisableParallelToolUseAndOthersCannot()
    {
        foreach (var m in BedrockCatalogue.All.Where(m => m.Types.HasFlag(ModelType.Chat)))
        {
            Assert.Equal(m.ModelId.StartsWith("anthropic.", StringComparison.Ordinal) && m.Capabilities.Tools, m.Capabilities.DisableParallelToolUse);
        }
    }

    [Fact]
    public void Models_PromptCaching_HasLimits()
    {
        foreach (var m in BedrockCatalogue.All.Where(m => m.Capabilities.PromptCaching))
        {
            Assert.True(m.Capabilities.CacheMaxCheckpoints > 0, m.ModelId);
        }
    }

    [Fact]
    public void Models_EmbeddingAndImage_HaveAnInvokeFamily()
    {
        foreach (var m in BedrockCatalogue.All)
        {
            if (m.Types.HasFlag(ModelType.Chat))
            {
                Assert.Equal(BedrockInvokeFamily.Converse, m.Family);
            }
            else
            {
                Assert.NotEqual(BedrockInvokeFamily.Converse, m.Family);
            }
        }
    }

    private static IEnumerable<JsonElement> Models() => Catalogue.GetProperty("models").EnumerateArray();

    private static JsonElement LoadFile()
    {
        var path = Path.Combine(CatalogueGeneratorTests.RepositoryRoot(), "src", "Sluice.Bedrock", "Catalogue", "bedrock-catalogue.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$")]
    private static partial Regex Region();

    [Fact]
    public void Models_ClaudeChat_TakeMessagesBodiesAndOthersDoNot()
    {
        foreach (var m in BedrockCatalogue.All.Where(m => m.Types.HasFlag(ModelType.Chat)))
        {
            Assert.True(m.ModelId.StartsWith("anthropic.", StringComparison.Ordinal) == m.Messages is not null, m.ModelId);
        }
    }

    [Theory]
    [InlineData("anthropic.claude-sonnet-4-5-20250929-v1:0", "context-management-2025-06-27", true)]
    [InlineData("anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-code-20250219", false)]
    [InlineData("anthropic.claude-3-7-sonnet-20250219-v1:0", "output-128k-2025-02-19", true)]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", "interleaved-thinking-2025-05-14", false)]
    [InlineData("anthropic.claude-opus-4-7", "tool-search-tool-2025-10-19", true)]
    public void Models_AnthropicBetas_AsAwsLists(string modelId, string beta, bool accepted)
    {
        Assert.Equal(accepted, BedrockCatalogue.Find(modelId)!.Messages!.Accepts(beta));
    }

    [Fact]
    public void Models_CountTokens_NotOnClaude3AndOlder()
    {
        Assert.False(BedrockCatalogue.Find("anthropic.claude-3-haiku-20240307-v1:0")!.Messages!.CountTokens);
        Assert.True(BedrockCatalogue.Find("anthropic.claude-haiku-4-5-20251001-v1:0")!.Messages!.CountTokens);
    }
}
