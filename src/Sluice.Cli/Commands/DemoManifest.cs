namespace Sluice.Cli.Commands;

/// <summary>The demo's provider account (pointed at the in-process emulator) and its user.</summary>
internal static class DemoManifest
{
    public const string User = "demo@example.com";
    public const string AccessKeyId = "AKIDEXAMPLEUSER1";

    // The emulator's published demo identity; it only works against the local emulator.
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";

    public static string Yaml(string runtimeTemplate, string stsTemplate) => $"""
        name: demo-bedrock
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: {AccessKeyId}
          secret_access_key: {SecretAccessKey}
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
