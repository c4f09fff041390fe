using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace TikTokStudio.Web.Account.Google;

/// <summary>
/// Why a sign-in with Google ended on the sign-in page. Only a short code travels in the URL
/// (<c>/Account/Login?externalError=denied</c>): the page shows our own sentence for it, never text from the query,
/// and a code survives the cross-site redirect chain from Google where a SameSite=Strict status cookie would not.
/// </summary>
public static partial class ExternalSignInProblems
{
    public const string QueryName = "externalError";
    private const string ProfilePath = "/Account/Manage/ExternalLogins";

    public const string Denied = "denied";
    public const string StateMismatch = "state";
    public const string CodeRejected = "code";
    public const string Unverified = "unverified";
    public const string NoEmail = "noemail";
    public const string Unconfirmed = "unconfirmed";
    public const string Expired = "expired";
    public const string Failed = "failed";

    /// <summary>The sentence for a code, or null for anything we did not send.</summary>
    public static string? Message(string? code) => code switch
    {
        Denied => "Error: You cancelled signing in with Google, so nothing was changed. Sign in another way, or try Google again.",
        StateMismatch => "Error: That Google sign-in could not be matched to this browser (it was opened elsewhere, took too long, or was altered). Nothing was changed: start again with “Continue with Google”.",
        CodeRejected => "Error: Google refused the sign-in because its one-time code had already been used or had expired. Nothing was changed: start again with “Continue with Google”.",
        Unverified => "Error: Google says the email address of that Google account is not verified, so we cannot use it to sign you in or create an account. Verify the address with Google, or use your email and a password.",
        NoEmail => "Error: Google did not share an email address, so we could not sign you in. Try again and allow access to your email address.",
        Unconfirmed => "Error: Your account's email address is not confirmed yet. Use the link in the email we sent you, then try again.",
        Expired => "Error: The Google sign-in was not finished in time, so nothing was changed. Start again with “Continue with Google”.",
        Failed => "Error: Signing in with Google did not work, and nothing was changed. Try again, or sign in with your email and password.",
        _ => null,
    };

    /// <summary>The code for a failure the OAuth handler reports (it sets Data["error"] from Google's answer).</summary>
    public static string Classify(Exception? failure) => (failure?.Data["error"] as string, failure?.Message) switch
    {
        ("access_denied", _) => Denied,
        ("invalid_grant", _) => CodeRejected,
        (_, "The oauth state was missing or invalid." or "Correlation failed.") => StateMismatch,
        _ => Failed,
    };

    /// <summary>OnRemoteFailure: back to the sign-in page with the reason, instead of the handler's default 500.</summary>
    public static Task HandleRemoteFailureAsync(RemoteFailureContext context)
    {
        var problem = Classify(context.Failure);
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInProblems));
        SignInFailed(logger, context.Scheme.Name, problem, context.Failure?.Message);
        // Adding Google from the profile comes back to the profile; everything else to the sign-in page.
        var fromProfile = context.Properties?.RedirectUri?.StartsWith(ProfilePath, StringComparison.OrdinalIgnoreCase) == true;
        context.Response.Redirect(fromProfile
            ? QueryHelpers.AddQueryString(context.Request.PathBase + ProfilePath, QueryName, problem)
            : LoginUrl(context.Request.PathBase, problem, ReturnUrlOf(context.Properties)));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public static string LoginUrl(PathString pathBase, string problem, string? returnUrl)
    {
        var query = new Dictionary<string, string?> { [QueryName] = problem };
        if (!string.IsNullOrEmpty(returnUrl)) query["ReturnUrl"] = returnUrl;
        return QueryHelpers.AddQueryString(pathBase + "/Account/Login", query);
    }

    /// <summary>The ReturnUrl the sign-in started with; it rides inside the callback address we gave the handler.</summary>
    private static string? ReturnUrlOf(AuthenticationProperties? properties)
    {
        var redirect = properties?.RedirectUri;
        var question = redirect?.IndexOf('?') ?? -1;
        if (question < 0) return null;
        var query = QueryHelpers.ParseQuery(redirect![question..]);
        return query.TryGetValue("ReturnUrl", out var value) && value.ToString() is { Length: > 0 } url ? ReturnUrls.LocalOrHome(url) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Scheme} ended without a sign-in ({Problem}): {Failure}")]
    private static partial void SignInFailed(ILogger logger, string scheme, string problem, string? failure);
}
