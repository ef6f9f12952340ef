using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary>Options shared by the commands that start a gateway.</summary>
internal static class CommonOptions
{
    public static Option<int> Port(int defaultPort) => new("--port")
    {
        Description = "TCP port to listen on (0 picks a free one)",
        DefaultValueFactory = _ => defaultPort,
    };

    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Directory for the database and the master key file",
        DefaultValueFactory = _ => "./.sluice",
    };
}
