using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Models;
using Sluice.Bedrock.Runtime;
using Sluice.Bedrock.Signing;

namespace Sluice.Bedrock.ControlPlane;

/// <summary>
/// Asks Bedrock's control plane (<c>GET /inference-profiles/{id}</c>) which models and regions a profile uses, so application
/// profile ARNs can be priced and their regions named. Answers are cached per (region, identifier) for an hour; failures are not.
/// </summary>
public sealed class InferenceProfileResolver
{
    /// <summary>How long an answer is reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromHours(1);

    private readonly BedrockRequestSender _sender;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Region, string Id, string Endpoint), Cached> _cache = new();
    private int _calls;

    /// <param name="http">The shared pooled invoker.</param>
    /// <param name="credentials">The process's credential engine.</param>
    /// <param name="time">Clock for cache expiry and signing; null = system clock.</param>
    public InferenceProfileResolver(HttpMessageInvoker http, BedrockCredentialEngine credentials, TimeProvider? time = null)
        : this(http, credentials, time, new BedrockEndpointResolver())
    {
    }

    internal InferenceProfileResolver(HttpMessageInvoker http, BedrockCredentialEngine credentials, TimeProvider? time, BedrockEndpointResolver endpoints)
    {
        _time = time ?? TimeProvider.System;
        _sender = new BedrockRequestSender(http, credentials, _time, endpoints);
    }

    /// <summary>Control-plane calls made so far (cache misses).</summary>
    internal int CallCount => Volatile.Read(ref _calls);

    /// <summary>Looks up the profile named by <paramref name="target"/>'s model ID (a profile ID or ARN).</summary>
    public async Task<InferenceProfileInfo> GetAsync(BedrockTarget target, CancellationToken ct)
    {
        var region = BedrockRequestSender.RegionFor(target, out _);
        var baseUri = _sender.Endpoints.ControlPlane(target.Endpoints, region);
        var key = (region, target.ModelId, baseUri.OriginalString);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && now < cached.Expires)
        {
            return cached.Info;
        }

        Interlocked.Increment(ref _calls);
        var uri = BedrockRuntimeClient.OperationUri(baseUri, "/inference-profiles/" + AwsPathEncoding.EncodeSegment(target.ModelId));
        using var response = await _sender.SendAsync(target, region, HttpMethod.Get, uri, ReadOnlyMemory<byte>.Empty, null, "application/json", null, ct)
            .ConfigureAwait(false);
        var body = await BedrockRequestSender.ReadBodyAsync(response, region, target.ModelId, ct).ConfigureAwait(false);
        var info = Parse(body) ?? throw new BedrockException(new BedrockError("InvalidResponse", 502,
            $"GetInferenceProfile for {target.ModelId} answered without inferenceProfileId/inferenceProfileArn.", false,
            null, BedrockRequestSender.RequestId(response), region, target.ModelId));
        _cache[key] = new Cached(info, now + CacheDuration);
        return info;
    }

    internal static InferenceProfileInfo? Parse(ReadOnlySpan<byte> json)
    {
        string? id = null, arn = null, type = null;
        var modelArns = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("models"u8))
                {
                    reader.Read();
                    ReadModels(ref reader, modelArns);
                    continue;
                }

                var field = reader.ValueTextEquals("inferenceProfileId"u8) ? 1
                    : reader.ValueTextEquals("inferenceProfileArn"u8) ? 2
                    : reader.ValueTextEquals("type"u8) ? 3 : 0;
                reader.Read();
                if (field != 0 && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    switch (field)
                    {
                        case 1: id = value; break;
                        case 2: arn = value; break;
                        default: type = value; break;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        if (id is null || arn is null)
        {
            return null;
        }

        var regions = new List<string>();
        string? baseModel = null;
        foreach (var modelArn in modelArns)
        {
            if (!BedrockModelIdentifier.TryParse(modelArn, out var model))
            {
                continue;
            }

            if (model.Region is { } region && !regions.Contains(region))
            {
                regions.Add(region);
            }

            baseModel ??= model.BaseModelId;
        }

        return new InferenceProfileInfo(id, arn, type ?? "UNKNOWN", modelArns, regions, baseModel);
    }

    private static void ReadModels(ref Utf8JsonReader reader, List<string> modelArns)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isArn = reader.ValueTextEquals("modelArn"u8);
                reader.Read();
                if (isArn && reader.TokenType == JsonTokenType.String)
                {
                    modelArns.Add(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private sealed record Cached(InferenceProfileInfo Info, DateTimeOffset Expires);
}
