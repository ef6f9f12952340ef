using System.Text;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Provider;

/// <summary>
/// Checks an account before it is saved: resolves its credentials (assuming the role if it has one) and, given a
/// model, makes the cheapest real call it can (a 1-token Converse, or one short embedding). Each result says what was
/// checked; a Bedrock API key without a model is reported as not checked, since only a model call can prove it.
/// For an application inference profile it also asks <c>GetInferenceProfile</c>, which pricing needs.
/// </summary>
public sealed class BedrockConnectionTester(BedrockRuntimeClient runtime, BedrockCredentialEngine credentials, InferenceProfileResolver? profiles = null)
{
    private const string NothingChecked = "nothing (no request was sent to AWS)";

    private static readonly byte[] OneTokenConverse = """{"messages":[{"role":"user","content":[{"text":"ping"}]}],"inferenceConfig":{"maxTokens":1}}"""u8.ToArray();

    /// <summary>Tests <paramref name="account"/>, and <paramref name="modelId"/> when given. Never throws for AWS failures.</summary>
    public async Task<BedrockConnectionTestResult> TestAsync(BedrockAccountSettings account, string? modelId, CancellationToken cancellationToken)
    {
        var region = account.Region;
        try
        {
            await credentials.ResolveTemplateAsync(account.Auth, region, account.Endpoints.StsTemplate ?? account.Endpoints.Sts?.OriginalString, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (BedrockException e)
        {
            var what = account.Auth is AssumeRoleAuth ? "the role, with STS AssumeRole" : "the credentials";
            return Failed(e.Error, new BedrockErrorContext(modelId ?? "(none)", region), what, "Could not obtain AWS credentials for this account: ");
        }

        if (string.IsNullOrWhiteSpace(modelId))
        {
            return await TestWithoutModelAsync(account, region, "", cancellationToken).ConfigureAwait(false);
        }

        var target = BedrockProviderFactory.TargetFor(account, new BedrockModelSettings(modelId, null));
        region = target.Region;
        var model = BedrockCatalogue.Find(target.ModelId);
        var context = new BedrockErrorContext(target.ModelId, region, BaseModelId: model?.ModelId);
        if (BedrockCatalogue.ProfileOnlyAdvice(target.ModelId, region) is { } advice)
        {
            return new BedrockConnectionTestResult(ConnectionTestStatus.Failed, NothingChecked, advice.Message, BedrockExceptionNames.Validation, region);
        }

        var isChat = model is null || (model.Types & ModelType.Chat) != 0;
        var isEmbedding = !isChat && model!.Family is BedrockInvokeFamily.TitanEmbedV1 or BedrockInvokeFamily.TitanEmbedV2 or BedrockInvokeFamily.CohereEmbedV3;
        if (!isChat && !isEmbedding)
        {
            // Every image call is billed per image, so image models are not called: check what can be checked without one.
            var note = $"{target.ModelId} is an image model and was not called, because every image is billed. ";
            return await TestWithoutModelAsync(account, region, note, cancellationToken).ConfigureAwait(false);
        }

        var called = isChat ? $"a 1-token Converse call to {target.ModelId}" : $"a one-word embedding call (InvokeModel) to {target.ModelId}";
        try
        {
            if (isChat)
            {
                await runtime.ConverseAsync(target, OneTokenConverse, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var body = model!.Family == BedrockInvokeFamily.CohereEmbedV3 ? """{"texts":["ping"],"input_type":"search_query"}""" : """{"inputText":"ping"}""";
                await runtime.InvokeModelAsync(target, Encoding.UTF8.GetBytes(body), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BedrockException e)
        {
            return Failed(e.Error, context, called, "");
        }
        catch (GatewayException e)
        {
            return new BedrockConnectionTestResult(ConnectionTestStatus.Failed, called, e.Error.Message, e.Error.Code, region);
        }

        var answered = $"{target.ModelId} answered: the account's {Describe(account.Auth)} work.";
        return new BedrockConnectionTestResult(ConnectionTestStatus.Ok, called, answered + await ProfileLookupNoteAsync(target, cancellationToken).ConfigureAwait(false), null, region);
    }

    // An application profile names no model: only GetInferenceProfile tells which one it wraps, and so its price.
    private async Task<string> ProfileLookupNoteAsync(BedrockTarget target, CancellationToken cancellationToken)
    {
        if (profiles is null || !target.ModelId.Contains(":application-inference-profile/", StringComparison.Ordinal))
        {
            return "";
        }

        try
        {
            var profile = await profiles.GetAsync(target, cancellationToken).ConfigureAwait(false);
            return $" GetInferenceProfile says it routes to {profile.BaseModelId ?? "a model the catalogue does not know"}, which prices its calls.";
        }
        catch (BedrockException e)
        {
            return $" But bedrock:GetInferenceProfile on this profile failed ({e.Error.ExceptionName}): Sluice cannot tell which model it"
                + " wraps, so its calls are recorded with cost unknown and without capability checks. Allow bedrock:GetInferenceProfile on it.";
        }
    }

    /// <summary>
    /// Access keys are only data until AWS checks a signature, so they are shown to STS; a role was already proven by
    /// AssumeRole. A Bedrock API key can only be proven by a model call, so nothing is claimed about it.
    /// </summary>
    private async Task<BedrockConnectionTestResult> TestWithoutModelAsync(BedrockAccountSettings account, string region, string note, CancellationToken cancellationToken)
    {
        switch (account.Auth)
        {
            case AccessKeyAuth keys:
                const string what = "the access keys, with STS GetCallerIdentity";
                try
                {
                    var arn = await credentials.GetCallerArnAsync(keys, region, account.Endpoints.StsTemplate ?? account.Endpoints.Sts?.OriginalString, cancellationToken)
                        .ConfigureAwait(false);
                    return new BedrockConnectionTestResult(ConnectionTestStatus.Ok, what, $"{note}The access keys are valid: AWS knows them as {arn}.", null, region);
                }
                catch (BedrockException e)
                {
                    return Failed(e.Error, new BedrockErrorContext("(none)", region), what, note);
                }

            case ApiKeyAuth:
                return new BedrockConnectionTestResult(ConnectionTestStatus.NotChecked, NothingChecked,
                    $"{note}A Bedrock API key can only be checked by calling a model. Check with a model call: a 1-token request to one of the account's chat models.",
                    null, region);
            default:
                return new BedrockConnectionTestResult(ConnectionTestStatus.Ok, "the role, with STS AssumeRole", $"{note}The role was assumed.", null, region);
        }
    }

    private static string Describe(BedrockAuth auth) => auth switch
    {
        AccessKeyAuth => "access keys and permissions",
        ApiKeyAuth => "API key and permissions",
        _ => "role and permissions",
    };

    private static BedrockConnectionTestResult Failed(BedrockError error, BedrockErrorContext context, string what, string prefix)
    {
        var mapped = BedrockErrorMapper.ToGatewayError(error, context);
        return new BedrockConnectionTestResult(ConnectionTestStatus.Failed, what, prefix + mapped.Message, error.ExceptionName, context.Region);
    }
}
