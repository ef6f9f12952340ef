using Sluice.AzureOpenAI.Errors;
using Sluice.Core.Errors;

namespace Sluice.AzureOpenAI.Tests.Errors;

/// <summary>The Azure errors a user must act on read as what to change.</summary>
public class AzureErrorAdviceTests
{
    private static readonly AzureErrorContext Context = new("contoso.openai.azure.com", "chat-prod", "2024-10-21", EntraAuth: false);
    private static readonly GatewayError Generic = new(404, ErrorTypes.NotFound, "DeploymentNotFound", "generic");

    [Fact]
    public void Apply_DeploymentNotFound_NamesDeploymentAndResource()
    {
        var error = AzureErrorAdvice.Apply(Generic, 404, "DeploymentNotFound", "The API deployment for this resource does not exist.", Context);

        Assert.Equal(404, error.Status);
        Assert.Contains("'chat-prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains("contoso.openai.azure.com", error.Message, StringComparison.Ordinal);
        Assert.Contains("model_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ContentFilter_A400ContentFilterError()
    {
        var error = AzureErrorAdvice.Apply(Generic with { Status = 400, Param = "prompt" }, 400, "content_filter", "filtered", Context);

        Assert.Equal((400, ErrorTypes.InvalidRequest, "content_filter"), (error.Status, error.Type, error.Code));
        Assert.False(error.Retryable);
    }

    [Fact]
    public void Apply_401WithEntra_SaysWhichRoleToAssign()
    {
        var error = AzureErrorAdvice.Apply(Generic, 401, "PermissionDenied", "lacks the data action", Context with { EntraAuth = true });

        Assert.Equal(502, error.Status);
        Assert.Contains("Cognitive Services OpenAI User", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RateLimit_KeepsTheOpenAiMappingAndItsRetryAfter()
    {
        var mapped = new GatewayError(429, ErrorTypes.RateLimit, "429", "slow down", Retryable: true, RetryAfter: TimeSpan.FromSeconds(7));

        var error = AzureErrorAdvice.Apply(mapped, 429, "429", "slow down", Context);

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("azure-openai:contoso.openai.azure.com", error.Upstream);
    }
}
