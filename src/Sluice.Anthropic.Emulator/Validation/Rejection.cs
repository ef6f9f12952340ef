namespace Sluice.Anthropic.Emulator.Validation;

/// <summary>A request refused with Anthropic's status, error type and message.</summary>
internal sealed class Rejection(int status, string type, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public static Rejection Invalid(string message) => new(400, "invalid_request_error", message);
}
