using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Lets one cleartext endpoint speak HTTP/1.1 and HTTP/2 with prior knowledge (h2c).
/// Kestrel picks HTTP/1.1 on a cleartext Http1AndHttp2 endpoint and answers the h2 preface with HTTP_1_1_REQUIRED;
/// peeking the first bytes and presenting an "h2" application protocol makes it select HTTP/2 for that connection.
/// </summary>
internal static class H2cPriorKnowledge
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0"u8.ToArray();

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => async connection =>
    {
        var input = connection.Transport.Input;
        var isH2 = false;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed);
            var buffer = result.Buffer;
            var decided = buffer.Length >= Preface.Length || result.IsCompleted || !StartsLikePreface(buffer);
            if (decided)
            {
                isH2 = buffer.Length >= Preface.Length && StartsLikePreface(buffer);
                input.AdvanceTo(buffer.Start, buffer.Start);
                break;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        if (isH2)
        {
            connection.Features.Set<ITlsConnectionFeature>(PriorKnowledgeFeature.Instance);
            connection.Features.Set<ITlsApplicationProtocolFeature>(PriorKnowledgeFeature.Instance);
        }

        await next(connection);
    };

    private static bool StartsLikePreface(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[Preface.Length];
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        buffer.Slice(0, length).CopyTo(head);
        return head[..length].SequenceEqual(Preface.AsSpan(0, length));
    }

    private sealed class PriorKnowledgeFeature : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public static readonly PriorKnowledgeFeature Instance = new();

        public X509Certificate2? ClientCertificate { get; set; }

        public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
