namespace Sluice.Core.Chat;

/// <summary>Who wrote a message in a conversation.</summary>
public enum ChatRole
{
    System,
    Developer,
    User,
    Assistant,
    Tool,
}
