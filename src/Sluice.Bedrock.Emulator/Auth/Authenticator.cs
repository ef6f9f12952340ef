using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Bedrock.Emulator;

/// <summary>Authenticates SigV4 and bearer requests strictly, with AWS's error shapes and messages.</summary>
internal sealed class Authenticator(Func<EmulatorFixture> fixture, CredentialStore temporary, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>Sets state.Principal and state.Region, or returns the error to answer.</summary>
    public AwsError? Authenticate(RequestState state, string signingService, bool bearerAllowed)
    {
        var headers = state.Http.Request.Headers;
        var authorization = headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return AwsError.MissingToken();
        }

        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            if (!bearerAllowed)
            {
                return AwsError.IncompleteSignature($"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer");
            }

            return AuthenticateBearer(state, authorization["Bearer ".Length..].Trim());
        }

        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return AwsError.IncompleteSignature($"Unsupported Authorization Type");
        }

        return AuthenticateSigV4(state, signingService, authorization);
    }

    private AwsError? AuthenticateBearer(RequestState state, string token)
    {
        var f = fixture();
        var key = f.FindApiKey(token);
        if (key is null)
        {
            return AwsError.BadApiKey();
        }

        var arn = $"arn:aws:iam::{f.AccountId}:user/{key.UserName}";
        state.AuthKind = "bearer";
        state.Principal = new Principal(arn, arn, "AIDA" + CredentialStore.StableId(arn), key.Policy, false);
        state.Region = state.Host.Region ?? "us-east-1";
        return null;
    }

    private AwsError? AuthenticateSigV4(RequestState state, string signingService, string authorization)
    {
        var headers = state.Http.Request.Headers;
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var raw in authorization[(Algorithm.Length + 1)..].Split(','))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var name = part[..eq];
            var value = part[(eq + 1)..];
            switch (name)
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        var missing = new StringBuilder();
        if (credential is null) missing.Append("Authorization header requires 'Credential' parameter. ");
        if (signature is null) missing.Append("Authorization header requires 'Signature' parameter. ");
        if (signedHeaders is null) missing.Append("Authorization header requires 'SignedHeaders' parameter. ");
        var amzDate = headers["X-Amz-Date"].ToString();
        if (amzDate.Length == 0) missing.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        if (missing.Length > 0)
        {
            return AwsError.IncompleteSignature(missing.Append("Authorization=").Append(authorization).ToString());
        }

        var scope = credential!.Split('/');
        if (scope.Length != 5)
        {
            return AwsError.IncompleteSignature($"Credential should be scoped to a valid region. ");
        }

        var (accessKey, scopeDate, scopeRegion, scopeService, terminator) = (scope[0], scope[1], scope[2], scope[3], scope[4]);
        if (terminator != "aws4_request")
        {
            return AwsError.InvalidSignature($"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. ");
        }

        if (scopeService != signingService)
        {
            return AwsError.InvalidSignature($"Credential should be scoped to correct service: '{signingService}'. ");
        }

        if (!HostInfo.LooksLikeRegion(scopeRegion) || (state.Host.Region is not null && scopeRegion != state.Host.Region))
        {
            return AwsError.InvalidSignature("Credential should be scoped to a valid region. ");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return AwsError.IncompleteSignature($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        if (scopeDate != amzDate[..8])
        {
            return AwsError.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        var now = time.GetUtcNow();
        if (signedAt < now - MaxSkew)
        {
            return AwsError.InvalidSignature($"Signature expired: {amzDate} is now earlier than {Stamp(now - MaxSkew)} ({Stamp(now)} - 5 min.)");
        }

        if (signedAt > now + MaxSkew)
        {
            return AwsError.InvalidSignature($"Signature not yet current: {amzDate} is still later than {Stamp(now + MaxSkew)} ({Stamp(now)} + 5 min.)");
        }

        var signedList = signedHeaders!.Split(';');
        // HTTP/2 clients (the JS SDK v3's default NodeHttp2Handler) sign ":authority" instead of "host"; AWS takes either.
        if (Array.IndexOf(signedList, "host") < 0 && Array.IndexOf(signedList, SigV4.AuthorityHeader) < 0)
        {
            return AwsError.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // Resolve the secret: long-term user keys or temporary keys issued by our STS.
        var f = fixture();
        string secret;
        Principal principal;
        var user = f.FindUserByAccessKey(accessKey);
        if (user is not null)
        {
            secret = user.SecretAccessKey;
            var arn = $"arn:aws:iam::{f.AccountId}:user/{user.Name}";
            principal = new Principal(arn, arn, "AIDA" + CredentialStore.StableId(arn), user.Policy, false);
        }
        else
        {
            var temp = temporary.Find(accessKey);
            if (temp is null)
            {
                return AwsError.UnrecognizedClient();
            }

            var token = headers["X-Amz-Security-Token"].ToString();
            if (token.Length == 0 || Array.IndexOf(signedList, "x-amz-security-token") < 0
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(temp.SessionToken)))
            {
                return AwsError.UnrecognizedClient();
            }

            if (now >= temp.Expiration)
            {
                return AwsError.ExpiredToken();
            }

            secret = temp.SecretAccessKey;
            principal = new Principal(temp.SessionArn(f.AccountId), temp.Role.Arn, temp.RoleId + ":" + temp.SessionName, temp.Role.Policy, true);
        }

        var canonical = new StringBuilder(512)
            .Append(state.Http.Request.Method).Append('\n')
            .Append(SigV4.CanonicalUri(state.RawPath)).Append('\n')
            .Append(SigV4.CanonicalQuery(state.RawQuery)).Append('\n');
        foreach (var name in signedList)
        {
            canonical.Append(name).Append(':').Append(SigV4.CanonicalHeaderValue(headers, name)).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(SigV4.Sha256Hex(state.Body));
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scopeDate}/{scopeRegion}/{scopeService}/aws4_request\n{SigV4.Sha256Hex(Encoding.UTF8.GetBytes(canonical.ToString()))}";
        var expected = SigV4.Signature(secret, scopeDate, scopeRegion, scopeService, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature!)))
        {
            return AwsError.InvalidSignature(AwsError.SignatureMismatchMessage);
        }

        state.AuthKind = "sigv4";
        state.AccessKeyId = accessKey;
        state.Principal = principal;
        state.Region = state.Host.Region ?? scopeRegion;
        return null;
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
