using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Counts a request's input tokens (words) and its prompt-cache reads and writes, deterministically: a checkpoint
/// covering at least the model's minimum is written the first time its exact prefix (model, tools, system, messages)
/// is seen; later requests read the longest cached prefix found at an earlier checkpoint or at one of the 20 block
/// boundaries before their last checkpoint (Bedrock's lookback), and write only the rest.
/// </summary>
internal sealed class PromptCache
{
    private const int Lookback = 20;
    private readonly ConcurrentDictionary<string, byte> _prefixes = new(StringComparer.Ordinal);

    public void Count(Conversation c, FixtureModel model, Reply reply)
    {
        var facts = model.Cache;
        var boundaries = new List<Boundary>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(model.Id + "\u0001"));
        var total = 0;
        var anyPoint = false;

        void Mark(bool checkpoint, string? ttl)
        {
            anyPoint |= checkpoint;
            boundaries.Add(new Boundary(total, Convert.ToHexString(hash.GetCurrentHash()), checkpoint, ttl));
        }

        void Append(int tokens, string text)
        {
            total += tokens;
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }

        var tools = c.Tools ?? [];
        var toolPoint = 0;
        for (var i = 0; i <= tools.Count; i++)
        {
            while (toolPoint < c.ToolCachePoints.Count && c.ToolCachePoints[toolPoint].ToolsBefore == i)
            {
                Mark(true, c.ToolCachePoints[toolPoint++].Ttl);
            }

            if (i < tools.Count)
            {
                Append(DeterministicModel.Words(tools[i].Name) + DeterministicModel.Words(tools[i].Description), "tool:" + tools[i].Name + tools[i].Description + "\u0003");
            }
        }

        void Visit(Block b, string role)
        {
            if (b.Kind == BlockKind.CachePoint)
            {
                Mark(true, b.Ttl);
                return;
            }

            var words = DeterministicModel.Words(b.Text);
            Append(b.Kind is BlockKind.Image or BlockKind.Document or BlockKind.Media ? Math.Max(1, words) : words,
                role + "\u0002" + (int)b.Kind + "\u0002" + b.ToolUseId + b.Text + "\u0003");
            Mark(false, null);
        }

        foreach (var b in c.System) Visit(b, "system");
        foreach (var m in c.Messages)
        {
            foreach (var b in m.Blocks) Visit(b, m.Role);
        }

        reply.InputTokens = total;
        if (!anyPoint)
        {
            return;
        }

        // A request with cache points always reports both counts, zero when nothing could be cached.
        reply.UsedCache = true;
        var last = boundaries.FindLastIndex(b => b.Checkpoint && b.Tokens > 0 && b.Tokens >= facts.MinTokens);
        if (last < 0)
        {
            return;
        }

        var read = 0;
        for (var i = last; i >= 0; i--)
        {
            var b = boundaries[i];
            if ((b.Checkpoint || i >= last - Lookback) && b.Tokens > read && _prefixes.ContainsKey(b.Key))
            {
                read = b.Tokens;
            }
        }

        for (var i = 0; i <= last; i++)
        {
            if (boundaries[i].Checkpoint && boundaries[i].Tokens >= facts.MinTokens && boundaries[i].Tokens > 0)
            {
                _prefixes.TryAdd(boundaries[i].Key, 0);
            }
        }

        var covered = boundaries[last].Tokens;
        reply.CacheReadInputTokens = read;
        reply.CacheWriteInputTokens = covered - read;
        reply.CacheWriteTtl = boundaries[last].Ttl ?? "5m";
        reply.InputTokens = total - covered;
    }

    private readonly record struct Boundary(int Tokens, string Key, bool Checkpoint, string? Ttl);
}
