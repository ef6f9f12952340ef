using System.Text;

namespace Sluice.Gateway.Tests.Fuzz;

/// <summary>Valid inputs the fuzzer starts from, covering each parser's features.</summary>
public static class FuzzSeeds
{
    public static readonly byte[][] Chat = Utf8(
        """{"model":"a/b","messages":[{"role":"user","content":"hi"}]}""",
        """{"model":"a/b","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}]}],"max_tokens":100,"temperature":0.5,"top_p":0.9,"stop":["END"]}""",
        """{"model":"a/b","messages":[{"role":"user","content":"weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"sunny"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"d","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}}],"tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false}""",
        """{"model":"a/b","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"developer","content":"x"},{"role":"user","content":"y"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"a":{"type":"integer"}}},"strict":true}},"reasoning_effort":"high","metadata":{"team":"ml"},"user":"u1"}""",
        """{"model":"a/b","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a","reasoning_content":"thinking","reasoning_signature":"sig"},{"role":"user","content":"q2"}],"response_format":{"type":"json_object"},"max_completion_tokens":50,"n":1,"seed":7}""");

    public static readonly byte[][] Embeddings = Utf8(
        """{"model":"a/e","input":"hello"}""",
        """{"model":"a/e","input":["one","two"],"dimensions":256,"encoding_format":"base64","input_type":"search_query","user":"u"}""");

    public static readonly byte[][] Images = Utf8(
        """{"model":"a/i","prompt":"a cat","n":2,"size":"512x512","quality":"hd","response_format":"b64_json","negative_prompt":"dogs","seed":3}""");

    public static readonly byte[][] Manifests = Utf8(
        """
        type: provider-account/aws-bedrock
        name: acme
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLE
          secret_access_key: secret
        collaborators:
          - subject: team:everyone
            role_id: provider-account-access
        integrations:
          - name: nova
            type: integration/model/bedrock
            model_id: amazon.nova-lite-v1:0
            region: us-west-2
            model_types: [chat]
            cost:
              per_1000_tokens:
                input: 0.001
                output: 0.002
            authorized_subjects: [user:a@example.com]
        ---
        type: user
        name: a@example.com
        ---
        type: team
        name: ml
        members: [a@example.com]
        """,
        """
        type: provider-account/aws-bedrock
        name: roles
        region: eu-west-1
        auth_data:
          type: assumed-role-based
          role_arn: arn:aws:iam::123456789012:role/bedrock
          external_id: ext
        integrations:
          - name: claude
            type: integration/model/bedrock
            model_id: eu.anthropic.claude-3-7-sonnet-20250219-v1:0
            model_types: [chat]
        ---
        type: virtual-account
        name: ci
        permissions:
          - resource_fqn: roles
            role_id: provider-account-access
        """,
        """{"type":"provider-account/aws-bedrock","name":"k","region":"us-east-1","auth_data":{"type":"api-key","api_key":"abc"},"integrations":[{"name":"t","type":"integration/model/bedrock","model_id":"amazon.titan-embed-text-v2:0","model_types":["embedding"]}]}""");

    private static byte[][] Utf8(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];
}
