using System.Net.Http.Headers;

namespace Sluice.OpenAI.Client;

/// <summary>
/// OpenAI's own API and OpenAI-compatible servers (vLLM, Ollama, llama.cpp, TGI): <c>{base_url}/{operation}</c>,
/// <c>Authorization: Bearer</c> when there is a key, <c>OpenAI-Organization</c> / <c>OpenAI-Project</c>, and the
/// account's extra headers.
/// </summary>
public sealed class OpenAiEndpoint : IOpenAiEndpoint
{
    /// <summary>OpenAI's public API.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    private readonly Uri[] _uris;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly OpenAiAccountSettings _settings;

    public OpenAiEndpoint(OpenAiAccountSettings settings, string displayName = "OpenAI")
    {
        _settings = settings;
        var baseUrl = (settings.BaseUrl ?? DefaultBaseUrl).TrimEnd('/');
        BaseUri = new Uri(baseUrl + "/", UriKind.Absolute);
        _uris =
        [
            new Uri(baseUrl + "/chat/completions"),
            new Uri(baseUrl + "/embeddings"),
            new Uri(baseUrl + "/images/generations"),
            new Uri(baseUrl + "/responses"),
            new Uri(baseUrl + "/models"),
        ];
        _authorization = string.IsNullOrEmpty(settings.ApiKey) ? null : new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        DisplayName = displayName;
        UpstreamName = displayName.ToLowerInvariant().Replace(' ', '-') + ":" + BaseUri.Authority;
    }

    /// <summary>The base URL with a trailing slash.</summary>
    public Uri BaseUri { get; }

    public string DisplayName { get; }

    public string UpstreamName { get; }

    public bool ModelInBody => true;

    public Uri UriFor(OpenAiOperation operation, string model) => _uris[(int)operation];

    public ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        if (_authorization is not null) headers.Authorization = _authorization;
        if (_settings.Organization is { } org) headers.TryAddWithoutValidation("OpenAI-Organization", org);
        if (_settings.Project is { } project) headers.TryAddWithoutValidation("OpenAI-Project", project);
        if (_settings.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                headers.Remove(name);
                headers.TryAddWithoutValidation(name, value);
            }
        }

        return ValueTask.CompletedTask;
    }
}
