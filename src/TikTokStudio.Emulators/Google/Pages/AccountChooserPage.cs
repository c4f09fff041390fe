using System.Text;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Google;

/// <summary>
/// "Choose an account": one button per emulated person, and "Use another account" with any address, a name and
/// whether Google has verified the address (so an app's handling of <c>email_verified: false</c> can be tried).
/// </summary>
public static class AccountChooserPage
{
    public static IResult Render(string action, AuthorizationRequest request, GoogleEmulatorState state, string? problem = null, int statusCode = 200)
    {
        var hidden = GoogleHtml.Hidden([.. request.Fields, ("step", "consent")]);
        var accounts = new StringBuilder();
        foreach (var user in state.Cast)
        {
            var unverified = user.EmailVerified ? "" : """<span class="tag">email not verified</span>""";
            accounts.Append($"""
                <li><button type="submit" class="account" name="account" value="{GoogleHtml.E(user.Sub)}">
                <span class="avatar" aria-hidden="true">{GoogleHtml.Initial(user)}</span>
                <span class="who"><strong>{GoogleHtml.E(user.Name)}</strong><small>{GoogleHtml.E(user.Email)}{unverified}</small></span>
                </button></li>
                """);
        }
        var alert = problem is null ? "" : $"""<div class="error" role="alert"><p>{GoogleHtml.E(problem)}</p></div>""";
        var app = GoogleHtml.E(state.Options.ClientName);
        return GoogleHtml.Page("Choose an account", $"""
            <h1>Choose an account</h1>
            <p class="lead">to continue to {app}</p>
            {alert}
            <form method="post" action="{GoogleHtml.E(action)}" aria-label="Emulated Google accounts">
            {hidden}
            <ul class="accounts">{accounts}</ul>
            </form>
            <form method="post" action="{GoogleHtml.E(action)}">
            {hidden}
            <fieldset><legend>Use another account</legend>
            <label for="other-email">Email</label>
            <input type="email" id="other-email" name="other_email" required autocomplete="off" spellcheck="false">
            <label for="other-name">Name (optional)</label>
            <input type="text" id="other-name" name="other_name" autocomplete="off">
            <fieldset><legend>Has Google verified this address?</legend>
            <div class="radio"><input type="radio" id="verified-yes" name="other_email_verified" value="true" checked><label for="verified-yes">Yes: <code>email_verified</code> is true</label></div>
            <div class="radio"><input type="radio" id="verified-no" name="other_email_verified" value="false"><label for="verified-no">No: <code>email_verified</code> is false</label></div>
            </fieldset>
            <div class="actions"><button type="submit" class="primary" name="account" value="other">Next</button></div>
            </fieldset>
            </form>
            """, statusCode);
    }
}
