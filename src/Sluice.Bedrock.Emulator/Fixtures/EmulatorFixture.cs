using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Bedrock.Emulator;

/// <summary>The emulator's live configuration: identities, policies, models, profiles and fault knobs (snake_case JSON).</summary>
/// <remarks>Mutable on purpose: tests flip knobs on a running emulator; every request reads the current values.</remarks>
public sealed class EmulatorFixture
{
    /// <summary>The 12-digit AWS account that owns every identity and profile.</summary>
    public string AccountId { get; set; } = "111122223333";

    /// <summary>When set, credentials issued by AssumeRole expire after this many seconds instead of DurationSeconds (refresh tests).</summary>
    public int? StsCredentialLifetimeSeconds { get; set; }

    /// <summary>IAM users with long-term access keys.</summary>
    public List<FixtureUser> Users { get; set; } = [];

    /// <summary>IAM roles that STS AssumeRole can issue temporary credentials for.</summary>
    public List<FixtureRole> Roles { get; set; } = [];

    /// <summary>Bedrock API keys (bearer tokens).</summary>
    public List<FixtureApiKey> ApiKeys { get; set; } = [];

    /// <summary>Foundation models.</summary>
    public List<FixtureModel> Models { get; set; } = [];

    /// <summary>System-defined (cross-Region) inference profiles.</summary>
    public List<FixtureInferenceProfile> InferenceProfiles { get; set; } = [];

    /// <summary>Application inference profiles.</summary>
    public List<FixtureApplicationProfile> ApplicationInferenceProfiles { get; set; } = [];

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Loads the embedded demo fixture (a fresh copy each call).</summary>
    public static EmulatorFixture LoadDemo()
    {
        var asm = typeof(EmulatorFixture).Assembly;
        string? name = null;
        foreach (var n in asm.GetManifestResourceNames())
        {
            if (n.EndsWith("demo.json", StringComparison.Ordinal))
            {
                name = n;
            }
        }

        using var stream = asm.GetManifestResourceStream(name ?? throw new InvalidOperationException("demo.json resource missing"))!;
        return Parse(stream);
    }

    /// <summary>Loads a fixture from a JSON file.</summary>
    public static EmulatorFixture Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream);
    }

    /// <summary>Parses fixture JSON and validates it, reporting every problem at once.</summary>
    public static EmulatorFixture Parse(Stream json)
    {
        var fixture = JsonSerializer.Deserialize<EmulatorFixture>(json, JsonOptions)
            ?? throw new InvalidDataException("fixture JSON is null");
        fixture.Validate();
        return fixture;
    }

    /// <summary>Serializes the fixture (snake_case JSON).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The foundation model with this ID (throws when absent): handy for mutating knobs.</summary>
    public FixtureModel Model(string modelId) =>
        FindModel(modelId) ?? throw new KeyNotFoundException($"model {modelId} is not in the fixture");

    internal FixtureModel? FindModel(string modelId)
    {
        foreach (var m in Models)
        {
            if (string.Equals(m.Id, modelId, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }

    internal FixtureInferenceProfile? FindProfile(string profileId)
    {
        foreach (var p in InferenceProfiles)
        {
            if (string.Equals(p.Id, profileId, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }

    internal FixtureApplicationProfile? FindApplicationProfile(string arn)
    {
        foreach (var p in ApplicationInferenceProfiles)
        {
            if (string.Equals(p.Arn, arn, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }

    internal FixtureUser? FindUserByAccessKey(string accessKeyId)
    {
        foreach (var u in Users)
        {
            if (string.Equals(u.AccessKeyId, accessKeyId, StringComparison.Ordinal))
            {
                return u;
            }
        }

        return null;
    }

    internal FixtureRole? FindRole(string arn)
    {
        foreach (var r in Roles)
        {
            if (string.Equals(r.Arn, arn, StringComparison.Ordinal))
            {
                return r;
            }
        }

        return null;
    }

    internal FixtureApiKey? FindApiKey(string key)
    {
        foreach (var k in ApiKeys)
        {
            if (string.Equals(k.Key, key, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>Checks references and formats; throws one exception listing every problem.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (AccountId is null || AccountId.Length != 12 || !AccountId.All(char.IsAsciiDigit))
        {
            errors.Add($"account_id: must be 12 digits, got \"{AccountId}\"");
        }

        for (var i = 0; i < Users.Count; i++)
        {
            var u = Users[i];
            if (string.IsNullOrEmpty(u.Name)) errors.Add($"users[{i}].name: required");
            if (string.IsNullOrEmpty(u.AccessKeyId)) errors.Add($"users[{i}].access_key_id: required");
            if (string.IsNullOrEmpty(u.SecretAccessKey)) errors.Add($"users[{i}].secret_access_key: required");
        }

        for (var i = 0; i < Roles.Count; i++)
        {
            var r = Roles[i];
            if (r.Arn is null || !r.Arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !r.Arn.Contains(":role/", StringComparison.Ordinal))
            {
                errors.Add($"roles[{i}].arn: must look like arn:aws:iam::ACCOUNT:role/NAME, got \"{r.Arn}\"");
            }

            if (r.MaxSessionDurationSeconds is < 900 or > 43200)
            {
                errors.Add($"roles[{i}].max_session_duration_seconds: must be 900..43200");
            }
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (string.IsNullOrEmpty(ApiKeys[i].Key)) errors.Add($"api_keys[{i}].key: required");
        }

        for (var i = 0; i < Models.Count; i++)
        {
            if (string.IsNullOrEmpty(Models[i].Id)) errors.Add($"models[{i}].id: required");
            if (Models[i].Regions.Count == 0) errors.Add($"models[{i}].regions: at least one region");
        }

        for (var i = 0; i < InferenceProfiles.Count; i++)
        {
            var p = InferenceProfiles[i];
            if (FindModel(p.ModelId) is null) errors.Add($"inference_profiles[{i}].model_id: unknown model \"{p.ModelId}\"");
            if (p.DestinationRegions.Count == 0) errors.Add($"inference_profiles[{i}].destination_regions: at least one region");
            if (!p.Id.EndsWith("." + p.ModelId, StringComparison.Ordinal)) errors.Add($"inference_profiles[{i}].id: must be <geo>.{p.ModelId}");
        }

        for (var i = 0; i < ApplicationInferenceProfiles.Count; i++)
        {
            var p = ApplicationInferenceProfiles[i];
            if (!ArnParser.TryParse(p.Arn, out var arn) || arn.ResourceType != "application-inference-profile")
            {
                errors.Add($"application_inference_profiles[{i}].arn: must be arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID");
            }

            if (FindModel(p.Target) is null && FindProfile(p.Target) is null)
            {
                errors.Add($"application_inference_profiles[{i}].target: unknown model or system profile \"{p.Target}\"");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException("invalid emulator fixture:\n  " + string.Join("\n  ", errors));
        }
    }
}
