using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Anthropic.Emulator.Validation;

namespace Sluice.Anthropic.Emulator.Hosting;

/// <summary>The emulator's routes: <c>POST /v1/messages</c>, <c>POST /v1/messages/count_tokens</c>, <c>GET /v1/models</c>, <c>GET /v1/models/{id}</c>.</summary>
internal sealed class EmulatorHandler(AnthropicEmulatorOptions options, IReadOnlyList<EmulatedModel> models, ConcurrentDictionary<string, ModelKnobs> knobs,
    ConcurrentQueue<ReceivedRequest> received)
{
    private readonly DeterministicModel _model = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = "req_011" + RandomNumberGenerator.GetHexString(21, lowercase: true);
        response.Headers["request-id"] = requestId;
        response.Headers["anthropic-organization-id"] = "00000000-0000-4000-8000-000000000000";
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        try
        {
            var path = request.Path.Value ?? "";
            HeaderRules.Check(request, options.ApiKeys);
            switch (request.Method, path)
            {
                case ("POST", "/v1/messages"):
                    await MessagesAsync(context, body, requestId);
                    break;
                case ("POST", "/v1/messages/count_tokens"):
                    await CountTokensAsync(context, body);
                    break;
                case ("GET", "/v1/models"):
                    await ListModelsAsync(response);
                    break;
                case ("GET", _) when path.StartsWith("/v1/models/", StringComparison.Ordinal):
                    var id = Uri.UnescapeDataString(path["/v1/models/".Length..]);
                    var model = Find(id) ?? throw new Rejection(404, "not_found_error", $"model: {id}");
                    response.ContentType = "application/json";
                    await response.WriteAsync(ModelJson(model).ToJsonString());
                    break;
                default:
                    throw new Rejection(404, "not_found_error", "Not Found");
            }
        }
        catch (Rejection r)
        {
            if (!response.HasStarted) await ResponseWriter.ErrorAsync(response, r.Status, r.Type, r.Message, requestId);
        }
        finally
        {
            Record(request, body, response.StatusCode);
        }
    }

    /// <summary>The knobs of a model (created on first use).</summary>
    public ModelKnobs Knobs(string modelId) => knobs.GetOrAdd(modelId, _ => new ModelKnobs());

    private async Task MessagesAsync(HttpContext context, byte[] bytes, string requestId)
    {
        var body = MessagesRules.Parse(bytes);
        var modelName = MessagesRules.Check(body, countTokens: false, Find);
        var model = Find(modelName) ?? throw new Rejection(404, "not_found_error", $"model: {modelName}");
        var streaming = body["stream"] is JsonValue s && s.GetValue<bool>();
        var k = Knobs(model.Id);
        var fault = k.Take(streaming);
        var response = context.Response;
        switch (fault)
        {
            case AnthropicFault.RateLimit:
                await ResponseWriter.ErrorAsync(response, 429, "rate_limit_error",
                    "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
                    requestId, k.RetryAfterSeconds);
                return;
            case AnthropicFault.Overloaded:
                await ResponseWriter.ErrorAsync(response, 529, "overloaded_error", "Overloaded", requestId, k.RetryAfterSeconds);
                return;
            case AnthropicFault.ApiError:
                await ResponseWriter.ErrorAsync(response, 500, "api_error", "Internal server error", requestId);
                return;
            case AnthropicFault.DropConnection when !streaming:
                context.Abort();
                return;
        }

        var answer = _model.Answer(body, k);
        var id = "msg_01" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 22);
        // Anthropic answers with the model the request named, alias or not.
        if (!streaming)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(ResponseWriter.Json(ResponseWriter.Message(id, modelName, answer)));
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var sent = 0;
        foreach (var (type, data) in ResponseWriter.Events(id, modelName, answer))
        {
            if (fault is AnthropicFault.StreamError or AnthropicFault.DropConnection && sent == k.FaultAfterEvents)
            {
                if (fault == AnthropicFault.DropConnection)
                {
                    await response.Body.FlushAsync(context.RequestAborted);
                    context.Abort();
                    return;
                }

                var message = k.StreamErrorType == "overloaded_error" ? "Overloaded" : "Internal server error";
                await response.Body.WriteAsync(ResponseWriter.Sse("error", ResponseWriter.ErrorJson(k.StreamErrorType, message, requestId)), context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                return;
            }

            await response.Body.WriteAsync(ResponseWriter.Sse(type, ResponseWriter.Json(data)), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            sent++;
        }
    }

    private async Task CountTokensAsync(HttpContext context, byte[] bytes)
    {
        var body = MessagesRules.Parse(bytes);
        var modelName = MessagesRules.Check(body, countTokens: true, Find);
        if (Find(modelName) is null) throw new Rejection(404, "not_found_error", $"model: {modelName}");
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["input_tokens"] = DeterministicModel.CountTokens(body) }.ToJsonString());
    }

    private async Task ListModelsAsync(HttpResponse response)
    {
        var data = new JsonArray();
        foreach (var m in models) data.Add(ModelJson(m));
        response.ContentType = "application/json";
        await response.WriteAsync(new JsonObject
        {
            ["data"] = data,
            ["has_more"] = false,
            ["first_id"] = models.Count > 0 ? models[0].Id : null,
            ["last_id"] = models.Count > 0 ? models[^1].Id : null,
        }.ToJsonString());
    }

    private static JsonObject ModelJson(EmulatedModel m) => new()
    {
        ["type"] = "model",
        ["id"] = m.Id,
        ["display_name"] = m.DisplayName,
        ["created_at"] = "2025-01-01T00:00:00Z",
    };

    private EmulatedModel? Find(string name)
    {
        foreach (var m in models)
        {
            if (m.Id == name || m.Aliases.Contains(name)) return m;
        }

        return null;
    }

    private void Record(HttpRequest request, byte[] body, int status)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers) headers[name.ToLowerInvariant()] = values.ToString();
        received.Enqueue(new ReceivedRequest(request.Method, request.Path.Value + request.QueryString.Value, headers, Encoding.UTF8.GetString(body), status));
        while (received.Count > 500) received.TryDequeue(out _);
        options.Log?.Invoke($"{request.Method} {request.Path} -> {status}");
    }
}
