using System.Net;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;

namespace Sluice.Bedrock.Tests.Credentials;

public sealed class BedrockCredentialEngineTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/bedrock-caller";
    private static readonly Uri StsUri = new("http://127.0.0.1:4566/");

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 0, 0, TimeSpan.Zero));
    private readonly FakeStsHandler _sts;
    private readonly BedrockCredentialEngine _engine;

    public BedrockCredentialEngineTests()
    {
        _sts = new FakeStsHandler(_time);
        _engine = new BedrockCredentialEngine(_sts, _time, new BasicAWSCredentials("AKIDSOURCE", "source-secret"));
    }

    [Fact]
    public async Task ResolveAsync_AccessKeys_ReturnsSigV4WithoutSts()
    {
        var auth = new AccessKeyAuth("AKIDEXAMPLE", "secret", "session");

        var resolved = await _engine.ResolveAsync(auth, "us-east-1", (Uri?)null, default);

        Assert.Equal("AKIDEXAMPLE", resolved.SigV4!.AccessKey);
        Assert.Equal("secret", resolved.SigV4.SecretKey);
        Assert.Equal("session", resolved.SigV4.Token);
        Assert.Null(resolved.BearerToken);
        Assert.Equal(0, _engine.StsCallCount);
    }

    [Fact]
    public async Task ResolveAsync_ApiKey_ReturnsBearerOnly()
    {
        var resolved = await _engine.ResolveAsync(new ApiKeyAuth("ABSKQmVkcm9ja0FQSUtleS1example"), "us-east-1", (Uri?)null, default);

        Assert.Null(resolved.SigV4);
        Assert.Equal("ABSKQmVkcm9ja0FQSUtleS1example", resolved.BearerToken);
    }

    [Fact]
    public async Task ResolveAsync_AssumeRole_SendsRoleExternalIdAndSessionToSts()
    {
        var resolved = await _engine.ResolveAsync(new AssumeRoleAuth(RoleArn, "ext-id-42", "nightly"), "eu-west-1", StsUri, default);

        Assert.Equal("ASIAFAKE0001", resolved.SigV4!.AccessKey);
        Assert.Equal("token-1", resolved.SigV4.Token);
        var body = Assert.Single(_sts.Bodies);
        Assert.Contains("Action=AssumeRole", body, StringComparison.Ordinal);
        Assert.Contains("RoleArn=" + Uri.EscapeDataString(RoleArn), body, StringComparison.Ordinal);
        Assert.Contains("ExternalId=ext-id-42", body, StringComparison.Ordinal);
        Assert.Contains("RoleSessionName=nightly", body, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", _sts.Uris[0].Host);
        Assert.Equal(4566, _sts.Uris[0].Port);
    }

    [Fact]
    public async Task ResolveAsync_AssumeRoleWithinLifetime_UsesCacheThenRefreshesFiveMinutesBeforeExpiry()
    {
        var auth = new AssumeRoleAuth(RoleArn);
        var first = await _engine.ResolveAsync(auth, "us-east-1", StsUri, default);

        _time.Advance(TimeSpan.FromMinutes(54));
        var cached = await _engine.ResolveAsync(auth, "us-east-1", StsUri, default);
        Assert.Equal(1, _engine.StsCallCount);
        Assert.Equal(first.SigV4!.AccessKey, cached.SigV4!.AccessKey);

        _time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes before expiry
        var refreshed = await _engine.ResolveAsync(auth, "us-east-1", StsUri, default);
        Assert.Equal(2, _engine.StsCallCount);
        Assert.Equal("ASIAFAKE0002", refreshed.SigV4!.AccessKey);
        Assert.Contains("RoleSessionName=sluice-gateway", _sts.Bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_HundredConcurrentCallersAtExpiry_OneStsCall()
    {
        var auth = new AssumeRoleAuth(RoleArn, "ext");
        await _engine.ResolveAsync(auth, "us-east-1", StsUri, default);
        _time.Advance(TimeSpan.FromMinutes(58));
        _sts.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = new Task<ResolvedCredentials>[100];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(() => _engine.ResolveAsync(auth, "us-east-1", StsUri, default).AsTask());
        }

        await WaitUntil(() => _sts.Calls >= 2);
        await Task.Delay(50); // let any stragglers reach the engine before the answer arrives
        _sts.Gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(2, _engine.StsCallCount);
        Assert.All(results, r => Assert.Equal("ASIAFAKE0002", r.SigV4!.AccessKey));
    }

    [Fact]
    public async Task ResolveAsync_HundredConcurrentColdCallers_OneStsCall()
    {
        var auth = new AssumeRoleAuth(RoleArn);
        _sts.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = new Task<ResolvedCredentials>[100];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(() => _engine.ResolveAsync(auth, "us-east-1", StsUri, default).AsTask());
        }

        await WaitUntil(() => _sts.Calls >= 1);
        await Task.Delay(50);
        _sts.Gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, _engine.StsCallCount);
        Assert.All(results, r => Assert.Equal("ASIAFAKE0001", r.SigV4!.AccessKey));
    }

    [Fact]
    public async Task ResolveAsync_DifferentExternalIds_SeparateCacheEntries()
    {
        var a = await _engine.ResolveAsync(new AssumeRoleAuth(RoleArn, "tenant-a"), "us-east-1", StsUri, default);
        var b = await _engine.ResolveAsync(new AssumeRoleAuth(RoleArn, "tenant-b"), "us-east-1", StsUri, default);
        var a2 = await _engine.ResolveAsync(new AssumeRoleAuth(RoleArn, "tenant-a"), "us-east-1", StsUri, default);

        Assert.Equal(2, _engine.StsCallCount);
        Assert.NotEqual(a.SigV4!.AccessKey, b.SigV4!.AccessKey);
        Assert.Equal(a.SigV4.AccessKey, a2.SigV4!.AccessKey);
        Assert.Contains("ExternalId=tenant-b", _sts.Bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_StsAccessDenied_ThrowsBedrockException403WithStsMessage()
    {
        const string message = "User: arn:aws:iam::111122223333:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/bedrock-caller";
        _sts.Failure = (HttpStatusCode.Forbidden, $"""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{message}</Message></Error>
              <RequestId>4d6e5c9e-0000-4000-8000-000000000001</RequestId>
            </ErrorResponse>
            """);

        var error = await Assert.ThrowsAsync<BedrockException>(
            () => _engine.ResolveAsync(new AssumeRoleAuth(RoleArn), "us-east-1", StsUri, default).AsTask());

        Assert.Equal(403, error.Error.Status);
        Assert.Equal("AccessDenied", error.Error.ExceptionName);
        Assert.Contains(message, error.Error.Message, StringComparison.Ordinal);
        Assert.False(error.Error.Retryable);
        Assert.Equal(1, _engine.StsCallCount);
    }

    [Fact]
    public async Task ResolveAsync_AfterStsFailure_NextCallRetriesSts()
    {
        _sts.Failure = (HttpStatusCode.Forbidden,
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>");
        await Assert.ThrowsAsync<BedrockException>(() => _engine.ResolveAsync(new AssumeRoleAuth(RoleArn), "us-east-1", StsUri, default).AsTask());

        _sts.Failure = null;
        var resolved = await _engine.ResolveAsync(new AssumeRoleAuth(RoleArn), "us-east-1", StsUri, default);

        Assert.NotNull(resolved.SigV4);
        Assert.Equal(2, _engine.StsCallCount);
    }

    [Fact]
    public void ToString_AuthRecords_NeverPrintSecrets()
    {
        var keys = new AccessKeyAuth("AKIDEXAMPLE123", "wJalrXUtnFEMI/K7MDENG", "sessiontoken").ToString();
        var role = new AssumeRoleAuth(RoleArn, "very-secret-external").ToString();
        var apiKey = new ApiKeyAuth("ABSKQmVkcm9ja0FQSUtleS1secret").ToString();

        Assert.DoesNotContain("wJalr", keys, StringComparison.Ordinal);
        Assert.DoesNotContain("sessiontoken", keys, StringComparison.Ordinal);
        Assert.Contains("AKIDEXAM", keys, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-external", role, StringComparison.Ordinal);
        Assert.Contains(RoleArn, role, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", apiKey, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
