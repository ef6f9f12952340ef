using System.Buffers;
using System.Diagnostics;
using System.Text;
using CsCheck;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.Converse;
using Sluice.Core.Errors;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.OpenAi;
using Xunit.Abstractions;

namespace Sluice.Gateway.Tests.Fuzz;

/// <summary>
/// Mutation fuzzing of everything that reads caller input before a request leaves the gateway: the OpenAI request
/// parsers (followed by the Converse translation, which reads tool arguments and schemas again) and the manifest
/// reader and validator. Inputs are drawn by CsCheck generators from a fixed PCG seed, so a run is repeatable;
/// each test stops at its iteration count or after its time budget. The property: a parser either succeeds or
/// answers a 4xx <see cref="GatewayException"/>; the manifest pipeline reports problems and never throws.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261205;
    private const int Iterations = 50_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private static readonly ConverseOptions Claude = ConverseOptions.Permissive("anthropic.claude-3-5-sonnet-20240620-v1:0");
    private static readonly ConverseOptions Nova = new("amazon.nova-lite-v1:0", BedrockCatalogue.Find("amazon.nova-lite-v1:0")!.Capabilities);

    [Fact]
    public void ChatParserAndConverseWriter_MutatedBodies_SucceedOr4xx() => Run(FuzzSeeds.Chat, body =>
    {
        var parsed = ChatRequestParser.Parse(body);
        var buffer = new ArrayBufferWriter<byte>();
        ConverseRequestWriter.Write(parsed.Request, Claude, buffer);
        buffer.Clear();
        ConverseRequestWriter.Write(parsed.Request, Nova, buffer);
        return true;
    });

    [Fact]
    public void EmbeddingParser_MutatedBodies_SucceedOr4xx() => Run(FuzzSeeds.Embeddings, body => EmbeddingRequestParser.Parse(body, out _) is not null);

    [Fact]
    public void ImageParser_MutatedBodies_SucceedOr4xx() => Run(FuzzSeeds.Images, body => ImageRequestParser.Parse(body) is not null);

    [Fact]
    public void ManifestReaderAndValidator_MutatedManifests_ReportProblemsNeverThrow() => Run(FuzzSeeds.Manifests, body =>
    {
        var problems = new List<ValidationProblem>();
        foreach (var node in YamlDocuments.Parse(Encoding.UTF8.GetString(body), problems))
        {
            if (ManifestReader.ReadDocument(node, problems) is { } document) ManifestValidator.Validate(document, problems);
        }

        return problems.Count == 0;
    });

    private void Run(byte[][] seeds, Func<byte[], bool> parse)
    {
        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation.Edits);
        var pcg = new PCG(1, Seed);
        var clock = Stopwatch.StartNew();
        int run = 0, accepted = 0, refused = 0;
        for (; run < Iterations && clock.Elapsed < Budget; run++)
        {
            var (index, edits) = gen.Generate(pcg, null, out _);
            var body = Mutation.Apply(seeds[index], edits);
            try
            {
                if (parse(body)) accepted++;
                else refused++;
            }
            catch (GatewayException e) when (e.Error.Status is >= 400 and < 500)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {run} (seed {index}) threw {e.GetType().Name}: {e.Message}\nBody (base64): {Convert.ToBase64String(body)}\nBody (text): {Encoding.UTF8.GetString(body)}\n{e.StackTrace}");
            }
        }

        output.WriteLine($"{run} inputs in {clock.Elapsed.TotalSeconds:F1} s: {accepted} accepted, {refused} refused (a 4xx, or manifest problems).");
        Assert.True(run >= 1000, $"only {run} inputs in the time budget");
        Assert.True(accepted > 0 && refused > 0, "the mutations should produce both valid and invalid inputs");
    }
}
