namespace Sluice.Gateway.Tests.Hosting;

/// <summary>Manifests the tests apply.</summary>
internal static class TestManifests
{
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYUNIQUESECRET42";

    public const string Account = """
        name: acct-one
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLEUSER1
          secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYUNIQUESECRET42
        collaborators:
          - subject: team:ml-platform
            role_id: provider-account-access
          - subject: user:carol@example.com
            role_id: provider-account-manager
        integrations:
          - name: claude-3-5-sonnet
            type: integration/model/bedrock
            model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
            model_types: [chat]
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
            cost:
              per_1000_tokens: {input: 0.0002, output: 0}
            authorized_subjects: [user:alice@example.com]
        ---
        type: user
        name: alice@example.com
        ---
        type: team
        name: ml-platform
        members: [alice@example.com]
        """;

    /// <summary>The same account re-applied without its secret.</summary>
    public static readonly string AccountWithoutSecret = Account.Replace("  secret_access_key: " + Secret + "\n", "", StringComparison.Ordinal);
}
