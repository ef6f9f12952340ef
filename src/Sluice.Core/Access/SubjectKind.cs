namespace Sluice.Core.Access;

/// <summary>The kinds of <see cref="Subject"/>: who a collaborator entry or an authorized subject names.</summary>
public enum SubjectKind
{
    User,
    Team,
    VirtualAccount,
}
