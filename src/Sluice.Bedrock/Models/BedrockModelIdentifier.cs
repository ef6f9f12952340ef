namespace Sluice.Bedrock.Models;

/// <summary>A parsed Bedrock model identifier: foundation model ID, system inference profile ID or one of the ARN forms.</summary>
/// <param name="Value">The identifier exactly as given (what goes in the request path).</param>
/// <param name="Kind">Which form it takes.</param>
/// <param name="Region">The region inside an ARN; null for plain IDs (the caller's region applies).</param>
/// <param name="AccountId">The account inside an ARN, when it has one.</param>
/// <param name="GeoPrefix">The geography of a system profile (<c>us</c>, <c>eu</c>, <c>apac</c>, <c>us-gov</c>, <c>global</c>...).</param>
/// <param name="BaseModelId">The foundation model behind the identifier; null when only the control plane knows (application profiles, other ARNs).</param>
/// <param name="ResourceType">The ARN resource type, e.g. <c>provisioned-model</c>; null for plain IDs.</param>
public readonly record struct BedrockModelIdentifier(
    string Value,
    BedrockModelKind Kind,
    string? Region,
    string? AccountId,
    string? GeoPrefix,
    string? BaseModelId,
    string? ResourceType)
{
    /// <summary>Bedrock's limit on <c>modelId</c> in the runtime API (ARNs included).</summary>
    public const int MaxLength = 2048;

    /// <summary>Geography prefixes of system inference profiles, longest first so <c>us-gov.</c> wins over <c>us.</c>.</summary>
    public static IReadOnlyList<string> GeoPrefixes { get; } = ["us-gov", "global", "apac", "us", "eu", "jp", "au", "ca"];

    /// <summary>The model vendor (<c>anthropic</c>, <c>amazon</c>, <c>meta</c>...) when the base model is known.</summary>
    public string? Provider
    {
        get
        {
            if (BaseModelId is null)
            {
                return null;
            }

            var dot = BaseModelId.IndexOf('.');
            return dot > 0 ? BaseModelId[..dot] : null;
        }
    }

    /// <summary>Whether the identifier is an ARN.</summary>
    public bool IsArn => Kind is BedrockModelKind.FoundationModelArn or BedrockModelKind.InferenceProfileArn
        or BedrockModelKind.ApplicationInferenceProfileArn or BedrockModelKind.OtherArn;

    /// <summary>Parses <paramref name="id"/>; throws <see cref="FormatException"/> with the reason when it is not a valid identifier.</summary>
    public static BedrockModelIdentifier Parse(string id)
    {
        if (!TryParse(id, out var result, out var error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Parses <paramref name="id"/> without throwing.</summary>
    public static bool TryParse(string? id, out BedrockModelIdentifier result) => TryParse(id, out result, out _);

    /// <summary>Parses <paramref name="id"/> without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? id, out BedrockModelIdentifier result, out string? error)
    {
        result = default;
        if (string.IsNullOrEmpty(id))
        {
            error = "The model identifier is empty.";
            return false;
        }

        if (id.Length > MaxLength)
        {
            error = $"The model identifier is longer than {MaxLength} characters.";
            return false;
        }

        foreach (var c in id)
        {
            if (!IsAllowedChar(c))
            {
                error = $"The model identifier \"{id}\" contains '{c}'; Bedrock accepts only letters, digits and _ . - / :.";
                return false;
            }
        }

        error = null;
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return TryParseArn(id, out result, out error);
        }

        if (id.Contains('/'))
        {
            error = $"The model identifier \"{id}\" contains '/' but is not an ARN.";
            return false;
        }

        var geo = MatchGeoPrefix(id);
        result = geo is null
            ? new BedrockModelIdentifier(id, BedrockModelKind.FoundationModel, null, null, null, id, null)
            : new BedrockModelIdentifier(id, BedrockModelKind.SystemInferenceProfile, null, null, geo, id[(geo.Length + 1)..], null);
        return true;
    }

    /// <summary>
    /// The region to call: the region inside an ARN wins over the model's configured region, which wins over the account's.
    /// </summary>
    public static string ResolveRegion(string modelId, string? modelRegion, string accountRegion)
    {
        if (modelId.StartsWith("arn:", StringComparison.Ordinal) && TryParse(modelId, out var parsed) && parsed.Region is not null)
        {
            return parsed.Region;
        }

        return string.IsNullOrEmpty(modelRegion) ? accountRegion : modelRegion;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static bool TryParseArn(string id, out BedrockModelIdentifier result, out string? error)
    {
        result = default;

        // arn:partition:service:region:account:resource — the resource may itself contain ':' (e.g. a model version).
        var parts = id.Split(':', 6);
        if (parts.Length < 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            error = $"The ARN \"{id}\" is not of the form arn:partition:service:region:account:resource.";
            return false;
        }

        var region = parts[3].Length == 0 ? null : parts[3];
        var account = parts[4].Length == 0 ? null : parts[4];
        var resource = parts[5];
        var slash = resource.IndexOf('/');
        var resourceType = slash > 0 ? resource[..slash] : resource;
        var resourceId = slash > 0 ? resource[(slash + 1)..] : "";
        error = null;

        if (parts[2] != "bedrock")
        {
            result = new BedrockModelIdentifier(id, BedrockModelKind.OtherArn, region, account, null, null, resourceType);
            return true;
        }

        switch (resourceType)
        {
            case "foundation-model" when resourceId.Length > 0:
                result = new BedrockModelIdentifier(id, BedrockModelKind.FoundationModelArn, region, account, null, resourceId, resourceType);
                return true;
            case "inference-profile" when resourceId.Length > 0:
                var geo = MatchGeoPrefix(resourceId);
                result = new BedrockModelIdentifier(id, BedrockModelKind.InferenceProfileArn, region, account, geo,
                    geo is null ? null : resourceId[(geo.Length + 1)..], resourceType);
                return true;
            case "application-inference-profile" when resourceId.Length > 0:
                result = new BedrockModelIdentifier(id, BedrockModelKind.ApplicationInferenceProfileArn, region, account, null, null, resourceType);
                return true;
            case "foundation-model" or "inference-profile" or "application-inference-profile":
                error = $"The ARN \"{id}\" has no resource ID after \"{resourceType}/\".";
                return false;
            default:
                result = new BedrockModelIdentifier(id, BedrockModelKind.OtherArn, region, account, null, null, resourceType);
                return true;
        }
    }

    private static string? MatchGeoPrefix(string id)
    {
        foreach (var prefix in GeoPrefixes)
        {
            // A profile is "{geo}.{provider}.{model}": the rest must itself be a dotted model ID.
            if (id.Length > prefix.Length + 1 && id[prefix.Length] == '.' && id.StartsWith(prefix, StringComparison.Ordinal)
                && id.AsSpan(prefix.Length + 1).Contains('.'))
            {
                return prefix;
            }
        }

        return null;
    }

    private static bool IsAllowedChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-' or '/' or ':';
}
