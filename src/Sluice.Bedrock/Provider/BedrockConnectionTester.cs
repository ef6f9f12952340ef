using System.Text;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Provider;

/// <summary>
/// Checks an account before it is saved: resolves its credentials (assuming the role if it has one) and, given a
/// model, makes the cheapest real call it can (a 1-token Converse, or one short embedding).
/// </summary>
public sealed class BedrockConnectionTester(BedrockRuntimeClient runtime, BedrockCredentialEngine credentials)
{
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
            return Failed(e.Error, new BedrockErrorContext(modelId ?? "(none)", region), "Could not obtain AWS credentials for this account: ");
        }

        if (string.IsNullOrWhiteSpace(modelId))
        {
            return await TestWithoutModelAsync(account, region, cancellationToken).ConfigureAwait(false);
        }

        var target = BedrockProviderFactory.TargetFor(account, new BedrockModelSettings(modelId, null));
        region = target.Region;
        var model = BedrockCatalogue.Find(target.ModelId);
        var context = new BedrockErrorContext(target.ModelId, region, BaseModelId: model?.ModelId);
        if (BedrockCatalogue.ProfileOnlyAdvice(target.ModelId, region) is { } advice)
        {
            return new BedrockConnectionTestResult(false, advice.Message, BedrockExceptionNames.Validation, region);
        }

        try
        {
            if (model is null || (model.Types & ModelType.Chat) != 0)
            {
                await runtime.ConverseAsync(target, OneTokenConverse, cancellationToken).ConfigureAwait(false);
                return new BedrockConnectionTestResult(true, $"Called {target.ModelId} in {region} successfully.", null, region);
            }

            if (model.Family is BedrockInvokeFamily.TitanEmbedV1 or BedrockInvokeFamily.TitanEmbedV2 or BedrockInvokeFamily.CohereEmbedV3)
            {
                var body = model.Family == BedrockInvokeFamily.CohereEmbedV3 ? """{"texts":["ping"],"input_type":"search_query"}""" : """{"inputText":"ping"}""";
                await runtime.InvokeModelAsync(target, Encoding.UTF8.GetBytes(body), cancellationToken).ConfigureAwait(false);
                return new BedrockConnectionTestResult(true, $"Called {target.ModelId} in {region} successfully.", null, region);
            }

            // Every image call is billed per image, so image models are not called; only the credentials were checked.
            return new BedrockConnectionTestResult(true,
                $"Credentials for region {region} are valid. {target.ModelId} is an image model and was not called, because every image is billed.", null, region);
        }
        catch (BedrockException e)
        {
            return Failed(e.Error, context, "");
        }
        catch (GatewayException e)
        {
            return new BedrockConnectionTestResult(false, e.Error.Message, e.Error.Code, region);
        }
    }

    /// <summary>
    /// Access keys are only data until AWS checks a signature, so they are shown to STS; a role was already proven by
    /// AssumeRole. A Bedrock API key can only be proven by a model call, which the answer says.
    /// </summary>
    private async Task<BedrockConnectionTestResult> TestWithoutModelAsync(BedrockAccountSettings account, string region, CancellationToken cancellationToken)
    {
        switch (account.Auth)
        {
            case AccessKeyAuth keys:
                try
                {
                    var arn = await credentials.GetCallerArnAsync(keys, region, account.Endpoints.StsTemplate ?? account.Endpoints.Sts?.OriginalString, cancellationToken)
                        .ConfigureAwait(false);
                    return new BedrockConnectionTestResult(true, $"Credentials for region {region} are valid: AWS knows them as {arn}.", null, region);
                }
                catch (BedrockException e)
                {
                    return Failed(e.Error, new BedrockErrorContext("(none)", region), "");
                }

            case ApiKeyAuth:
                return new BedrockConnectionTestResult(true,
                    $"The API key is set, but Bedrock API keys can only be checked by calling a model: test again naming a model to make a 1-token call in {region}.",
                    null, region);
            default:
                return new BedrockConnectionTestResult(true, $"Credentials for region {region} are valid: the role was assumed.", null, region);
        }
    }

    private static BedrockConnectionTestResult Failed(BedrockError error, BedrockErrorContext context, string prefix)
    {
        var mapped = BedrockErrorMapper.ToGatewayError(error, context);
        return new BedrockConnectionTestResult(false, prefix + mapped.Message, error.ExceptionName, context.Region);
    }
}
