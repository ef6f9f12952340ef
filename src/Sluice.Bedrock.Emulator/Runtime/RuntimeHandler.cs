using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>The five runtime operations: resolve, authorize, validate, inject faults, answer.</summary>
internal sealed class RuntimeHandler(EmulatorState state)
{
    public static bool TryRoute(string method, string rawPath, out string encodedModel, out string operation)
    {
        encodedModel = "";
        operation = "";
        if (!rawPath.StartsWith("/model/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = rawPath["/model/".Length..];
        var slash = rest.LastIndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var segment = rest[..slash];
        if (segment.Contains('/', StringComparison.Ordinal))
        {
            return false; // an unencoded '/' splits the label: AWS finds no operation for it
        }

        operation = rest[(slash + 1)..] switch
        {
            "converse" => "Converse",
            "converse-stream" => "ConverseStream",
            "invoke" => "InvokeModel",
            "invoke-with-response-stream" => "InvokeModelWithResponseStream",
            "count-tokens" => "CountTokens",
            _ => "",
        };
        encodedModel = segment;
        return operation.Length > 0 && method == "POST";
    }

    public async Task HandleAsync(RequestState s)
    {
        var op = s.Operation!;
        var action = op switch
        {
            "ConverseStream" or "InvokeModelWithResponseStream" => "bedrock:InvokeModelWithResponseStream",
            "CountTokens" => "bedrock:CountTokens",
            _ => "bedrock:InvokeModel",
        };
        var f = state.Fixture;
        var resolution = ModelResolver.Resolve(f, s.ModelId!, s.Region, s.Principal!, action, checkOnDemand: op != "CountTokens");
        var model = resolution.Model;
        s.ServedRegion = resolution.ServedRegion;
        s.ResolvedModelId = model.Id;
        var family = model.ResolvedFamily;
        var streaming = op is "ConverseStream" or "InvokeModelWithResponseStream";

        if (op is "Converse" or "ConverseStream" && !ModelFamilies.IsChat(family))
        {
            throw RequestRejected.Validation("This action doesn't support the model that you provided. Try again with a supported text or chat model.");
        }

        if (op == "InvokeModelWithResponseStream" && !ModelFamilies.IsChat(family))
        {
            throw RequestRejected.Validation("The model is unsupported for streaming.");
        }

        if (op == "CountTokens")
        {
            await CountTokensAsync(s, model);
            return;
        }

        using var doc = ConverseParser.ParseJson(s.Body);
        var root = doc.RootElement;
        var knobs = model.Knobs;

        // Build the answer first so invalid requests never consume injected faults.
        Conversation? conversation = null;
        byte[]? nativeBody = null;
        int nativeIn = 0, nativeOut = 0;
        if (op is "Converse" or "ConverseStream")
        {
            conversation = ConverseParser.Parse(root, countTokens: false);
            if (root.TryGetProperty("additionalModelRequestFields", out var extra))
            {
                ConversationRules.ApplyReasoningConfig(extra, conversation, model);
                AnthropicToolChoice.ApplyAdditionalField(extra, conversation, model);
            }

            ConversationRules.Validate(conversation, model, requireMessages: true);
        }
        else
        {
            switch (family)
            {
                case ModelFamily.Anthropic:
                    conversation = AnthropicRequestParser.Parse(root, model);
                    break;
                case ModelFamily.Nova:
                    conversation = NovaNative.Parse(root, model);
                    break;
                case ModelFamily.Llama:
                    conversation = LlamaNative.Parse(root);
                    break;
                case ModelFamily.TitanEmbed:
                    (nativeBody, nativeIn) = EmbeddingsNative.Titan(root);
                    break;
                case ModelFamily.CohereEmbed:
                    (nativeBody, nativeIn) = EmbeddingsNative.Cohere(root, s.RequestId);
                    break;
                case ModelFamily.TitanImage:
                case ModelFamily.NovaCanvas:
                    (nativeBody, _) = ImagesNative.Generate(root, family);
                    nativeIn = DeterministicModel.Words(root.TryGetProperty("textToImageParams", out var tp) && tp.TryGetProperty("text", out var tx) ? tx.GetString() : "");
                    break;
                default:
                    throw RequestRejected.Validation("The emulator has no native InvokeModel body for this model; use Converse.");
            }
        }

        // Faults before the response.
        var fault = knobs.Fault;
        var streamFault = false;
        switch (fault)
        {
            case EmulatorFault.Throttle when knobs.TryConsumeFault():
                if (knobs.RetryAfterSeconds > 0)
                {
                    s.Http.Response.Headers["Retry-After"] = knobs.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                throw new RequestRejected(AwsError.Throttling());
            case EmulatorFault.Internal when knobs.TryConsumeFault():
                throw new RequestRejected(AwsError.Internal());
            case EmulatorFault.Unavailable when knobs.TryConsumeFault():
                throw new RequestRejected(AwsError.Unavailable());
            case EmulatorFault.DropConnection when !streaming && knobs.TryConsumeFault():
                s.ErrorType = "drop_connection";
                s.Http.Abort();
                return;
            case EmulatorFault.StreamException or EmulatorFault.DropConnection when streaming:
                streamFault = knobs.TryConsumeFault();
                break;
        }

        if (knobs.FirstByteDelayMs > 0)
        {
            await Task.Delay(knobs.FirstByteDelayMs, s.Http.RequestAborted);
        }

        var latency = Math.Max(1, (long)(state.Time.GetUtcNow() - s.Started).TotalMilliseconds);
        Reply? reply = null;
        if (conversation is not null)
        {
            var prefix = family == ModelFamily.Anthropic && op.StartsWith("Invoke", StringComparison.Ordinal) ? "toolu_bdrk_" : "tooluse_";
            reply = state.Model.Answer(conversation, model, prefix);
            ApplyUsageKnobs(reply, knobs);
            nativeIn = reply.InputTokens;
            nativeOut = reply.OutputTokens;
        }

        var messageId = "msg_bdrk_" + CredentialStore.StableId(s.RequestId);
        switch (op)
        {
            case "Converse":
                await WriteJsonAsync(s.Http, s.RequestId, ConverseWriter.Response(reply!, latency), null);
                break;
            case "ConverseStream":
                var pad = 0;
                var events = ConverseWriter.PlanStream(reply!, () => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"[..(2 + (pad++ * 11 % 37))], latency);
                await StreamResponder.SendAsync(s, events, knobs, streamFault, invokeStream: false);
                break;
            case "InvokeModel":
                var body = nativeBody ?? family switch
                {
                    ModelFamily.Anthropic => AnthropicNative.Response(reply!, model.Id, messageId),
                    ModelFamily.Nova => NovaNative.Response(reply!),
                    _ => LlamaNative.Response(reply!),
                };
                var isImage = family is ModelFamily.TitanImage or ModelFamily.NovaCanvas;
                await WriteJsonAsync(s.Http, s.RequestId, body, isImage ? null : (nativeIn, nativeOut, latency));
                break;
            case "InvokeModelWithResponseStream":
                var native = family switch
                {
                    ModelFamily.Anthropic => AnthropicNative.PlanStream(reply!, model.Id, messageId, latency),
                    ModelFamily.Nova => NovaNative.PlanStream(reply!, latency),
                    _ => LlamaNative.PlanStream(reply!, latency),
                };
                await StreamResponder.SendAsync(s, StreamResponder.AsChunks(native), knobs, streamFault, invokeStream: true);
                break;
        }
    }

    private async Task CountTokensAsync(RequestState s, FixtureModel model)
    {
        if (model.ResolvedFamily != ModelFamily.Anthropic)
        {
            throw RequestRejected.Validation("The provided model doesn't support counting tokens.");
        }

        using var doc = ConverseParser.ParseJson(s.Body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Constraint("null", "input", "Member must not be null");
        }

        Conversation c;
        if (input.TryGetProperty("converse", out var converse))
        {
            c = ConverseParser.Parse(converse, countTokens: true);
            if (converse.TryGetProperty("additionalModelRequestFields", out var extra))
            {
                ConversationRules.ApplyReasoningConfig(extra, c, model);
                AnthropicToolChoice.ApplyAdditionalField(extra, c, model);
            }

            ConversationRules.Validate(c, model, requireMessages: true);
        }
        else if (input.TryGetProperty("invokeModel", out var invoke))
        {
            if (!invoke.TryGetProperty("body", out var b) || !b.TryGetBytesFromBase64(out var raw))
            {
                throw RequestRejected.Constraint("null", "input.invokeModel.body", "Member must not be null");
            }

            using var native = ConverseParser.ParseJson(raw);
            c = AnthropicRequestParser.Parse(native.RootElement, model);
        }
        else
        {
            throw RequestRejected.Validation("The input field must contain exactly one of converse or invokeModel.");
        }

        var tokens = DeterministicModel.CountInputTokens(c);
        await WriteJsonAsync(s.Http, s.RequestId, JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("inputTokens", tokens);
            w.WriteEndObject();
        }), null);
    }

    private static async Task WriteJsonAsync(HttpContext http, string requestId, byte[] body, (int In, int Out, long Latency)? tokenHeaders)
    {
        var res = http.Response;
        res.StatusCode = 200;
        res.ContentType = "application/json";
        res.Headers["x-amzn-RequestId"] = requestId;
        if (tokenHeaders is { } t)
        {
            res.Headers["X-Amzn-Bedrock-Input-Token-Count"] = t.In.ToString(CultureInfo.InvariantCulture);
            res.Headers["X-Amzn-Bedrock-Output-Token-Count"] = t.Out.ToString(CultureInfo.InvariantCulture);
            res.Headers["X-Amzn-Bedrock-Invocation-Latency"] = t.Latency.ToString(CultureInfo.InvariantCulture);
        }

        res.ContentLength = body.Length;
        await res.Body.WriteAsync(body, http.RequestAborted);
    }

    // Usage knobs replace the counted figures; any cache figure makes the answer report cache usage, as Bedrock does.
    private static void ApplyUsageKnobs(Reply reply, ModelKnobs knobs)
    {
        if (knobs.UsageInputTokens is { } input)
        {
            reply.InputTokens = input;
        }

        if (knobs.UsageCacheReadTokens is not null || knobs.UsageCacheWriteTokens is not null)
        {
            reply.UsedCache = true;
            reply.CacheReadInputTokens = knobs.UsageCacheReadTokens ?? reply.CacheReadInputTokens;
            reply.CacheWriteInputTokens = knobs.UsageCacheWriteTokens ?? reply.CacheWriteInputTokens;
        }
    }
}
