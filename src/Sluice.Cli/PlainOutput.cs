using Spectre.Console;

namespace Sluice.Cli;

/// <summary>Makes Spectre.Console print plain text when stdout is a file or a pipe.</summary>
internal static class PlainOutput
{
    /// <summary>
    /// Redirected output gets no ANSI codes (Spectre decides from <c>TERM</c>, not from the redirection) and no hard
    /// wraps (Spectre assumes 80 columns when it cannot ask a terminal, and would break a key or a URL in two).
    /// </summary>
    public static void ConfigureForRedirection()
    {
        if (!Console.IsOutputRedirected)
        {
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = 4096;
        AnsiConsole.Console = console;
    }
}
