using System.Globalization;
using System.Net;
using System.Text;

namespace Sluice.Bedrock.Tests.Credentials;

/// <summary>Answers AssumeRole like STS does (real response XML), records each form body, and can hold answers back.</summary>
internal sealed class FakeStsHandler(TimeProvider time) : HttpMessageHandler
{
    private int _calls;

    public List<string> Bodies { get; } = [];

    public List<Uri> Uris { get; } = [];

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, responses wait for it (to pile up concurrent callers).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, answers with this status and XML body instead of credentials.</summary>
    public (HttpStatusCode Status, string Xml)? Failure { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Bodies)
        {
            Bodies.Add(body);
            Uris.Add(request.RequestUri!);
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            return new HttpResponseMessage(failure.Status) { Content = new StringContent(failure.Xml, Encoding.UTF8, "text/xml") };
        }

        var expiration = (time.GetUtcNow() + Lifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var xml = $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/demo/sluice-gateway</Arn>
                  <AssumedRoleId>ARO123EXAMPLE123:sluice-gateway</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIAFAKE{n:D4}</AccessKeyId>
                  <SecretAccessKey>secret-{n}</SecretAccessKey>
                  <SessionToken>token-{n}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };
    }
}
