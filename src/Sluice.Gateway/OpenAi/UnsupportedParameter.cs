namespace Sluice.Gateway.OpenAi;

/// <summary>
/// A parameter the caller set that Bedrock cannot honour, with the 400 message it gets when nothing allows dropping
/// it. The parser records these; whether they are refused or dropped is decided once the model is resolved.
/// </summary>
internal readonly record struct UnsupportedParameter(string Name, string Message);
