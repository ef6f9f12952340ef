using System.Text.Json.Nodes;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>The annotations Azure adds to every answer when nothing was filtered (clients must tolerate these extra fields).</summary>
internal static class ContentFilterResults
{
    public static JsonObject Safe() => new()
    {
        ["hate"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["self_harm"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["sexual"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["violence"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
    };

    public static JsonArray Prompt()
    {
        var results = Safe();
        results["jailbreak"] = new JsonObject { ["filtered"] = false, ["detected"] = false };
        return [new JsonObject { ["prompt_index"] = 0, ["content_filter_results"] = results }];
    }
}
