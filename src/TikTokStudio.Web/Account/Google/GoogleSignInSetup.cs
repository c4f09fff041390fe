using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Hosting.Server;

namespace TikTokStudio.Web.Account.Google;

/// <summary>The claims we add to what the Google handler maps by default.</summary>
public static class GoogleClaims
{
    public const string EmailVerified = "urn:google:email_verified";
    public const string Picture = "urn:google:picture";
}

public static class GoogleSignInSetup
{
    /// <summary>
    /// The real <c>AddGoogle</c> handler, pointed at Google or at the mounted emulator; nothing at all when neither
    /// (then no scheme exists and the sign-in pages show no Google button).
    /// </summary>
    public static AuthenticationBuilder AddStudioGoogleSignIn(this AuthenticationBuilder authentication, GoogleSignInSettings settings)
    {
        var services = authentication.Services;
        services.AddSingleton(settings);
        services.AddScoped<ExternalSignIn>();
        services.AddScoped<SignInMethods>();
        if (!settings.Enabled) return authentication;

        authentication.AddGoogle(o =>
        {
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.UsePkce = true;
            // We only need who the person is, once: Google's tokens are never stored.
            o.SaveTokens = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
            o.ClaimActions.MapJsonKey(GoogleClaims.Picture, "picture");
            o.ClaimActions.MapCustomJson(GoogleClaims.EmailVerified, user => IsEmailVerified(user) ? "true" : "false");
            // Google answers with a top-level GET redirect, which carries Lax cookies; the default (SameSite=None,
            // Secure only) would be dropped on plain-http loopback, where the emulator and the tests run.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRemoteFailure = ExternalSignInProblems.HandleRemoteFailureAsync;
            if (settings.Mode == GoogleSignInMode.Emulated) o.Events.OnRedirectToAuthorizationEndpoint = RedirectToMountedEmulator;
        });

        if (settings.Mode == GoogleSignInMode.Emulated)
        {
            // Read when the handler first runs (after the server has bound its port): the token and userinfo calls
            // go to this app's own address over loopback, as they would go to Google.
            services.AddOptions<GoogleOptions>(GoogleDefaults.AuthenticationScheme).PostConfigure<IServer>((o, server) =>
            {
                var emulator = OwnAddress.BaseUrl(server) + GoogleSignInSettings.EmulatorPath;
                o.AuthorizationEndpoint = emulator + "/o/oauth2/v2/auth";
                o.TokenEndpoint = emulator + "/token";
                o.UserInformationEndpoint = emulator + "/oauth2/v3/userinfo";
            });
        }
        return authentication;
    }

    /// <summary>
    /// The browser reaches the mounted emulator on the host it already uses (the server's bound address may be one it
    /// cannot reach, and a different host would make the sign-in cross-site).
    /// </summary>
    private static Task RedirectToMountedEmulator(RedirectContext<OAuthOptions> context)
    {
        var request = context.Request;
        var origin = new Uri($"{request.Scheme}://{request.Host}");
        context.Response.Redirect(new Uri(origin, new Uri(context.RedirectUri).PathAndQuery).AbsoluteUri);
        return Task.CompletedTask;
    }

    /// <summary>Google's userinfo sends <c>email_verified</c> as a JSON boolean; older answers used the string "true".</summary>
    private static bool IsEmailVerified(JsonElement user) =>
        user.TryGetProperty("email_verified", out var verified)
        && (verified.ValueKind == JsonValueKind.True
            || (verified.ValueKind == JsonValueKind.String && string.Equals(verified.GetString(), "true", StringComparison.OrdinalIgnoreCase)));

    /// <summary>What the sign-in pages need from a Google identity.</summary>
    public static ExternalIdentity IdentityOf(ClaimsPrincipal principal)
    {
        var email = principal.FindFirstValue(ClaimTypes.Email)?.Trim();
        return new ExternalIdentity(
            string.IsNullOrEmpty(email) ? null : email,
            principal.FindFirstValue(GoogleClaims.EmailVerified) == "true",
            principal.FindFirstValue(ClaimTypes.Name),
            principal.FindFirstValue(ClaimTypes.GivenName));
    }
}

/// <summary>Who the provider says the person is. <see cref="EmailVerified"/> false means the address proves nothing.</summary>
public sealed record ExternalIdentity(string? Email, bool EmailVerified, string? Name, string? GivenName);
