using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice apply -f FILE</c>: posts manifests to a running gateway and prints what each document did.</summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "Manifest file (YAML or JSON; several documents separated by ---)", Required = true };
        var url = new Option<string>("--url") { Description = "Gateway base URL", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var token = new Option<string?>("--token") { Description = "Admin API key (default: $SLUICE_ADMIN_TOKEN)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and show what would change, store nothing" };
        var command = new Command("apply", "Apply manifests to a running gateway") { file, url, token, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var key = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("SLUICE_ADMIN_TOKEN");
            if (string.IsNullOrEmpty(key))
            {
                AnsiConsole.MarkupLine("[red]No API key:[/] pass --token or set SLUICE_ADMIN_TOKEN.");
                return 2;
            }

            if (!path.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No such file:[/] {path.FullName}");
                return 2;
            }

            var text = await File.ReadAllTextAsync(path.FullName, ct);
            var mediaType = path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
            using var http = new HttpClient();
            var target = parse.GetValue(url)!.TrimEnd('/') + "/api/v1/apply" + (parse.GetValue(dryRun) ? "?dryRun=true" : "");
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Cannot reach the gateway at {target}:[/] {e.Message}");
                return 1;
            }

            using (response)
            {
                return Print(await response.Content.ReadAsStringAsync(ct), (int)response.StatusCode);
            }
        });
        return command;
    }

    private static int Print(string body, int status)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]HTTP {status}[/] {body}");
            return 1;
        }

        if (root.TryGetProperty("results", out var results))
        {
            var table = new Table().AddColumns("type", "name", "status");
            foreach (var r in results.EnumerateArray())
            {
                var s = r.GetProperty("status").GetString() ?? "";
                var color = s switch { "created" => "green", "updated" => "yellow", _ => "grey" };
                table.AddRow(Markup.Escape(r.GetProperty("type").GetString() ?? ""), Markup.Escape(r.GetProperty("name").GetString() ?? ""), $"[{color}]{s}[/]");
            }

            if (root.TryGetProperty("dry_run", out var d) && d.GetBoolean())
            {
                table.Title = new TableTitle("dry run: nothing was stored");
            }

            AnsiConsole.Write(table);
            if (root.TryGetProperty("warnings", out var warnings))
            {
                foreach (var w in warnings.EnumerateArray())
                {
                    AnsiConsole.MarkupLineInterpolated(
                        $"[yellow]warning[/] {w.GetProperty("type").GetString()} \"{w.GetProperty("name").GetString()}\" {w.GetProperty("path").GetString()}: {w.GetProperty("message").GetString()}");
                }
            }

            return 0;
        }

        var error = root.GetProperty("error");
        AnsiConsole.MarkupLineInterpolated($"[red]{error.GetProperty("message").GetString()}[/] (HTTP {status})");
        if (error.TryGetProperty("details", out var details))
        {
            // Problems come sorted by document; each document gets one heading naming it, as the file did.
            int? current = null;
            foreach (var p in details.EnumerateArray())
            {
                var indent = "  ";
                if (p.TryGetProperty("document", out var di))
                {
                    var document = di.GetInt32();
                    if (document != current)
                    {
                        current = document;
                        var type = p.TryGetProperty("document_type", out var t) ? t.GetString() : null;
                        var name = p.TryGetProperty("document_name", out var n) ? $" \"{n.GetString()}\"" : "";
                        AnsiConsole.MarkupLineInterpolated($"  [bold]document {document}[/] ({type ?? "no type"}{name}):");
                    }

                    indent = "    ";
                }

                var message = p.GetProperty("message").GetString() ?? "";
                var suggestion = p.GetProperty("suggestion").ValueKind == JsonValueKind.String ? p.GetProperty("suggestion").GetString()! : null;
                var hint = suggestion is null || message.Contains(suggestion, StringComparison.Ordinal) ? "" : $" (suggestion: {suggestion})";
                var path = p.GetProperty("path").GetString();
                AnsiConsole.MarkupLineInterpolated($"{indent}[bold]{(string.IsNullOrEmpty(path) ? "(document)" : path)}[/]: {message}{hint}");
            }
        }

        return 1;
    }
}
