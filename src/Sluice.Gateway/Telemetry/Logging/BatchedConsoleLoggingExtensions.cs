using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Sluice.Gateway.Telemetry.Logging;

/// <summary>The entry point of the batched console logger.</summary>
public static class BatchedConsoleLoggingExtensions
{
    /// <summary>
    /// Prints the console log through <see cref="BatchedConsoleLoggerProvider"/> instead of Microsoft's console
    /// provider: call after <c>AddSimpleConsole</c> or <c>AddJsonConsole</c>, whose formatter and options it uses.
    /// </summary>
    public static ILoggingBuilder AddSluiceConsole(this ILoggingBuilder logging, BatchedConsoleOptions options)
    {
        // Without Microsoft's provider its formatters and options stay registered, and nothing prints twice.
        logging.AddConsole();
        var services = logging.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider)) services.RemoveAt(i);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>(sp => new BatchedConsoleLoggerProvider(
            sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>(), options)));
        return logging;
    }
}
