using Sluice.Gateway.Manifests;
using Sluice.Gateway.Security;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Admin;

/// <summary>Maps stored rows to manifest documents (secrets decrypted) and documents onto rows.</summary>
public static class DocumentMapper
{
    public static ProviderAccountDocument ToDocument(ProviderAccountEntity e, AccountSecretsCodec codec)
    {
        var settings = AccountSettingsJson.Read(e.SettingsJson);
        var auth = new AuthData(e.AuthType)
        {
            AccessKeyId = e.AccessKeyId,
            AssumedRoleArn = e.AssumedRoleArn,
            ExternalId = e.ExternalId,
            TenantId = settings.TenantId,
            ClientId = settings.ClientId,
        };
        var modelType = ProviderKinds.ByAccountType.TryGetValue(e.Type, out var kind) ? kind.ModelType : ManifestTypes.BedrockModel;
        var models = new List<IntegrationDocument>(e.Models.Count);
        foreach (var m in e.Models.OrderBy(m => m.Position))
        {
            // Every model of an account is of its kind's model type (the validator refuses others), so it is not stored.
            models.Add(ToDocument(m) with { Type = modelType });
        }

        var collaborators = new List<CollaboratorDocument>(e.Collaborators.Count);
        foreach (var c in e.Collaborators.OrderBy(c => c.Id))
        {
            collaborators.Add(new CollaboratorDocument(c.Subject, c.RoleId));
        }

        return new ProviderAccountDocument(e.Name)
        {
            AccountType = e.Type,
            Region = e.Region,
            Auth = e.AuthType.Length == 0 ? null : codec.Decrypt(e.Name, auth, e.SecretsBlob),
            EndpointUrl = e.EndpointUrl,
            StsEndpointUrl = e.StsEndpointUrl,
            BaseUrl = e.BaseUrl,
            ApiVersion = settings.ApiVersion,
            Organization = settings.Organization,
            Project = settings.Project,
            Headers = settings.Headers,
            Collaborators = collaborators,
            Integrations = models,
        };
    }

    public static IntegrationDocument ToDocument(ModelEntity m)
    {
        var tokens = m.CostInputPer1K is null && m.CostOutputPer1K is null && m.CostCacheReadPer1K is null && m.CostCacheWritePer1K is null
            ? null
            : new TokenCost(m.CostInputPer1K ?? 0, m.CostOutputPer1K ?? 0, m.CostCacheReadPer1K ?? 0, m.CostCacheWritePer1K ?? 0);
        ModelCost? cost = tokens is null && m.CostPerImage is null && m.CostPerRequest is null
            ? null
            : new ModelCost { Per1000Tokens = tokens, PerImage = m.CostPerImage, PerRequest = m.CostPerRequest };
        return new IntegrationDocument(m.Name)
        {
            ModelId = m.ModelId,
            Region = m.Region,
            ModelTypes = m.ModelTypes.Split(',', StringSplitOptions.RemoveEmptyEntries),
            Cost = cost,
            AuthorizedSubjects = m.AuthorizedSubjects?.Split(',', StringSplitOptions.RemoveEmptyEntries),
            DropParams = m.DropParams,
            PromptCaching = m.PromptCaching,
            Aliases = m.Aliases?.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    /// <summary>Writes the document onto the row, matching models and collaborators so unchanged ones keep their rows.</summary>
    public static void Apply(ProviderAccountDocument d, ProviderAccountEntity e, AccountSecretsCodec codec, DateTimeOffset now)
    {
        // Only an OpenAI-compatible server may go without auth (AuthType "" in the row); Bedrock always has one.
        var auth = d.Auth ?? (ProviderKinds.Of(d).AuthOptional ? null : new AuthData(ManifestTypes.AccessKeyAuth));
        e.Type = d.AccountType;
        e.Region = d.Region;
        e.EndpointUrl = d.EndpointUrl;
        e.StsEndpointUrl = d.StsEndpointUrl;
        e.BaseUrl = d.BaseUrl;
        e.SettingsJson = AccountSettingsJson.Write(new AccountSettingsJson(d.ApiVersion, d.Organization, d.Project, d.Headers, auth?.TenantId, auth?.ClientId));
        e.AuthType = auth?.Type ?? "";
        e.AccessKeyId = auth?.AccessKeyId;
        e.AssumedRoleArn = auth?.AssumedRoleArn;
        e.ExternalId = auth?.ExternalId;
        e.SecretsBlob = auth is null ? null : codec.Encrypt(d.Name, auth);
        e.UpdatedAt = now;
        e.RowVersion++;

        var models = d.Integrations ?? [];
        var byName = new Dictionary<string, ModelEntity>(StringComparer.Ordinal);
        foreach (var m in e.Models)
        {
            byName[m.Name] = m;
        }

        var keep = new HashSet<ModelEntity>();
        for (var i = 0; i < models.Count; i++)
        {
            var doc = models[i];
            if (!byName.TryGetValue(doc.Name, out var row))
            {
                row = new ModelEntity { Name = doc.Name, ModelId = doc.ModelId, ModelTypes = "", CreatedAt = now };
                e.Models.Add(row);
            }

            keep.Add(row);
            row.ModelId = doc.ModelId;
            row.Region = string.IsNullOrEmpty(doc.Region) ? null : doc.Region;
            row.ModelTypes = string.Join(',', doc.ModelTypes);
            row.CostInputPer1K = doc.Cost?.Per1000Tokens?.Input;
            row.CostOutputPer1K = doc.Cost?.Per1000Tokens?.Output;
            row.CostCacheReadPer1K = doc.Cost?.Per1000Tokens?.CacheRead;
            row.CostCacheWritePer1K = doc.Cost?.Per1000Tokens?.CacheWrite;
            row.CostPerImage = doc.Cost?.PerImage;
            row.CostPerRequest = doc.Cost?.PerRequest;
            row.AuthorizedSubjects = doc.AuthorizedSubjects is null ? null : string.Join(',', doc.AuthorizedSubjects);
            row.Position = i;
            row.DropParams = doc.DropParams;
            row.PromptCaching = doc.PromptCaching;
            row.Aliases = doc.Aliases is null ? null : string.Join(',', doc.Aliases);
        }

        e.Models.RemoveAll(m => !keep.Contains(m));

        var wanted = new List<CollaboratorDocument>();
        foreach (var c in d.Collaborators ?? [])
        {
            if (!wanted.Contains(c))
            {
                wanted.Add(c);
            }
        }

        e.Collaborators.RemoveAll(c => !wanted.Contains(new CollaboratorDocument(c.Subject, c.RoleId)));
        foreach (var c in wanted)
        {
            if (!e.Collaborators.Exists(x => x.Subject == c.Subject && x.RoleId == c.RoleId))
            {
                e.Collaborators.Add(new CollaboratorEntity { Subject = c.Subject, RoleId = c.RoleId });
            }
        }
    }
}
