using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Account.Google;

/// <summary>The ways into an account: its password (or none) and its linked external logins, and the ones it could add.</summary>
public sealed record SignInMethodsView(bool HasPassword, IReadOnlyList<UserLoginInfo> Logins, IReadOnlyList<AuthenticationScheme> Addable)
{
    /// <summary>Removing this login would leave no way to sign in at all.</summary>
    public bool IsLastWayIn(UserLoginInfo login) => !HasPassword && Logins.Count == 1 && Logins[0].LoginProvider == login.LoginProvider;
}

/// <summary>Lists, adds and removes sign-in methods on the profile; an account always keeps at least one way in.</summary>
public sealed class SignInMethods(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn)
{
    public const string LastWayIn =
        "Not removed: it is your only way to sign in. Set a password first (or add another sign-in method), then remove it.";

    public async Task<SignInMethodsView> DescribeAsync(ApplicationUser user)
    {
        var logins = (await users.GetLoginsAsync(user)).ToList();
        var addable = (await signIn.GetExternalAuthenticationSchemesAsync())
            .Where(scheme => logins.All(l => l.LoginProvider != scheme.Name))
            .ToList();
        return new SignInMethodsView(await users.HasPasswordAsync(user), logins, addable);
    }

    /// <summary>Removes one of the user's own logins; refuses, with the reason, when it is the last way in. Null when removed.</summary>
    public async Task<string?> RemoveAsync(ApplicationUser user, string? provider, string? providerKey)
    {
        var view = await DescribeAsync(user);
        var login = view.Logins.FirstOrDefault(l => l.LoginProvider == provider && l.ProviderKey == providerKey);
        if (login is null) return "Not removed: that sign-in method is not linked to your account.";
        if (view.IsLastWayIn(login)) return LastWayIn;
        var removed = await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        if (!removed.Succeeded) return "Not removed: " + string.Join(" ", removed.Errors.Select(e => e.Description));
        // RemoveLoginAsync changed the security stamp; keep this browser signed in with the new one.
        await signIn.RefreshSignInAsync(user);
        return null;
    }
}
