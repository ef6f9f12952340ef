namespace Sluice.Gateway.Identity;

/// <summary>
/// What a new password must satisfy (NIST SP 800-63B style: length, not composition rules). Checked before an
/// invite is redeemed so that a rejected password does not burn the invite.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;

    // Argon2 is cheap in password length, but a bound keeps request bodies and mistakes sane.
    public const int MaxLength = 256;

    /// <summary>Null when acceptable; otherwise what is wrong, in words for the person typing it.</summary>
    public static string? Check(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"The password must be at least {MinLength} characters long.";
        }

        if (password.Length > MaxLength)
        {
            return $"The password must be at most {MaxLength} characters long.";
        }

        if (string.IsNullOrWhiteSpace(password))
        {
            return "The password must not be only spaces.";
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be your email address.";
        }

        return null;
    }
}
