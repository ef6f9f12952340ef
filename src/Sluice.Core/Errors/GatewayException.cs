namespace Sluice.Core.Errors;

/// <summary>Carries a <see cref="GatewayError"/> across async boundaries and streams.</summary>
public sealed class GatewayException(GatewayError error, Exception? inner = null) : Exception(error.Message, inner)
{
    public GatewayError Error { get; } = error;
}
