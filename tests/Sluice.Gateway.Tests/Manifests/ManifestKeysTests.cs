using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Tests.Manifests;

/// <summary>Unknown keys are refused at any depth, with the full path and the nearest known key.</summary>
public sealed class ManifestKeysTests
{
    private const string Account = """
        name: acct-one
        type: provider-account/aws-bedrock
        region: us-east-1
        auth_data:
          type: access-key-based
          access_key_id: AKIDEXAMPLE
          secret_access_key: secret
        collaborators:
          - subject: team:ml
            role_id: provider-account-access
        integrations:
          - name: sonnet
            type: integration/model/bedrock
            model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
            model_types: [chat]
            cost:
              per_1000_tokens: {input: 0.003, output: 0.015}
        """;

    [Fact]
    public void ReadDocument_MisspelledCostKey_ReportsFullPathAndDidYouMean()
    {
        var problems = Read(Account.Replace("output: 0.015", "outptu: 0.015", StringComparison.Ordinal));

        var problem = Assert.Single(problems);
        Assert.Equal("integrations[0].cost.per_1000_tokens.outptu", problem.Path);
        Assert.Equal("unknown key \"outptu\"; did you mean \"output\"?", problem.Message);
        Assert.Equal("output", problem.Suggestion);
    }

    [Theory]
    [InlineData("region: us-east-1", "regoin: us-east-1", "regoin", "region")]
    [InlineData("secret_access_key: secret", "secret_acess_key: secret", "auth_data.secret_acess_key", "secret_access_key")]
    [InlineData("role_id: provider-account-access", "roleid: provider-account-access", "collaborators[0].roleid", "role_id")]
    [InlineData("model_types: [chat]", "model_type: [chat]", "integrations[0].model_type", "model_types")]
    [InlineData("per_1000_tokens:", "per_1000_token:", "integrations[0].cost.per_1000_token", "per_1000_tokens")]
    [InlineData("sts_endpoint_url: x", "sts_endpoint: x", "sts_endpoint", "sts_endpoint_url")]
    public void ReadDocument_MisspelledAccountKey_ReportsPathAndSuggestion(string good, string bad, string path, string suggestion)
    {
        var text = (good.StartsWith("sts_", StringComparison.Ordinal) ? Account + "\nsts_endpoint_url: x" : Account).Replace(good, bad, StringComparison.Ordinal);

        var problems = Read(text);

        Assert.Contains(problems, p => p.Path == path && p.Suggestion == suggestion && p.Message.Contains($"did you mean \"{suggestion}\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("type: assumed-role-based\n  assumed_role_arn: arn:aws:iam::123456789012:role/r\n  externalid: e", "auth_data.externalid", "external_id")]
    [InlineData("type: api-key\n  apikey: ABSK", "auth_data.apikey", "api_key")]
    [InlineData("type: access-key-based\n  access_key_id: AKID\n  secret_access_key: s\n  sesion_token: t", "auth_data.sesion_token", "session_token")]
    public void ReadDocument_MisspelledKeyInEachAuthForm_ReportsIt(string auth, string path, string suggestion)
    {
        var text = $"name: acct\ntype: provider-account/aws-bedrock\nregion: us-east-1\nauth_data:\n  {auth}\n";

        var problems = Read(text);

        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(suggestion, problem.Suggestion);
    }

    [Theory]
    [InlineData("type: team\nname: ml\nmembrs: [a@example.com]", "membrs", "members")]
    [InlineData("type: user\nname: a@example.com\nnmae: x", "nmae", "name")]
    [InlineData("type: virtual-account\nname: bot\npermissions:\n  - resource_fqn: acct\n    rol_id: provider-account-access", "permissions[0].rol_id", "role_id")]
    [InlineData("type: virtual-account\nname: bot\npermisions: []", "permisions", "permissions")]
    public void ReadDocument_MisspelledKeyInOtherTypes_ReportsIt(string text, string path, string suggestion)
    {
        var problems = Read(text);

        Assert.Contains(problems, p => p.Path == path && p.Suggestion == suggestion);
    }

    [Fact]
    public void ReadDocument_KeyNothingLike_ListsTheKnownKeys()
    {
        var problem = Assert.Single(Read("type: team\nname: ml\nmembers: []\nzzzzzzzz: 1"));

        Assert.Equal("zzzzzzzz", problem.Path);
        Assert.Null(problem.Suggestion);
        Assert.Contains("members", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDocument_TrueFoundryOnlyKeys_AreAcceptedAndIgnored()
    {
        var text = Account
            .Replace("      per_1000_tokens: {input: 0.003, output: 0.015}", "      metric: public_cost", StringComparison.Ordinal)
            .Replace("    model_types: [chat]", "    model_types: [chat]\n    description: Claude for the support team", StringComparison.Ordinal);
        var problems = new List<ValidationProblem>();

        var doc = (ProviderAccountDocument?)ManifestReader.ReadDocument(YamlDocuments.Parse(text, problems)[0], problems);

        Assert.Contains("description: Claude", text, StringComparison.Ordinal);
        Assert.Empty(problems);
        Assert.Null(doc!.Integrations![0].Cost);
    }

    [Theory]
    [InlineData("provider-account/aws-bedrok", "provider-account/aws-bedrock")]
    [InlineData("usr", "user")]
    [InlineData("virtual-acount", "virtual-account")]
    public void ReadDocument_MisspelledType_SuggestsTheKnownType(string type, string suggestion)
    {
        var problem = Assert.Single(Read($"type: {type}\nname: x"));

        Assert.Equal("type", problem.Path);
        Assert.Equal(suggestion, problem.Suggestion);
    }

    [Fact]
    public void ReadDocument_EveryListedType_IsReadAsItsRecord()
    {
        foreach (var (type, record) in ManifestTypes.Documents)
        {
            var problems = new List<ValidationProblem>();

            var document = ManifestReader.ReadDocument(new System.Text.Json.Nodes.JsonObject { ["type"] = type, ["name"] = "x" }, problems);

            Assert.IsType(record, document);
        }
    }

    [Fact]
    public void ReadDocument_EveryKeyTheWriterWrites_IsKnown()
    {
        var account = new ProviderAccountDocument("acct")
        {
            Region = "us-east-1",
            Auth = new AuthData(ManifestTypes.AccessKeyAuth) { AccessKeyId = "a", SecretAccessKey = "s", SessionToken = "t", AssumedRoleArn = "r", ExternalId = "e", ApiKey = "k" },
            EndpointUrl = "https://e", StsEndpointUrl = "https://s",
            Collaborators = [new CollaboratorDocument("team:x", ManifestTypes.AccountAccessRole)],
            Integrations = [new IntegrationDocument("m") { Region = "us-west-2", Cost = new ModelCost { Per1000Tokens = new TokenCost(1, 2, 3, 4) }, AuthorizedSubjects = ["team:x"], Aliases = ["claude-x*"] }],
        };
        ManifestDocument[] documents =
        [
            account, new UserDocument("a@example.com"), new TeamDocument("team", ["a@example.com"]),
            new VirtualAccountDocument("bot", [new PermissionDocument("acct", "provider-account", ManifestTypes.AccountAccessRole)]),
            new GatewayModelAliasesDocument("names") { Aliases = [new ModelAliasDocument("claude-haiku*", "acct/m")] },
        ];

        foreach (var document in documents)
        {
            var problems = new List<ValidationProblem>();
            ManifestReader.ReadDocument(System.Text.Json.Nodes.JsonNode.Parse(ManifestWriter.ToJson(document, includeSecrets: true)), problems);
            Assert.Empty(problems);
        }
    }

    [Fact]
    public void KnownKeys_PropertyOnARecord_IsKnownByItsSnakeCaseName()
    {
        // A key added to a document record later (say drop_params on models) needs no list to be updated.
        var keys = ManifestKeys.KnownKeys(typeof(ProbeModel));

        Assert.Equal(["drop_params", "max_tokens_cap", "name"], keys.Order());
    }

    private static List<ValidationProblem> Read(string yaml)
    {
        var problems = new List<ValidationProblem>();
        var nodes = YamlDocuments.Parse(yaml, problems);
        Assert.Empty(problems);
        ManifestReader.ReadDocument(nodes[0], problems);
        return problems;
    }

    private sealed record ProbeModel(string Name)
    {
        public bool DropParams { get; init; }

        public int? MaxTokensCap { get; init; }
    }
}
