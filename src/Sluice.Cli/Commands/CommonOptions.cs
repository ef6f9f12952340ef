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

    public static Option<int> StreamKeepAlive() => new Option<int>("--stream-keepalive")
    {
        Description = "Seconds of silence in a streamed answer before an SSE keep-alive comment is sent (0 = never)",
        DefaultValueFactory = _ => 15,
    }.WithValidator(result =>
    {
        if (result.GetValueOrDefault<int>() < 0) result.AddError("--stream-keepalive must be 0 (off) or a number of seconds.");
    });

    private static Option<T> WithValidator<T>(this Option<T> option, Action<System.CommandLine.Parsing.OptionResult> validate)
    {
        option.Validators.Add(validate);
        return option;
    }
}
