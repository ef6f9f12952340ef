using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.Admin;

/// <summary>Writes admin-API responses: JSON bodies, and validation failures listing every problem.</summary>
public static class AdminJson
{
    public static async Task<IResult> WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions))
        {
            body(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return Results.Empty;
    }

    public static async Task<IResult> ErrorAsync(HttpContext context, GatewayError error)
    {
        await OpenAiErrorWriter.WriteAsync(context, error);
        return Results.Empty;
    }

    public static Task<IResult> NotFoundAsync(HttpContext context, string message) =>
        ErrorAsync(context, new GatewayError(404, ErrorTypes.NotFound, "not_found", message));

    /// <summary>
    /// 400 with <c>details</c>: one entry per problem (path, message, suggestion, and the document when several were
    /// sent, with its <c>document_type</c> and <c>document_name</c> from <paramref name="labels"/>).
    /// </summary>
    public static Task<IResult> ProblemsAsync(HttpContext context, IReadOnlyList<(int? Document, ValidationProblem Problem)> problems, IReadOnlyList<DocumentLabel>? labels = null) =>
        WriteAsync(context, 400, w =>
        {
            var documents = problems.Where(p => p.Document is not null).Select(p => p.Document).Distinct().Count();
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", problems.Count == 1 ? "1 problem: " + Describe(problems[0].Problem)
                : documents > 1 ? $"{problems.Count} problems in {documents} documents" : $"{problems.Count} problems");
            w.WriteString("type", ErrorTypes.InvalidRequest);
            w.WriteString("code", "validation_failed");
            w.WriteNull("param");
            w.WriteStartArray("details");
            foreach (var (document, p) in problems)
            {
                w.WriteStartObject();
                if (document is { } d)
                {
                    w.WriteNumber("document", d);
                    if (labels is not null && d < labels.Count)
                    {
                        WriteOptional(w, "document_type", labels[d].Type);
                        WriteOptional(w, "document_name", labels[d].Name);
                    }
                }

                w.WriteString("path", p.Path);
                w.WriteString("message", p.Message);
                if (p.Suggestion is null) w.WriteNull("suggestion"); else w.WriteString("suggestion", p.Suggestion);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static Task<IResult> ProblemsAsync(HttpContext context, List<ValidationProblem> problems) =>
        ProblemsAsync(context, problems.ConvertAll(p => ((int?)null, p)));

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static string Describe(ValidationProblem p) => p.Path.Length == 0 ? p.Message : p.Path + ": " + p.Message;
}
