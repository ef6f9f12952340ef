using System.Diagnostics.CodeAnalysis;

namespace Sluice.Core.Access;

/// <summary>
/// A parsed subject: <c>user:&lt;email&gt;</c>, <c>team:&lt;name&gt;</c> or <c>virtualaccount:&lt;name&gt;</c>.
/// <see cref="Value"/> is the canonical string used in every subject set (emails are lower-cased, because mail
/// systems treat them case-insensitively and a manifest written as <c>user:Alice@Example.com</c> must still match).
/// </summary>
public readonly record struct Subject
{
    public const string UserPrefix = "user:";
    public const string TeamPrefix = "team:";
    public const string VirtualAccountPrefix = "virtualaccount:";

    /// <summary>The built-in team that holds every active user.</summary>
    public const string EveryoneTeamName = "everyone";

    /// <summary>The subject of the built-in team <c>everyone</c>.</summary>
    public const string Everyone = TeamPrefix + EveryoneTeamName;

    /// <summary>
    /// The user the gateway creates at first start as tenant admin. Not an email, so it can never collide with a
    /// real person; accepted wherever a user email is.
    /// </summary>
    public const string BootstrapAdmin = "admin";

    private const int MaxNameLength = 254;

    private Subject(SubjectKind kind, string name)
    {
        Kind = kind;
        Name = name;
        Value = PrefixOf(kind) + name;
    }

    public SubjectKind Kind { get; }

    /// <summary>The part after the prefix: an email (lower case), a team name or a virtual-account name.</summary>
    public string Name { get; }

    /// <summary>The canonical subject string, e.g. <c>user:alice@example.com</c>.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>The canonical subject of a user, e.g. <c>user:alice@example.com</c>.</summary>
    public static string ForUser(string email) => UserPrefix + NormalizeEmail(email);

    /// <summary>The subject of a team, e.g. <c>team:ml-platform</c>.</summary>
    public static string ForTeam(string name) => TeamPrefix + name;

    /// <summary>The subject of a virtual account, e.g. <c>virtualaccount:billing-bot</c>.</summary>
    public static string ForVirtualAccount(string name) => VirtualAccountPrefix + name;

    /// <summary>Emails are compared case-insensitively; this is the one form stored in subject sets.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Parses a subject, throwing <see cref="FormatException"/> with a message saying what is wrong.</summary>
    public static Subject Parse(string text) =>
        TryParse(text, out var subject, out var error) ? subject : throw new FormatException(error);

    /// <summary>Parses a subject; on failure <paramref name="error"/> says what is wrong and what is expected.</summary>
    public static bool TryParse(string? text, out Subject subject, [NotNullWhen(false)] out string? error)
    {
        subject = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A subject is required: 'user:<email>', 'team:<name>' or 'virtualaccount:<name>'.";
            return false;
        }

        SubjectKind kind;
        string rest;
        if (text.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            kind = SubjectKind.User;
            rest = text[UserPrefix.Length..];
        }
        else if (text.StartsWith(TeamPrefix, StringComparison.Ordinal))
        {
            kind = SubjectKind.Team;
            rest = text[TeamPrefix.Length..];
        }
        else if (text.StartsWith(VirtualAccountPrefix, StringComparison.Ordinal))
        {
            kind = SubjectKind.VirtualAccount;
            rest = text[VirtualAccountPrefix.Length..];
        }
        else
        {
            error = $"Subject '{text}' is not valid: it must start with 'user:', 'team:' or 'virtualaccount:'.";
            return false;
        }

        if (kind == SubjectKind.User)
        {
            if (!IsValidUserName(rest))
            {
                error = $"Subject '{text}' is not valid: 'user:' must be followed by an email address such as user:alice@example.com.";
                return false;
            }

            rest = NormalizeEmail(rest);
        }
        else if (!IsValidName(rest))
        {
            var what = kind == SubjectKind.Team ? "a team name" : "a virtual-account name";
            error = $"Subject '{text}' is not valid: '{PrefixOf(kind)}' must be followed by {what} " +
                    "(letters, digits, '-', '_' or '.', starting with a letter or digit, at most 254 characters).";
            return false;
        }

        subject = new Subject(kind, rest);
        error = null;
        return true;
    }

    /// <summary>A deliberately loose check: one '@', something on both sides, no spaces or control characters.</summary>
    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > MaxNameLength)
        {
            return false;
        }

        var at = email.IndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email.IndexOf('@', at + 1) >= 0)
        {
            return false;
        }

        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == ':')
            {
                return false;
            }
        }

        return email.IndexOf('.', at) > at + 1 && !email.EndsWith('.');
    }

    /// <summary>An email address, or the bootstrap admin's name (<see cref="BootstrapAdmin"/>).</summary>
    public static bool IsValidUserName(string? name) => name == BootstrapAdmin || IsValidEmail(name);

    /// <summary>Team and virtual-account names: letters, digits, '-', '_', '.', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static string PrefixOf(SubjectKind kind) => kind switch
    {
        SubjectKind.User => UserPrefix,
        SubjectKind.Team => TeamPrefix,
        _ => VirtualAccountPrefix,
    };
}
