namespace Sluice.Gateway.Identity;

/// <summary>What an invitation token turned out to be.</summary>
public enum InviteStatus
{
    Valid,
    Unknown,
    Expired,
    AlreadyUsed,
}
