using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sluice.Gateway.Hosting;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary><c>--metrics-port</c>: <c>/metrics</c> moves to its own port, which serves nothing else.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task Build_MetricsPort_MetricsOnlyThereAndNothingElseThere()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sluice-metrics-port-" + Guid.NewGuid().ToString("N"));
        var metricsPort = FreePort();
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            DataDir = dataDir,
            ListenLoopbackOnly = true,
            AdminToken = "metrics-port-admin",
            Output = new StringWriter(),
            ConfigureLogging = l => l.ClearProviders(),
            Telemetry = new TelemetryOptions { MetricsPort = metricsPort },
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient();
            var main = GatewayApp.BaseUrl(app);
            var metrics = $"http://127.0.0.1:{metricsPort}";

            var scrape = await http.GetAsync(metrics + "/metrics");
            var onMain = await http.GetAsync(main + "/metrics");
            var health = await http.GetAsync(metrics + "/healthz");

            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.Contains("sluice_gateway_snapshot_version", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(main + "/healthz")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
