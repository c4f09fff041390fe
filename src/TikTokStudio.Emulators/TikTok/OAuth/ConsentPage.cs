using System.Text;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>The consent form: which app asks, for what, and one "Authorize as @username" button per creator.</summary>
public static class ConsentPage
{
    private static readonly Dictionary<string, string> ScopeDescriptions = new(StringComparer.Ordinal)
    {
        ["user.info.basic"] = "Read your profile info (avatar, display name)",
        ["user.info.profile"] = "Read your profile details (bio, profile link, verification)",
        ["user.info.stats"] = "Read your statistics (followers, likes, videos)",
        ["video.list"] = "Read your public videos",
        ["video.publish"] = "Post content to TikTok directly",
        ["video.upload"] = "Upload content to your TikTok inbox as drafts",
    };

    public static IResult Render(string action, AuthorizeRequest request, EmulatedApp app, IReadOnlyList<EmulatedCreator> creators)
    {
        var hidden = new StringBuilder();
        void Hidden(string name, string? value)
        {
            if (value is not null) hidden.Append($"""<input type="hidden" name="{name}" value="{Html.E(value)}">""").Append('\n');
        }
        Hidden("client_key", request.ClientKey);
        Hidden("redirect_uri", request.RedirectUri);
        Hidden("response_type", request.ResponseType);
        Hidden("scope", request.ScopeParameter);
        Hidden("state", request.State);
        Hidden("code_challenge", request.CodeChallenge);
        Hidden("code_challenge_method", request.CodeChallengeMethod);

        var scopes = new StringBuilder();
        foreach (var scope in request.Scopes)
        {
            var description = Html.E(ScopeDescriptions.GetValueOrDefault(scope, scope));
            if (scope == "user.info.basic")
            {
                // Always granted with Login Kit, so it cannot be unticked.
                scopes.Append($"<li>{description} (<code>{scope}</code>, always granted)</li>");
            }
            else
            {
                var id = "scope-" + scope.Replace('.', '-');
                scopes.Append($"""<li><input type="checkbox" id="{id}" name="granted_scope" value="{Html.E(scope)}" checked> <label for="{id}">{description} (<code>{Html.E(scope)}</code>)</label></li>""");
            }
        }

        var buttons = new StringBuilder();
        foreach (var creator in creators)
        {
            buttons.Append($"""<li><button type="submit" name="creator" value="{Html.E(creator.Username)}">Authorize as @{Html.E(creator.Username)}</button> {Html.E(creator.DisplayName)}</li>""");
        }

        return Html.Page($"Authorize {app.Name}", $"""
            <h1>{Html.E(app.Name)} wants to access your TikTok account</h1>
            <form method="post" action="{Html.E(action)}">
            {hidden}
            <fieldset><legend>Requested permissions</legend><ul>{scopes}</ul></fieldset>
            <h2>Continue as</h2>
            <ul>{buttons}</ul>
            <p><button type="submit" name="deny" value="1" class="secondary">Deny</button></p>
            </form>
            """);
    }
}
