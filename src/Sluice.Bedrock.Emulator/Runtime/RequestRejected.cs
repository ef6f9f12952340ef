namespace Sluice.Bedrock.Emulator;

/// <summary>Thrown by parsers on invalid input (never on the happy path); carries the AWS error to answer.</summary>
internal sealed class RequestRejected(AwsError error) : Exception(error.Message)
{
    public AwsError Error { get; } = error;

    public static RequestRejected Validation(string message) => new(AwsError.Validation(message));

    public static RequestRejected Malformed(string detail) => new(AwsError.Malformed(detail));

    public static RequestRejected Constraint(string value, string path, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}");
}
