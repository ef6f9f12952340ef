using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/gateway-identity?region=…[&amp;sts_endpoint_url=…]</c>: the gateway's own AWS identity (the one that
/// assumes the roles of <c>assumed-role-based</c> accounts), for the trust policy an admin pastes into AWS. Asks STS
/// GetCallerIdentity; when the gateway has no AWS identity the answer says so (<c>known: false</c>) instead of failing.
/// Tenant admins (whoever may create accounts).
/// </summary>
internal static partial class GatewayIdentityEndpoint
{
    // The AWS SDK probes instance metadata when nothing else is configured; an admin page must not hang on it.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/gateway-identity", async (HttpContext http, SnapshotHolder holder, IProviderRuntime runtime, string? region, string? sts_endpoint_url) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.CreateAccount)) return Results.Empty;
            region = string.IsNullOrWhiteSpace(region) ? "us-east-1" : region.Trim();
            if (!RegionPattern().IsMatch(region))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest($"region \"{region}\" is not an AWS region name such as us-east-1", "invalid_region"));
            }

            string? stsEndpoint = string.IsNullOrWhiteSpace(sts_endpoint_url) ? null : sts_endpoint_url.Trim();
            if (stsEndpoint is not null && !(Uri.TryCreate(stsEndpoint.Replace("{region}", region, StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https"))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest("sts_endpoint_url must be an http(s) URL (it may hold {region})", "invalid_sts_endpoint"));
            }

            string? arn = null;
            string? message = null;
            try
            {
                arn = await runtime.GetOwnIdentityArnAsync(region, stsEndpoint, http.RequestAborted).WaitAsync(Timeout, http.RequestAborted);
            }
            catch (TimeoutException)
            {
                message = $"STS did not answer within {Timeout.TotalSeconds:0} seconds, so the gateway cannot tell its own AWS identity.";
            }
            catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
            {
                message = "The gateway cannot tell its own AWS identity: " + e.Message;
            }

            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("known", arn is not null);
                w.WriteString("region", region);
                if (arn is not null)
                {
                    w.WriteString("arn", arn);
                    w.WriteString("principal_arn", PrincipalArn(arn));
                    var account = arn.Split(':') is { Length: > 4 } parts ? parts[4] : "";
                    if (account.Length > 0) w.WriteString("account_id", account);
                }
                else
                {
                    w.WriteString("message", message);
                }

                w.WriteEndObject();
            });
        });

    /// <summary>
    /// What a trust policy names: an assumed-role session (<c>arn:aws:sts::1:assumed-role/Name/session</c>) is
    /// trusted through its role (<c>arn:aws:iam::1:role/Name</c>); a user ARN is used as it is.
    /// </summary>
    public static string PrincipalArn(string arn)
    {
        var m = AssumedRolePattern().Match(arn);
        return m.Success ? $"arn:{m.Groups[1].Value}:iam::{m.Groups[2].Value}:role/{m.Groups[3].Value}" : arn;
    }

    [GeneratedRegex(@"^arn:([\w-]+):sts::(\d+):assumed-role/([^/]+)/.+$")]
    private static partial Regex AssumedRolePattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d$")]
    private static partial Regex RegionPattern();
}
