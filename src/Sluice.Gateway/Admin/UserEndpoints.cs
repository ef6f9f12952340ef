using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Core.Access;
using Sluice.Core.Errors;
using Sluice.Gateway.Identity;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Admin;

/// <summary><c>/api/v1/users</c>: list, create, read, update (active, tenant_admin), delete, invite. Tenant admins only.</summary>
internal static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users", async (HttpContext http, UserService users, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            var list = await users.ListAsync(http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var u in list)
                {
                    UserService.Write(w, u);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        });

        api.MapPost("/users", async (HttpContext http, UserService users, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            var (node, error) = await BodyReader.ReadJsonAsync(http);
            if (node is not JsonObject body)
            {
                return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
            }

            var problems = new List<ValidationProblem>();
            var email = Text(body, "email");
            if (email is null || !Subject.IsValidUserName(email.Trim()))
            {
                problems.Add(new ValidationProblem("email", $"\"{email}\" is not an email address"));
            }

            var tenantAdmin = Flag(body, "tenant_admin", problems);
            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            if (await users.GetAsync(email!, http.RequestAborted) is not null)
            {
                return await AdminJson.ErrorAsync(http, new GatewayError(409, ErrorTypes.InvalidRequest, "already_exists",
                    $"A user \"{Subject.NormalizeEmail(email!)}\" exists. Use PUT /api/v1/users/{{email}} to change it."));
            }

            problems = await users.CreateAsync(email!, tenantAdmin ?? false, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted);
            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            var created = await users.GetAsync(email!, http.RequestAborted);
            return await AdminJson.WriteAsync(http, 201, w => UserService.Write(w, created!));
        });

        api.MapGet("/users/{email}", async (HttpContext http, string email, UserService users, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            var user = await users.GetAsync(email, http.RequestAborted);
            return user is null
                ? await AdminJson.NotFoundAsync(http, $"No user \"{email}\".")
                : await AdminJson.WriteAsync(http, 200, w => UserService.Write(w, user));
        });

        api.MapPut("/users/{email}", async (HttpContext http, string email, UserService users, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            var (node, error) = await BodyReader.ReadJsonAsync(http);
            if (node is not JsonObject body)
            {
                return await AdminJson.ErrorAsync(http, GatewayError.InvalidRequest(error ?? "the body must be a JSON object", code: "invalid_body"));
            }

            var problems = new List<ValidationProblem>();
            var active = Flag(body, "active", problems);
            var tenantAdmin = Flag(body, "tenant_admin", problems);
            if (problems.Count > 0)
            {
                return await AdminJson.ProblemsAsync(http, problems);
            }

            if (IsSelf(http, email) && (active == false || tenantAdmin == false))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest(
                    "You cannot deactivate yourself or remove your own tenant-admin role; ask another tenant admin.", "self_lockout"));
            }

            if (!await users.UpdateAsync(email, active, tenantAdmin, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted))
            {
                return await AdminJson.NotFoundAsync(http, $"No user \"{email}\".");
            }

            var user = await users.GetAsync(email, http.RequestAborted);
            return await AdminJson.WriteAsync(http, 200, w => UserService.Write(w, user!));
        });

        api.MapDelete("/users/{email}", async (HttpContext http, string email, UserService users, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            if (IsSelf(http, email))
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest("You cannot delete yourself; ask another tenant admin.", "self_lockout"));
            }

            return await users.DeleteAsync(email, AdminAuthorization.PrincipalOf(http).Id, http.RequestAborted)
                ? Results.NoContent()
                : await AdminJson.NotFoundAsync(http, $"No user \"{email}\".");
        });

        api.MapPost("/users/{email}/invite", async (HttpContext http, string email, UserService users, InviteTokens invites, ConfigurationStore store, SnapshotHolder holder) =>
        {
            if (!await AdminAuthorization.RequireAsync(http, holder, AdminAction.ManageUsers))
            {
                return Results.Empty;
            }

            var actor = AdminAuthorization.PrincipalOf(http).Id;
            if (!Subject.IsValidEmail(email.Trim()))
            {
                return await AdminJson.ProblemsAsync(http, [new ValidationProblem("email", $"\"{email}\" is not an email address")]);
            }

            var user = await users.GetAsync(email, http.RequestAborted);
            if (user is null)
            {
                await users.CreateAsync(email, tenantAdmin: false, actor, http.RequestAborted);
            }
            else if (!user.Active)
            {
                return await AdminJson.ErrorAsync(http, AdminAuthorization.BadRequest($"User \"{user.Email}\" is deactivated; activate it before inviting.", "user_inactive"));
            }

            var invite = await invites.CreateAsync(email, actor, cancellationToken: http.RequestAborted);
            await store.AuditAsync(actor, "invite", "user:" + invite.Email,
                $"{{\"email\":{GatewayJson.Quote(invite.Email)},\"expires_at\":\"{invite.ExpiresAt:O}\"}}", http.RequestAborted);
            return await AdminJson.WriteAsync(http, 201, w =>
            {
                w.WriteStartObject();
                w.WriteString("email", invite.Email);
                w.WriteString("invite_url", "/ui/#/accept-invite?token=" + invite.Token);
                w.WriteString("expires_at", invite.ExpiresAt);
                w.WriteEndObject();
            });
        });
    }

    private static bool IsSelf(HttpContext http, string email) =>
        AdminAuthorization.EmailOf(AdminAuthorization.PrincipalOf(http)) == Subject.NormalizeEmail(email);

    internal static string? Text(JsonObject body, string field) =>
        body[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Flag(JsonObject body, string field, List<ValidationProblem> problems)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b;
        }

        problems.Add(new ValidationProblem(field, $"{field} must be true or false"));
        return null;
    }
}
