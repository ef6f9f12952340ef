using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Tests.Manifests;

/// <summary>What an Azure OpenAI account manifest may say: the resource endpoint, an API version, one of the two sign-ins.</summary>
public class AzureAccountManifestTests
{
    private const string Account = """
        name: azure-prod
        type: provider-account/azure-openai
        base_url: https://contoso.openai.azure.com/openai/v1
        api_version: 2025-04-01-preview
        auth_data:
          type: azure-client-secret
          tenant_id: contoso.onmicrosoft.com
          client_id: 3fa85f64-5717-4562-b3fc-2c963f66afa6
          client_secret: secret-value
        integrations:
          - name: gpt-4o
            type: integration/model/azure-openai
            model_id: gpt-4o
            model_types: [chat]
        """;

    [Fact]
    public void Validate_EntraAccountWithV1BaseUrl_NoProblems()
    {
        Assert.Empty(Problems(Account));
    }

    [Theory]
    [InlineData("api_version: 2025-04-01-preview", "api_version: latest", "api_version")]
    [InlineData("base_url: https://contoso.openai.azure.com/openai/v1", "base_url: https://contoso.openai.azure.com/openai/deployments/gpt-4o", "base_url")]
    [InlineData("tenant_id: contoso.onmicrosoft.com", "tenant_id: ../common", "auth_data.tenant_id")]
    [InlineData("  client_secret: secret-value\n", "", "auth_data.client_secret")]
    [InlineData("base_url: https://contoso.openai.azure.com/openai/v1\n", "", "base_url")]
    public void Validate_Mistake_NamesTheKey(string from, string to, string path)
    {
        var problems = Problems(Account.Replace(from, to, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.Path == path);
    }

    private static List<ValidationProblem> Problems(string text)
    {
        var problems = new List<ValidationProblem>();
        var document = ManifestReader.ReadDocument(YamlDocuments.Parse(text, problems)[0], problems);
        Assert.Empty(problems);
        ManifestValidator.Validate(document!, problems);
        return problems;
    }
}
