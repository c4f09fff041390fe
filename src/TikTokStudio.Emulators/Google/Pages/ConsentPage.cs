using System.Text;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Google;

/// <summary>The consent step: who is signing in, what the app will learn, and Allow / Cancel.</summary>
public static class ConsentPage
{
    private static readonly Dictionary<string, string> ScopeDescriptions = new(StringComparer.Ordinal)
    {
        [GoogleScopes.OpenId] = "Know which Google account you are (your account id)",
        [GoogleScopes.Profile] = "See your name and profile picture",
        [GoogleScopes.Email] = "See your email address and whether Google has verified it",
    };

    public static IResult Render(string action, AuthorizationRequest request, GoogleEmulatorState state, IReadOnlyList<(string Name, string Value)> account, GoogleUser user)
    {
        var hidden = GoogleHtml.Hidden([.. request.Fields, .. account, ("step", "decide")]);
        var scopes = new StringBuilder();
        foreach (var scope in request.Scopes)
        {
            scopes.Append($"<li>{GoogleHtml.E(ScopeDescriptions.GetValueOrDefault(scope, scope))} (<code>{GoogleHtml.E(scope)}</code>)</li>");
        }
        var app = GoogleHtml.E(state.Options.ClientName);
        var verified = user.EmailVerified ? "verified" : "not verified";
        return GoogleHtml.Page($"Sign in to {state.Options.ClientName}", $"""
            <h1>Sign in to {app}</h1>
            <p class="lead">as <strong>{GoogleHtml.E(user.Name)}</strong> ({GoogleHtml.E(user.Email)}, {verified})</p>
            <h2>{app} will be able to</h2>
            <ul class="scopes">{scopes}</ul>
            <p>Nothing else about your Google account is shared. This is an emulator: no request leaves this machine.</p>
            <form method="post" action="{GoogleHtml.E(action)}">
            {hidden}
            <div class="actions">
            <button type="submit" class="secondary" name="decision" value="cancel">Cancel</button>
            <button type="submit" class="primary" name="decision" value="allow">Allow</button>
            </div>
            </form>
            """);
    }
}
