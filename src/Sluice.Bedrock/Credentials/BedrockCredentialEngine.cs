using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Credentials;

/// <summary>
/// Resolves <see cref="BedrockAuth"/> to SigV4 credentials or a bearer token. One per process: it caches assumed-role
/// credentials per (role, external ID, session name, source identity) until 5 minutes before they expire and refreshes
/// each entry with a single STS call however many requests arrive at once.
/// </summary>
public sealed class BedrockCredentialEngine
{
    /// <summary>How long before expiry cached role credentials are refreshed.</summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);

    /// <summary>Session length requested from STS.</summary>
    public static readonly TimeSpan RoleSessionDuration = TimeSpan.FromHours(1);

    /// <summary>Used when the configuration names no session.</summary>
    public const string DefaultSessionName = "sluice-gateway";

    private static readonly TimeSpan StsTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpMessageHandler _stsHandler;
    private readonly TimeProvider _time;
    private readonly AWSCredentials? _sourceIdentity;
    private readonly string? _defaultStsEndpoint;
    private readonly BedrockEndpointResolver _endpoints = new();
    private readonly ConcurrentDictionary<RoleKey, RoleEntry> _roles = new();
    private readonly ConditionalWeakTable<AccessKeyAuth, ImmutableCredentials> _staticKeys = new();
    private readonly SemaphoreSlim _sourceGate = new(1, 1);
    private AWSCredentials? _chainIdentity;
    private int _stsCallCount;

    /// <param name="stsHandler">Handler for STS calls; null = a pooled handler owned by the engine.</param>
    /// <param name="time">Clock for expiry decisions; null = system clock.</param>
    /// <param name="sourceIdentity">Identity that assumes roles; null = the standard AWS credential chain (env, profile, IMDS...).</param>
    /// <param name="defaultStsEndpoint">STS endpoint when a call names none; null = AWS_ENDPOINT_URL_STS, then the regional endpoint.</param>
    public BedrockCredentialEngine(
        HttpMessageHandler? stsHandler = null,
        TimeProvider? time = null,
        AWSCredentials? sourceIdentity = null,
        Uri? defaultStsEndpoint = null)
    {
        _stsHandler = stsHandler ?? BedrockHttp.CreateHandler();
        _time = time ?? TimeProvider.System;
        _sourceIdentity = sourceIdentity;
        _defaultStsEndpoint = defaultStsEndpoint?.OriginalString;
    }

    /// <summary>STS AssumeRole calls made so far.</summary>
    public int StsCallCount => Volatile.Read(ref _stsCallCount);

    /// <summary>Resolves <paramref name="auth"/> for a call to <paramref name="region"/>.</summary>
    /// <param name="stsEndpoint">STS endpoint for this account (may hold <c>{region}</c>); null = the engine's default.</param>
    public ValueTask<ResolvedCredentials> ResolveAsync(BedrockAuth auth, string region, Uri? stsEndpoint, CancellationToken ct) =>
        ResolveTemplateAsync(auth, region, stsEndpoint?.OriginalString, ct);

    /// <summary>As <see cref="ResolveAsync"/>, with the STS endpoint as a template string that may hold <c>{region}</c> in its host.</summary>
    internal ValueTask<ResolvedCredentials> ResolveTemplateAsync(BedrockAuth auth, string region, string? stsEndpointTemplate, CancellationToken ct)
    {
        switch (auth)
        {
            case ApiKeyAuth apiKey:
                return new(new ResolvedCredentials(null, apiKey.ApiKey));
            case AccessKeyAuth keys:
                // Config snapshots reuse the same record, so the credentials object is built once per snapshot.
                var credentials = _staticKeys.GetValue(keys, static k => new ImmutableCredentials(k.AccessKeyId, k.SecretAccessKey, k.SessionToken));
                return new(new ResolvedCredentials(credentials, null));
            case AssumeRoleAuth role:
                return AssumeRoleAsync(role, region, stsEndpointTemplate, ct);
            default:
                throw new ArgumentException($"Unsupported auth {auth.GetType().Name}.", nameof(auth));
        }
    }

    private async ValueTask<ResolvedCredentials> AssumeRoleAsync(AssumeRoleAuth role, string region, string? stsTemplate, CancellationToken ct)
    {
        var source = await GetSourceCredentialsAsync(ct).ConfigureAwait(false);
        var key = new RoleKey(role.RoleArn, role.ExternalId, role.SessionName, source.AccessKey);
        var entry = _roles.GetOrAdd(key, static _ => new RoleEntry());

        var current = entry.Current;
        if (current is not null && _time.GetUtcNow() < current.Expiration - RefreshBeforeExpiry)
        {
            return new ResolvedCredentials(current.Credentials, null);
        }

        Task<CachedRole> refresh;
        lock (entry)
        {
            current = entry.Current;
            if (current is not null && _time.GetUtcNow() < current.Expiration - RefreshBeforeExpiry)
            {
                return new ResolvedCredentials(current.Credentials, null);
            }

            // Task.Run keeps the refresh from completing inside this lock, so Refresh is always cleared after it is set.
            var stsUri = _endpoints.Sts(stsTemplate ?? _defaultStsEndpoint, region);
            refresh = entry.Refresh ??= Task.Run(() => RefreshAsync(entry, role, source, stsUri, region), CancellationToken.None);
        }

        try
        {
            var fresh = await refresh.WaitAsync(ct).ConfigureAwait(false);
            return new ResolvedCredentials(fresh.Credentials, null);
        }
        catch (BedrockException) when (current is not null && _time.GetUtcNow() < current.Expiration)
        {
            // STS is failing but the old credentials have not expired yet: keep serving with them.
            return new ResolvedCredentials(current.Credentials, null);
        }
    }

    private async Task<CachedRole> RefreshAsync(RoleEntry entry, AssumeRoleAuth role, ImmutableCredentials source, Uri stsUri, string region)
    {
        try
        {
            var fresh = await CallStsAsync(role, source, stsUri, region).ConfigureAwait(false);
            entry.Current = fresh;
            CredentialMetrics.Refreshed(succeeded: true);
            return fresh;
        }
        catch
        {
            CredentialMetrics.Refreshed(succeeded: false);
            throw;
        }
        finally
        {
            lock (entry)
            {
                entry.Refresh = null;
            }
        }
    }

    private async Task<CachedRole> CallStsAsync(AssumeRoleAuth role, ImmutableCredentials source, Uri stsUri, string region)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = stsUri.OriginalString,
            AuthenticationRegion = region,
            HttpClientFactory = new StsHttpClientFactory(_stsHandler),
            MaxErrorRetry = 2,
            Timeout = StsTimeout,
        };
        var request = new AssumeRoleRequest
        {
            RoleArn = role.RoleArn,
            RoleSessionName = role.SessionName ?? DefaultSessionName,
            ExternalId = role.ExternalId,
            DurationSeconds = (int)RoleSessionDuration.TotalSeconds,
        };

        AWSCredentials caller = string.IsNullOrEmpty(source.Token)
            ? new BasicAWSCredentials(source.AccessKey, source.SecretKey)
            : new SessionAWSCredentials(source.AccessKey, source.SecretKey, source.Token);
        using var client = new AmazonSecurityTokenServiceClient(caller, config);
        using var timeout = new CancellationTokenSource(StsTimeout);
        Interlocked.Increment(ref _stsCallCount);
        AssumeRoleResponse response;
        try
        {
            response = await client.AssumeRoleAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (e.StatusCode != 0)
        {
            throw StsFailure(e, $"STS AssumeRole for {role.RoleArn} failed: ", region);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            throw BedrockErrors.FromNetwork(e, region);
        }

        var c = response.Credentials;
        var expiration = c.Expiration is DateTime exp
            ? new DateTimeOffset(exp.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(exp, DateTimeKind.Utc) : exp.ToUniversalTime())
            : _time.GetUtcNow() + RoleSessionDuration;
        return new CachedRole(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expiration);
    }

    /// <summary>
    /// Asks STS (GetCallerIdentity) who a set of access keys belongs to. Signing alone proves nothing about a secret,
    /// so this is how a connection test finds a wrong one without calling a model. Returns the caller's ARN.
    /// </summary>
    /// <param name="stsEndpointTemplate">STS endpoint for this account (may hold <c>{region}</c>); null = the engine's default.</param>
    public Task<string> GetCallerArnAsync(AccessKeyAuth keys, string region, string? stsEndpointTemplate, CancellationToken ct)
    {
        AWSCredentials caller = string.IsNullOrEmpty(keys.SessionToken)
            ? new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey)
            : new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken);
        return CallerArnAsync(caller, region, stsEndpointTemplate, ct);
    }

    /// <summary>
    /// The ARN of the gateway's own AWS identity, the one that assumes the roles of <c>assumed-role-based</c> accounts
    /// (STS GetCallerIdentity with the source credentials). Throws a <see cref="BedrockException"/> when there is none.
    /// </summary>
    public async Task<string> GetSourceArnAsync(string region, string? stsEndpointTemplate, CancellationToken ct)
    {
        var source = await GetSourceCredentialsAsync(ct).ConfigureAwait(false);
        AWSCredentials caller = string.IsNullOrEmpty(source.Token)
            ? new BasicAWSCredentials(source.AccessKey, source.SecretKey)
            : new SessionAWSCredentials(source.AccessKey, source.SecretKey, source.Token);
        return await CallerArnAsync(caller, region, stsEndpointTemplate, ct).ConfigureAwait(false);
    }

    private async Task<string> CallerArnAsync(AWSCredentials caller, string region, string? stsEndpointTemplate, CancellationToken ct)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = _endpoints.Sts(stsEndpointTemplate ?? _defaultStsEndpoint, region).OriginalString,
            AuthenticationRegion = region,
            HttpClientFactory = new StsHttpClientFactory(_stsHandler),
            MaxErrorRetry = 1,
            Timeout = StsTimeout,
        };
        using var client = new AmazonSecurityTokenServiceClient(caller, config);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StsTimeout);
        try
        {
            var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), timeout.Token).ConfigureAwait(false);
            return response.Arn;
        }
        catch (AmazonServiceException e) when (e.StatusCode != 0)
        {
            throw StsFailure(e, "STS GetCallerIdentity failed: ", region);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            throw BedrockErrors.FromNetwork(e, region);
        }
    }

    private static BedrockException StsFailure(AmazonServiceException e, string prefix, string region)
    {
        var name = string.IsNullOrEmpty(e.ErrorCode) ? "StsError" : e.ErrorCode;
        var status = (int)e.StatusCode;
        return new BedrockException(new BedrockError(name, status, prefix + e.Message,
            status >= 500 || name.Contains("Throttl", StringComparison.Ordinal), null, e.RequestId, region, null, e.Message), e);
    }

    private async ValueTask<ImmutableCredentials> GetSourceCredentialsAsync(CancellationToken ct)
    {
        var identity = _sourceIdentity ?? _chainIdentity;
        if (identity is null)
        {
            await _sourceGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                // The chain probes env, profiles, container and instance metadata: once per process, off the caller's thread.
                identity = _chainIdentity ??= await Task.Run(
                    static () => new Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver().ResolveIdentity(clientConfig: null), ct)
                    .ConfigureAwait(false);
            }
            catch (AmazonClientException e)
            {
                throw new BedrockException(new BedrockError("MissingCredentials", 500,
                    "No AWS credentials found to assume the role with (environment, shared profile, container or instance role): "
                    + e.Message, false), e);
            }
            finally
            {
                _sourceGate.Release();
            }
        }

        return await identity.GetCredentialsAsync().ConfigureAwait(false);
    }

    private readonly record struct RoleKey(string RoleArn, string? ExternalId, string? SessionName, string SourceAccessKeyId);

    private sealed record CachedRole(ImmutableCredentials Credentials, DateTimeOffset Expiration);

    private sealed class RoleEntry
    {
        public volatile CachedRole? Current;
        public Task<CachedRole>? Refresh;
    }
}
