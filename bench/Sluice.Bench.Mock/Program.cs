using System.Globalization;
using System.Net;
using Sluice.Bench.Mock;

// Usage: Sluice.Bench.Mock [--port 19080]... [--ttfb-ms 0] [--tokens 16] [--chunks 64] [--interval-ms 20]
// Several --port options listen on several loopback ports (Portkey needs port 80: it signs the host without a port).
// Same I/O model as `sluice serve` (see Sluice.Gateway.Hosting.InlineIo): handlers run on the socket threads, so the
// direct baseline measures a mock without thread-pool hand-offs. Must be set before the first socket exists.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var ports = new List<int>();
for (var i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--port")
    {
        ports.Add(int.Parse(args[i + 1], CultureInfo.InvariantCulture));
    }
}

if (ports.Count == 0)
{
    ports.Add(19080);
}

var builder = WebApplication.CreateSlimBuilder();
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
});

var app = builder.Build();
var handlers = new MockHandlers(MockSettings.FromArgs(args));
app.Run(handlers.Dispatch);
Console.WriteLine($"mock listening on {string.Join(", ", ports)}");
await app.RunAsync();
