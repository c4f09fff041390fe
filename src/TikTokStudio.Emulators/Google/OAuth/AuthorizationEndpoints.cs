using System.Net.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Emulators.Google;

/// <summary>
/// <c>/o/oauth2/v2/auth</c>: GET shows the account chooser; the chooser posts to the consent step, and the consent
/// step posts the decision, which redirects to the app with a code or <c>error=access_denied</c>. Every step checks
/// the whole request again, and a request that fails the checks gets Google's error page, never a redirect.
/// </summary>
public static class AuthorizationEndpoints
{
    public const string Path = "/o/oauth2/v2/auth";

    public static void Map(RouteGroupBuilder google)
    {
        google.MapGet(Path, (HttpContext context, GoogleEmulatorState state) =>
        {
            var request = AuthorizationRequest.Read(context.Request.Query);
            lock (state.Gate)
            {
                if (request.Validate(state) is { } problem) return GoogleHtml.ErrorPage(problem);
                return AccountChooserPage.Render(ActionOf(context), request, state);
            }
        });

        google.MapPost(Path, async (HttpContext context, GoogleEmulatorState state) =>
        {
            // Read the form by hand: a [FromForm] parameter would opt this endpoint into the host app's antiforgery.
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var request = AuthorizationRequest.Read(form);
            lock (state.Gate)
            {
                if (request.Validate(state) is { } problem) return GoogleHtml.ErrorPage(problem);
                var (user, account, accountProblem) = ChosenAccount(state, form);
                if (user is null) return AccountChooserPage.Render(ActionOf(context), request, state, accountProblem, 400);

                return form["step"].ToString() switch
                {
                    "consent" => ConsentPage.Render(ActionOf(context), request, state, account, user),
                    "decide" when form["decision"] == "cancel" => Results.Redirect(Redirect(request, [("error", "access_denied")])),
                    "decide" when form["decision"] == "allow" => Results.Redirect(IssueCode(state, request, user)),
                    _ => GoogleHtml.ErrorPage(new AuthorizationProblem(400, "invalid_request", "Choose Allow or Cancel.")),
                };
            }
        });
    }

    private static string ActionOf(HttpContext context) => context.Request.PathBase + context.Request.Path;

    /// <summary>The person picked on the chooser (a cast member by sub, or "another account"), and the fields that name them.</summary>
    private static (GoogleUser? User, IReadOnlyList<(string, string)> Fields, string? Problem) ChosenAccount(GoogleEmulatorState state, IFormCollection form)
    {
        var account = form["account"].ToString();
        if (account != "other")
        {
            var member = state.FindCastUser(account);
            return member is null ? (null, [], "Choose an account.") : (member, [("account", member.Sub)], null);
        }
        var email = form["other_email"].ToString().Trim();
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !email.Contains('.', StringComparison.Ordinal))
            return (null, [], "Enter a valid email address, e.g. someone@example.com.");
        var verified = form["other_email_verified"].ToString() != "false";
        var name = form["other_name"].ToString();
        var user = GoogleUser.Other(email, name, verified);
        return (user, [("account", "other"), ("other_email", email), ("other_name", name), ("other_email_verified", verified ? "true" : "false")], null);
    }

    /// <summary>Caller holds the lock. A code lives <see cref="GoogleEmulatorOptions.CodeLifetimeSeconds"/> and is redeemed once.</summary>
    private static string IssueCode(GoogleEmulatorState state, AuthorizationRequest request, GoogleUser user)
    {
        var code = new GoogleAuthorizationCode(GoogleEmulatorState.NewSecret("4/0Emu"), request.ClientId!, request.RedirectUri!, user,
            request.Scopes, request.CodeChallenge, request.EffectiveChallengeMethod, request.Nonce,
            state.Now.AddSeconds(state.Options.CodeLifetimeSeconds));
        state.Codes[code.Code] = code;
        if (state.FindCastUser(user.Sub) is null) state.OtherAccounts[user.Sub] = user;
        return Redirect(request, [("code", code.Code), ("scope", GoogleScopes.Report(request.Scopes)), ("authuser", "0"), ("prompt", "consent")]);
    }

    /// <summary>The redirect URI with Google's answer; <c>state</c> comes first, as Google sends it, and only when the app sent one.</summary>
    private static string Redirect(AuthorizationRequest request, IEnumerable<(string Name, string Value)> answer)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (request.State is not null) pairs.Add(new("state", request.State));
        pairs.AddRange(answer.Select(a => new KeyValuePair<string, string?>(a.Name, a.Value)));
        return QueryHelpers.AddQueryString(request.RedirectUri!, pairs);
    }
}
