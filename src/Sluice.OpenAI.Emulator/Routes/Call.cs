using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.OpenAI.Emulator.Errors;

namespace Sluice.OpenAI.Emulator.Routes;

/// <summary>What every route does first: record the request, check the Bearer key, parse the JSON body.</summary>
internal static class Call
{
    public delegate Task Handler(HttpContext ctx, EmulatorState state, JsonObject body);

    public static async Task RunAsync(HttpContext ctx, EmulatorState state, Handler handler)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ctx.Request.Headers) headers[name] = value.ToString();
        state.Record(new ReceivedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", headers, text));
        ctx.Response.Headers["x-request-id"] = "req_" + Guid.NewGuid().ToString("N");
        ctx.Response.Headers["openai-processing-ms"] = "12";

        if (state.Options.ApiKeys.Count > 0)
        {
            var auth = ctx.Request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                await OpenAiErrors.MissingKeyAsync(ctx);
                return;
            }

            var key = auth["Bearer ".Length..].Trim();
            if (!state.Options.ApiKeys.Contains(key))
            {
                await OpenAiErrors.WrongKeyAsync(ctx, key);
                return;
            }
        }

        JsonObject body;
        if (HttpMethods.IsGet(ctx.Request.Method))
        {
            body = [];
        }
        else
        {
            if (!(ctx.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                await OpenAiErrors.InvalidJsonAsync(ctx);
                return;
            }

            try
            {
                if (JsonNode.Parse(text) is not JsonObject parsed)
                {
                    await OpenAiErrors.InvalidJsonAsync(ctx);
                    return;
                }

                body = parsed;
            }
            catch (JsonException)
            {
                await OpenAiErrors.InvalidJsonAsync(ctx);
                return;
            }
        }

        await handler(ctx, state, body);
    }

    /// <summary>The model named in the body, checked against the served models and the scripted faults; null when an error was written.</summary>
    public static async Task<EmulatedModel?> ModelAsync(HttpContext ctx, EmulatorState state, JsonObject body, EmulatedModelKind kind, string endpoint)
    {
        if (!body.TryGetPropertyValue("model", out var node) || node is null)
        {
            await OpenAiErrors.MissingAsync(ctx, "model");
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            await OpenAiErrors.InvalidTypeAsync(ctx, "model", "a string");
            return null;
        }

        var id = node.GetValue<string>();
        var model = state.Model(id);
        if (model is null)
        {
            await OpenAiErrors.ModelNotFoundAsync(ctx, id);
            return null;
        }

        if (model.Kind != kind)
        {
            await OpenAiErrors.WriteAsync(ctx, 400, $"This model does not support the {endpoint} endpoint.", param: "model", code: "model_not_supported");
            return null;
        }

        if (state.TakeFault(id) is { } fault)
        {
            if (fault.MidStream)
            {
                ctx.Items[MidStreamKey] = fault;
                return model;
            }

            await OpenAiErrors.FaultAsync(ctx, fault);
            return null;
        }

        return model;
    }

    public const string MidStreamKey = "midstream-fault";

    /// <summary>Whitespace-separated words: the emulator's tokens.</summary>
    public static int Words(string text)
    {
        var n = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) inWord = false;
            else if (!inWord) { inWord = true; n++; }
        }

        return n;
    }
}
