namespace Sluice.Cli.Commands;

/// <summary>The demo's provider account (pointed at the in-process emulator) and its user.</summary>
internal static class DemoManifest
{
    public const string User = "demo@example.com";
    // The account uses the emulator's Bedrock API key: it is allowed in every destination region of the
    // `us.` profiles, so the cross-region model works out of the box (an access key limited to two regions would not).
    public static string Yaml(string runtimeTemplate, string stsTemplate, string apiKey) => $"""
        name: demo-bedrock
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: api-key
          api_key: {apiKey}
        endpoint_url: {runtimeTemplate}
        sts_endpoint_url: {stsTemplate}
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: claude-3-5-sonnet
            type: integration/model/bedrock
            model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
            model_types: [chat]
          - name: claude-3-7-sonnet
            type: integration/model/bedrock
            model_id: us.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
          - name: nova-lite
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            model_types: [chat]
          - name: llama3-8b
            type: integration/model/bedrock
            model_id: meta.llama3-1-8b-instruct-v1:0
            region: us-west-2
            model_types: [chat]
          - name: titan-embed
            type: integration/model/bedrock
            model_id: amazon.titan-embed-text-v2:0
            model_types: [embedding]
          - name: titan-image
            type: integration/model/bedrock
            model_id: amazon.titan-image-generator-v2:0
            model_types: [image]
        ---
        type: user
        name: {User}
        """;
}
