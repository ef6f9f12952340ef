using Sluice.Core.Errors;

namespace Sluice.Anthropic.Translation;

/// <summary>The 400s of the translation: malformed input, and valid Messages input the chat model has no equivalent for.</summary>
internal static class TranslationErrors
{
    public const string NotTranslatableCode = "not_supported_for_model";

    public static GatewayException Invalid(string param, string message) =>
        new(GatewayError.InvalidRequest($"{param}: {message}", param));

    public static GatewayException Type(string param, string expected) =>
        Invalid(param, $"must be {expected}.");

    public static GatewayException Required(string param) =>
        new(GatewayError.InvalidRequest($"{param}: field required.", param, "missing_required_parameter"));

    /// <summary>
    /// Valid Anthropic input that only Claude models take: said as such, so the caller knows the request is not wrong
    /// in itself and can choose a Claude model or remove the field.
    /// </summary>
    public static GatewayException NotTranslatable(string model, string param, string what) =>
        new(GatewayError.InvalidRequest(
            $"{param}: the model '{CallerText.Quote(model)}' does not take {what} through /v1/messages (it is served by translation to chat, which has no equivalent). Remove it, or use a Claude model.",
            param, NotTranslatableCode));
}
