using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Gateway.Admin;

/// <summary>Maps the admin API under <c>/api/v1</c>; every route requires a valid bearer key or a UI session (with CSRF protection).</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter<AdminAuthFilter>();
        AccountEndpoints.Map(api);
        ApplyEndpoint.Map(api);
        TokenEndpoints.Map(api);
        ReportEndpoints.Map(api);
        UserEndpoints.Map(api);
        DirectoryEndpoints.Map(api);
        VirtualModelEndpoints.Map(api);
        CollaboratorEndpoints.Map(api);
        LimitEndpoints.Map(api);
        AccountPermissionsEndpoint.Map(api);
        VirtualModelHealthEndpoint.Map(api);
        GatewayIdentityEndpoint.Map(api);
        return endpoints;
    }
}
