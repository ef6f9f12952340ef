using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Sluice.Bedrock.Emulator;

/// <summary>STS (query protocol): AssumeRole and GetCallerIdentity with AWS's validation and XML shapes.</summary>
internal sealed class StsHandler(EmulatorState state, Authenticator authenticator)
{
    private const string Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public async Task HandleAsync(RequestState s)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (k, v) in QueryHelpers.ParseQuery(s.RawQuery)) form[k] = v;
        if (s.Http.Request.Method == "POST")
        {
            foreach (var (k, v) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(s.Body))) form[k] = v;
        }
        else if (s.Http.Request.Method != "GET")
        {
            throw new RequestRejected(new AwsError(405, "InvalidAction", "Only GET and POST are supported."));
        }

        string? Get(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var action = Get("Action");
        s.Operation = action;
        if (action is null)
        {
            throw new RequestRejected(new AwsError(400, "MissingAction", "Missing Action"));
        }

        if (action is not ("AssumeRole" or "GetCallerIdentity") || Get("Version") != "2011-06-15")
        {
            throw new RequestRejected(new AwsError(400, "InvalidAction", $"Could not find operation {action} for version {Get("Version") ?? "NO_VERSION_SPECIFIED"}"));
        }

        state.Stats.CountOperation(action);
        var authError = authenticator.Authenticate(s, "sts", bearerAllowed: false);
        if (authError is not null)
        {
            throw new RequestRejected(authError);
        }

        var xml = action == "AssumeRole" ? AssumeRole(s, Get) : CallerIdentity(s);
        var bytes = Encoding.UTF8.GetBytes(xml);
        var res = s.Http.Response;
        res.StatusCode = 200;
        res.ContentType = "text/xml";
        res.Headers["x-amzn-RequestId"] = s.RequestId;
        res.ContentLength = bytes.Length;
        await res.Body.WriteAsync(bytes);
    }

    private string AssumeRole(RequestState s, Func<string, string?> get)
    {
        var f = state.Fixture;
        var principal = s.Principal!;
        var roleArn = get("RoleArn");
        var sessionName = get("RoleSessionName");
        var errors = new List<string>();
        if (roleArn is null) errors.Add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        else if (roleArn.Length is < 20 or > 2048) errors.Add($"Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        if (sessionName is null) errors.Add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        else if (sessionName.Length is < 2 or > 64) errors.Add($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2 and less than or equal to 64");
        else if (!IsMatch(sessionName, "+=,.@-")) errors.Add($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        var duration = 3600;
        var durationText = get("DurationSeconds");
        if (durationText is not null)
        {
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < 900)
                errors.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            else if (duration > 43200)
                errors.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
        }

        var externalId = get("ExternalId");
        if (externalId is not null)
        {
            if (externalId.Length is < 2 or > 1224) errors.Add($"Value '{externalId}' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2");
            else if (!IsMatch(externalId, "+=,.@:/-")) errors.Add($"Value '{externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
        }

        if (errors.Count > 0)
        {
            var prefix = errors.Count == 1 ? "1 validation error detected: " : $"{errors.Count} validation errors detected: ";
            throw new RequestRejected(new AwsError(400, "ValidationError", prefix + string.Join("; ", errors)));
        }

        var role = f.FindRole(roleArn!);
        var denied = new AwsError(403, "AccessDenied", $"User: {principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        if (role is null || !role.TrustedPrincipals.Contains(principal.TrustArn))
        {
            throw new RequestRejected(denied);
        }

        if (role.ExternalId is not null && externalId != role.ExternalId)
        {
            throw new RequestRejected(denied);
        }

        if (principal.IsRoleSession && duration > 3600)
        {
            throw new RequestRejected(new AwsError(400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            throw new RequestRejected(new AwsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        var now = state.Time.GetUtcNow();
        var lifetime = f.StsCredentialLifetimeSeconds ?? duration;
        var expiration = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + lifetime);
        var credential = state.Credentials.Issue(role, sessionName!, expiration);
        state.Log($"sts: AssumeRole {roleArn} by {principal.Arn} -> {credential.AccessKeyId} until {expiration:O}");
        return new StringBuilder(1024)
            .Append("<AssumeRoleResponse xmlns=\"").Append(Ns).Append("\">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n      <AssumedRoleId>")
            .Append(credential.RoleId).Append(':').Append(ErrorWriter.Xml(sessionName!))
            .Append("</AssumedRoleId>\n      <Arn>").Append(ErrorWriter.Xml(credential.SessionArn(f.AccountId)))
            .Append("</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>").Append(credential.AccessKeyId)
            .Append("</AccessKeyId>\n      <SecretAccessKey>").Append(credential.SecretAccessKey)
            .Append("</SecretAccessKey>\n      <SessionToken>").Append(credential.SessionToken)
            .Append("</SessionToken>\n      <Expiration>").Append(expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append("</Expiration>\n    </Credentials>\n  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>").Append(s.RequestId)
            .Append("</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n")
            .ToString();
    }

    private string CallerIdentity(RequestState s)
    {
        var p = s.Principal!;
        return new StringBuilder(512)
            .Append("<GetCallerIdentityResponse xmlns=\"").Append(Ns).Append("\">\n  <GetCallerIdentityResult>\n    <Arn>")
            .Append(ErrorWriter.Xml(p.Arn)).Append("</Arn>\n    <UserId>").Append(ErrorWriter.Xml(p.UserId))
            .Append("</UserId>\n    <Account>").Append(state.Fixture.AccountId)
            .Append("</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>").Append(s.RequestId)
            .Append("</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n")
            .ToString();
    }

    private static bool IsMatch(string value, string extra)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || extra.Contains(c, StringComparison.Ordinal))) return false;
        }

        return true;
    }
}
