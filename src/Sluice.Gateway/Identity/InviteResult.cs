namespace Sluice.Gateway.Identity;

/// <summary>The result of checking or redeeming an invitation: the invited email when <see cref="Status"/> is Valid.</summary>
public sealed record InviteResult(InviteStatus Status, string? Email)
{
    public bool IsValid => Status == InviteStatus.Valid;

    /// <summary>What to tell the person holding the link.</summary>
    public string Message => Status switch
    {
        InviteStatus.Valid => "The invitation is valid.",
        InviteStatus.Expired => "This invitation has expired. Ask an admin to invite you again.",
        InviteStatus.AlreadyUsed => "This invitation has already been used. Sign in with your password, or ask an admin for a new invitation.",
        _ => "This invitation link is not valid. Check that it was copied whole, or ask an admin for a new one.",
    };
}
