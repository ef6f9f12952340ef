using Sluice.Core.Errors;

namespace Sluice.Bedrock.Converse;

/// <summary>Builds the 400s the mappers throw for requests Bedrock cannot take.</summary>
internal static class RequestErrors
{
    public static GatewayException Invalid(string message, string param) =>
        new(GatewayError.InvalidRequest(message, param));

    /// <summary>A parameter the target model cannot honour (code <c>unsupported_parameter</c>).</summary>
    public static GatewayException Unsupported(string message, string param) =>
        new(GatewayError.InvalidRequest(message, param, "unsupported_parameter"));
}
