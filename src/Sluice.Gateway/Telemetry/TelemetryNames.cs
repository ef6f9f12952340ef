namespace Sluice.Gateway.Telemetry;

/// <summary>
/// Every name Sluice's telemetry uses: the meter and activity source, instrument names and attribute keys. The GenAI
/// names follow the OpenTelemetry GenAI semantic conventions; the <c>ai_gateway_*</c> names are TrueFoundry's.
/// </summary>
public static class TelemetryNames
{
    /// <summary>The gateway's one <see cref="System.Diagnostics.Metrics.Meter"/> and one <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string Source = "Sluice.Gateway";

    // GenAI client metrics, one point per upstream attempt.
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string TimeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk";
    public const string TimePerOutputChunk = "gen_ai.client.operation.time_per_output_chunk";

    // Gateway metrics, one point per caller request unless said otherwise.
    public const string Requests = "sluice.gateway.requests";
    public const string RequestDuration = "sluice.gateway.request.duration";
    public const string TimeToFirstToken = "sluice.gateway.time_to_first_token";
    public const string Tokens = "sluice.gateway.tokens";
    public const string Cost = "sluice.gateway.cost_usd";
    public const string Retries = "sluice.gateway.routing.retries";
    public const string Fallbacks = "sluice.gateway.routing.fallbacks";
    public const string CoolingTargets = "sluice.gateway.routing.target.cooling_down";
    public const string LimitRefusals = "sluice.gateway.limit.refusals";
    public const string OpenStreams = "sluice.gateway.streams.open";
    public const string UsageQueueDepth = "sluice.gateway.usage.queue.depth";
    public const string UsageBatchDuration = "sluice.gateway.usage.batch.duration";
    public const string UsageDropped = "sluice.gateway.usage.dropped";
    public const string LogLinesDropped = "sluice.gateway.log.lines_dropped";
    public const string SnapshotVersion = "sluice.gateway.snapshot.version";
    public const string SnapshotRebuildDuration = "sluice.gateway.snapshot.rebuild.duration";

    // TrueFoundry's names (prefix ai_gateway_, Prometheus adds _total to counters), behind TelemetryOptions.TrueFoundryNames.
    public const string TfyRequests = "ai_gateway_requests";
    public const string TfyInputTokens = "ai_gateway_input_tokens";
    public const string TfyOutputTokens = "ai_gateway_output_tokens";
    public const string TfyCost = "ai_gateway_request_cost";
    public const string TfyFailures = "ai_gateway_request_model_inference_failure";
    public const string TfyProcessingMs = "ai_gateway_request_processing_ms";
    public const string TfyFirstTokenMs = "ai_gateway_first_token_latency_ms";
    public const string TfyInterTokenMs = "ai_gateway_inter_token_latency_ms";
    public const string TfyLoadBalanced = "ai_gateway_load_balanced_requests";

    // GenAI attribute keys.
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string TokenType = "gen_ai.token.type";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string CacheReadTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string CacheCreationTokens = "gen_ai.usage.cache_creation.input_tokens";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestTopP = "gen_ai.request.top_p";
    public const string RequestStream = "gen_ai.request.stream";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    // Well-known values.
    public const string AwsBedrock = "aws.bedrock";
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string AzureOpenAi = "azure.ai.openai";
    public const string Chat = "chat";
    public const string Embeddings = "embeddings";
    public const string GenerateContent = "generate_content";
    public const string Input = "input";
    public const string Output = "output";
    public const string CacheRead = "cache_read";
    public const string CacheWrite = "cache_write";
    public const string OtherError = "_OTHER";

    // Gateway attribute keys (Prometheus labels after the dots become underscores).
    public const string Route = "sluice.route";
    public const string Model = "sluice.model";
    public const string Account = "sluice.account";
    public const string Status = "http.response.status_code";
    public const string User = "sluice.user";
    public const string Team = "sluice.team";
    public const string Target = "sluice.target";
    public const string LimitKind = "sluice.limit.kind";
    public const string LimitRule = "sluice.limit.rule";
    public const string RequestId = "sluice.request_id";
    public const string Attempt = "sluice.attempt";
    public const string MetadataPrefix = "sluice.metadata.";

    // TrueFoundry's label keys.
    public const string TfyModelName = "model_name";
    public const string TfyTenantName = "tenant_name";
    public const string TfyUsername = "username";
    public const string TfyMetadataPrefix = "llm_gateway_metadata_";

    /// <summary>The response header that carries the trace id beside <c>x-request-id</c> when the request is traced.</summary>
    public const string TraceIdHeader = "x-sluice-trace-id";
}
