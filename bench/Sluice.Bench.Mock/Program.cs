using System.Globalization;
using System.Net;
using Sluice.Bench.Mock;

// Usage: Sluice.Bench.Mock [--port 19080]... [--tls-port 19443 --tls-cert-out FILE] [--ttfb-ms 0] [--tokens 16] [--chunks 64] [--interval-ms 20]
// Several --port options listen on several loopback ports (Portkey needs port 80: it signs the host without a port).
// --tls-port adds an HTTPS listener (HTTP/1.1 and HTTP/2 by ALPN, like AWS) with a certificate made at start for
// localhost and 127.0.0.1; --tls-cert-out writes that certificate as PEM so a client can trust it (SSL_CERT_FILE).
// Same I/O model as `sluice serve` (see Sluice.Gateway.Hosting.InlineIo): handlers run on the socket threads, so the
// direct baseline measures a mock without thread-pool hand-offs. Must be set before the first socket exists.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var ports = new List<int>();
var tlsPort = 0;
string? certOut = null;
for (var i = 0; i + 1 < args.Length; i++)
{
    switch (args[i])
    {
        case "--port":
            ports.Add(int.Parse(args[i + 1], CultureInfo.InvariantCulture));
            break;
        case "--tls-port":
            tlsPort = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--tls-cert-out":
            certOut = args[i + 1];
            break;
    }
}

if (ports.Count == 0)
{
    ports.Add(19080);
}

var handlers = new MockHandlers(MockSettings.FromArgs(args));
using var certificate = tlsPort > 0 ? MockCertificate.Create() : null;
if (certificate is not null && certOut is not null)
{
    MockCertificate.WritePem(certificate, certOut);
}

// No appsettings.json watcher: with the working directory as content root it woke on every write below it (the
// gateway's log and database in the bench's work directory), a CPU burst on the cores the measured requests use.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    ContentRootPath = AppContext.BaseDirectory,
    Args = ["--hostBuilder:reloadConfigOnChange=false"],
});
builder.Logging.ClearProviders();
builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
builder.WebHost.ConfigureKestrel(options =>
{
    options.AddServerHeader = false;
    options.Limits.MaxConcurrentConnections = null;
    options.Limits.MaxConcurrentUpgradedConnections = null;
    foreach (var port in ports)
    {
        options.Listen(IPAddress.Loopback, port);
    }

    if (certificate is not null)
    {
        options.Listen(IPAddress.Loopback, tlsPort, listen =>
        {
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
            // Called once per accepted TLS connection, before its handshake: the count shows whether clients reuse connections.
            listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                OnAuthenticate = (_, _) => handlers.CountTlsConnection(),
            });
        });
    }
});

var app = builder.Build();
app.Run(handlers.Dispatch);
Console.WriteLine($"mock listening on {string.Join(", ", ports)}{(tlsPort > 0 ? $", TLS on {tlsPort}" : "")}");
await app.RunAsync();
