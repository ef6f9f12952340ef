using System.Diagnostics;

namespace Sluice.Bedrock.Tests.Catalogue;

/// <summary>The checked-in catalogue is exactly what the generator makes of the checked-in facts and the pinned genai-prices.</summary>
public class CatalogueGeneratorTests
{
    [Fact]
    public async Task Generate_CheckedInInputs_ReproducesCheckedInFileByteForByte()
    {
        var repo = RepositoryRoot();
        var script = Path.Combine(repo, "scripts", "catalogue", "generate.mjs");
        var checkedIn = Path.Combine(repo, "src", "Sluice.Bedrock", "Catalogue", "bedrock-catalogue.json");
        var output = Path.Combine(Path.GetTempPath(), "sluice-catalogue-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add("--out");
            psi.ArgumentList.Add(output);
            using var node = Process.Start(psi)!;
            var stderr = node.StandardError.ReadToEndAsync();
            await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();

            Assert.True(node.ExitCode == 0, "generate.mjs failed (run scripts/test-deps.sh for its npm packages): " + await stderr);
            var expected = await File.ReadAllBytesAsync(checkedIn);
            var actual = await File.ReadAllBytesAsync(output);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                "bedrock-catalogue.json is not what the generator produces; run: node scripts/catalogue/generate.mjs");
        }
        finally
        {
            File.Delete(output);
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Sluice.slnx not found above " + AppContext.BaseDirectory);
    }
}
