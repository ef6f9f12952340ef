using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Hosting;

/// <summary>How to start the gateway: port, data directory, store, manifests to apply at start.</summary>
public sealed record GatewayOptions
{
    /// <summary>TCP port; 0 picks a free one (read the bound URL with <see cref="GatewayApp.BaseUrl"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Holds the SQLite database and, without <c>SLUICE_MASTER_KEY</c>, the master key file.</summary>
    public string DataDir { get; init; } = "./.sluice";

    /// <summary>A manifest file (YAML or JSON, several documents) applied idempotently at every start.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Manifest texts (YAML) applied after <see cref="ConfigFile"/>, e.g. the demo account.</summary>
    public IReadOnlyList<string> Manifests { get; init; } = [];

    /// <summary>
    /// The database: an Npgsql connection string (<c>Host=…;Database=…;Username=…</c>) for PostgreSQL, or a SQLite one;
    /// null reads <c>SLUICE_DATABASE</c>, else SQLite at <c>{DataDir}/sluice.db</c>.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379</c>) for change notifications between
    /// instances and shared rate-limit and budget counters; null reads <c>SLUICE_REDIS</c>, else none (instances poll
    /// the database, counters stay in this process).
    /// </summary>
    public string? Redis { get; init; }

    /// <summary>How often the configuration version in the database is checked for changes made by other instances.</summary>
    public TimeSpan ConfigPollInterval { get; init; } = Snapshots.ConfigurationSync.DefaultPollInterval;

    /// <summary>Listen on 127.0.0.1 only instead of every interface (ignored when <see cref="Host"/> is set).</summary>
    public bool ListenLoopbackOnly { get; init; }

    /// <summary>
    /// The address to listen on (<c>0.0.0.0</c> = every IPv4 interface, <c>::</c> = every interface, <c>127.0.0.1</c> =
    /// this machine only); null = 127.0.0.1 with <see cref="ListenLoopbackOnly"/>, else 0.0.0.0.
    /// </summary>
    public IPAddress? Host { get; init; }

    /// <summary>The tenant admin's key; null reads <c>SLUICE_ADMIN_TOKEN</c>.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Base64 256-bit master key; null reads <c>SLUICE_MASTER_KEY</c>, else the key file in <see cref="DataDir"/>.</summary>
    public string? MasterKey { get; init; }

    /// <summary>Adjusts logging (providers, levels).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Where the start banner and a first-start admin key are printed; defaults to the console.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Argon2id cost for UI passwords; null uses the hasher's defaults (tests pass cheaper settings).</summary>
    public Identity.PasswordHashOptions? PasswordHashOptions { get; init; }

    /// <summary>Replaces the Bedrock provider runtime (tests use a fake provider).</summary>
    public Func<IServiceProvider, IProviderRuntime>? ProviderRuntime { get; init; }

    /// <summary>
    /// The gateway's own AWS identity, used to assume the roles of assumed-role accounts; null = the standard AWS
    /// credential chain. Lets tests (and embedders) pick it without touching process-wide environment variables.
    /// </summary>
    public AWSCredentials? AwsSourceCredentials { get; init; }

    /// <summary>Silence in a streamed chat answer before an SSE keep-alive comment is sent; zero turns it off.</summary>
    public TimeSpan StreamKeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Run the OpenAI API on the socket threads (see <see cref="Hosting.InlineIo"/>); takes effect only when
    /// <see cref="Hosting.InlineIo.EnableForProcess"/> ran before the first socket was used. The CLI turns it on.
    /// </summary>
    public bool InlineIo { get; init; }

    /// <summary>The clock of the gateway (tests inject one to cross window boundaries); null = the system clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Metrics (<c>/metrics</c>), traces (OTLP) and the log format; see docs/observability.md.</summary>
    public Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Entra ID's address for Azure OpenAI accounts that sign in with a client secret; null = AZURE_AUTHORITY_HOST, else the public cloud.</summary>
    public Uri? AzureAuthorityHost { get; init; }
}
