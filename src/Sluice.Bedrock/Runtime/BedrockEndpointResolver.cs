using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Models;

namespace Sluice.Bedrock.Runtime;

/// <summary>
/// Picks the base URL for a call: explicit override, then the SDK's service-specific environment variable (read once),
/// then <c>https://{service}.{region}.{partition suffix}</c>; <c>{region}</c> placeholders are filled in.
/// </summary>
internal sealed class BedrockEndpointResolver
{
    public const string RuntimeEnvVar = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";
    public const string ControlPlaneEnvVar = "AWS_ENDPOINT_URL_BEDROCK";
    public const string StsEnvVar = "AWS_ENDPOINT_URL_STS";

    private readonly string? _runtimeEnv;
    private readonly string? _controlPlaneEnv;
    private readonly string? _stsEnv;

    public BedrockEndpointResolver(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        _runtimeEnv = Blank(environment(RuntimeEnvVar));
        _controlPlaneEnv = Blank(environment(ControlPlaneEnvVar));
        _stsEnv = Blank(environment(StsEnvVar));
    }

    public Uri Runtime(BedrockEndpoints endpoints, string region) =>
        Resolve(endpoints.RuntimeTemplate ?? endpoints.Runtime?.OriginalString ?? _runtimeEnv, "bedrock-runtime", region);

    public Uri ControlPlane(BedrockEndpoints endpoints, string region) =>
        Resolve(endpoints.ControlPlaneTemplate ?? endpoints.ControlPlane?.OriginalString ?? _controlPlaneEnv, "bedrock", region);

    public Uri Sts(string? template, string region) => Resolve(template ?? _stsEnv, "sts", region);

    private static Uri Resolve(string? template, string service, string region)
    {
        if (!BedrockRegions.IsWellFormed(region))
        {
            var hint = BedrockRegions.Nearest(region);
            throw new BedrockException(new BedrockError(BedrockExceptionNames.Validation, 400,
                $"\"{region}\" is not a valid AWS region{(hint is null ? "" : $" (did you mean \"{hint}\"?)")}.", false, Region: region));
        }

        var text = template is null
            ? $"https://{service}.{region}.{BedrockRegions.DnsSuffix(region)}"
            : template.Replace("{region}", region, StringComparison.Ordinal).Replace("%7Bregion%7D", region, StringComparison.OrdinalIgnoreCase);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new BedrockException(new BedrockError(BedrockExceptionNames.Validation, 400,
                $"The {service} endpoint \"{text}\" is not an absolute http(s) URL.", false, Region: region));
        }

        return uri;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
