namespace Sluice.Bedrock.Signing;

/// <summary>The outcome of signing one request: what goes in the headers, plus the canonical request for diagnostics.</summary>
/// <param name="AmzDate">The <c>X-Amz-Date</c> value (<c>yyyyMMddTHHmmssZ</c>).</param>
/// <param name="SignedHeaders">E.g. <c>content-type;host;x-amz-date</c>.</param>
/// <param name="Signature">Lower-case hex HMAC-SHA256.</param>
/// <param name="Authorization">The full <c>Authorization</c> header value.</param>
/// <param name="CanonicalRequest">The canonical request that was signed (only from <see cref="SigV4Signer.ComputeSignature"/>).</param>
public readonly record struct SigV4Signature(string AmzDate, string SignedHeaders, string Signature, string Authorization, string? CanonicalRequest);
