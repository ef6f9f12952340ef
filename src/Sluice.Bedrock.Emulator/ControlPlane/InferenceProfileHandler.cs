
namespace Sluice.Bedrock.Emulator;

/// <summary>GET /inference-profiles/{id or ARN}: AWS GetInferenceProfile for system and application profiles.</summary>
internal sealed class InferenceProfileHandler(EmulatorState state)
{
    private const string Created = "2024-08-01T00:00:00Z";

    public static bool TryRoute(string method, string rawPath, out string encodedId)
    {
        encodedId = "";
        const string prefix = "/inference-profiles/";
        if (method != "GET" || !rawPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        encodedId = rawPath[prefix.Length..];
        return encodedId.Length > 0 && !encodedId.Contains('/', StringComparison.Ordinal);
    }

    public async Task HandleAsync(RequestState s)
    {
        var f = state.Fixture;
        var id = s.ModelId!;
        var region = s.Region;
        const string action = "bedrock:GetInferenceProfile";
        FixtureInferenceProfile? system = null;
        FixtureApplicationProfile? app = null;
        string arn, profileId;
        if (ArnParser.TryParse(id, out var parsed))
        {
            if (parsed.Service != "bedrock" || parsed.Region != region || parsed.Account != f.AccountId
                || parsed.ResourceType is not ("inference-profile" or "application-inference-profile"))
            {
                throw RequestRejected.Constraint(id, "inferenceProfileIdentifier", "Member must satisfy regular expression pattern: (arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+");
            }

            arn = id;
            profileId = parsed.ResourceId;
            if (parsed.ResourceType == "inference-profile") system = f.FindProfile(profileId);
            else app = f.FindApplicationProfile(id);
        }
        else
        {
            profileId = id;
            system = f.FindProfile(id);
            arn = system is not null || id.Contains('.', StringComparison.Ordinal)
                ? PolicyEvaluator.ProfileArn(region, f.AccountId, id)
                : $"arn:aws:bedrock:{region}:{f.AccountId}:application-inference-profile/{id}";
            if (system is null) app = f.FindApplicationProfile(arn);
        }

        var denied = PolicyEvaluator.Check(s.Principal!, action, region, arn, profileId);
        if (denied is not null) throw new RequestRejected(denied);
        if (system is not null && !system.DestinationRegions.Contains(region)) system = null;
        if (system is null && app is null)
        {
            throw new RequestRejected(AwsError.NotFound($"Inference profile {id} not found."));
        }

        var models = new List<string>();
        string name, description, type;
        if (system is not null)
        {
            foreach (var d in system.DestinationRegions) models.Add(PolicyEvaluator.FoundationModelArn(d, system.ModelId));
            name = system.Name ?? system.Id;
            description = $"Routes requests to {system.ModelId} in {string.Join(", ", system.DestinationRegions)}.";
            type = "SYSTEM_DEFINED";
        }
        else
        {
            var target = f.FindProfile(app!.Target);
            if (target is not null)
            {
                foreach (var d in target.DestinationRegions) models.Add(PolicyEvaluator.FoundationModelArn(d, target.ModelId));
            }
            else
            {
                models.Add(PolicyEvaluator.FoundationModelArn(region, app.Target));
            }

            name = app.Name;
            description = app.Description ?? "";
            type = "APPLICATION";
            arn = app.Arn;
            profileId = arn[(arn.LastIndexOf('/') + 1)..];
        }

        var body = JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("inferenceProfileName", name);
            w.WriteString("description", description);
            w.WriteString("createdAt", Created);
            w.WriteString("updatedAt", Created);
            w.WriteString("inferenceProfileArn", arn);
            w.WriteStartArray("models");
            foreach (var m in models)
            {
                w.WriteStartObject();
                w.WriteString("modelArn", m);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("inferenceProfileId", profileId);
            w.WriteString("status", "ACTIVE");
            w.WriteString("type", type);
            w.WriteEndObject();
        });
        var res = s.Http.Response;
        res.StatusCode = 200;
        res.ContentType = "application/json";
        res.Headers["x-amzn-RequestId"] = s.RequestId;
        res.ContentLength = body.Length;
        await res.Body.WriteAsync(body);
    }
}
