using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// Login Kit's consent page, <c>GET /v2/auth/authorize/</c>. The emulator has no sessions: the page lists the cast and
/// the person (or test) picks who consents. Bad requests get an HTML error page, never a redirect to an unchecked URI.
/// </summary>
public static class AuthorizeEndpoints
{
    public static readonly string[] KnownScopes =
        ["user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.publish", "video.upload"];

    private static readonly string[] UploadOnlyScopes = ["user.info.basic", "video.upload"];

    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapGet("/v2/auth/authorize/", (HttpContext context, TikTokEmulatorState state) =>
        {
            var request = AuthorizeRequest.Read(context.Request.Query);
            lock (state.Gate)
            {
                var problem = Validate(state, request, out var app);
                if (problem is not null) return ErrorPage(problem);
                var creators = state.Creators.ToList();
                return ConsentPage.Render(context.Request.PathBase + context.Request.Path, request, app!, creators);
            }
        });

        tiktok.MapPost("/v2/auth/authorize/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            // Read the form by hand: a [FromForm] parameter would opt this endpoint into the host app's antiforgery.
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var request = AuthorizeRequest.Read(form);
            lock (state.Gate)
            {
                var problem = Validate(state, request, out _);
                if (problem is not null) return ErrorPage(problem);
                if (!StringValues.IsNullOrEmpty(form["deny"]))
                {
                    return Results.Redirect(AppendQuery(request.RedirectUri!, [
                        ("error", "access_denied"),
                        ("error_description", "The user denied the authorization request."),
                        ("state", request.State)]));
                }
                if (!state.CreatorsByUsername.TryGetValue(form["creator"].ToString(), out var creator))
                {
                    return ErrorPage("Pick the creator who authorizes the app.");
                }
                var checkedScopes = form["granted_scope"].Select(s => s ?? "").ToHashSet(StringComparer.Ordinal);
                var granted = request.Scopes
                    .Where(s => s == "user.info.basic" || checkedScopes.Contains(s))
                    .Prepend("user.info.basic").Distinct().ToList();
                if (creator.UploadOnly) granted = granted.Where(UploadOnlyScopes.Contains).ToList();
                var code = new AuthorizationCode(TikTokEmulatorState.NewSecret("code."), request.ClientKey!, request.RedirectUri!,
                    creator, granted, string.IsNullOrEmpty(request.CodeChallenge) ? null : request.CodeChallenge,
                    state.Now.AddMinutes(10));
                state.Codes[code.Code] = code;
                return Results.Redirect(AppendQuery(request.RedirectUri!, [
                    ("code", code.Code), ("scopes", string.Join(',', granted)), ("state", request.State)]));
            }
        });
    }

    /// <summary>Returns a human-readable problem, or null when the request may be shown. Caller holds the lock.</summary>
    private static string? Validate(TikTokEmulatorState state, AuthorizeRequest request, out EmulatedApp? app)
    {
        app = state.FindApp(request.ClientKey);
        if (app is null) return "client_key: unknown app.";
        if (!RedirectUriPolicy.IsAllowed(request.RedirectUri, state.Options))
            return "redirect_uri: not registered for this app (localhost, 127.0.0.1 or a configured URI, no fragment).";
        if (request.ResponseType != "code") return "response_type: must be \"code\".";
        if (request.Scopes.Count == 0) return "scope: at least one scope is required (comma-separated).";
        var unknown = request.Scopes.FirstOrDefault(s => !KnownScopes.Contains(s));
        if (unknown is not null) return $"scope: \"{unknown}\" is not a scope this app may request.";
        var hasChallenge = !string.IsNullOrEmpty(request.CodeChallenge);
        if (state.Options.Pkce == PkceMode.Required && !hasChallenge) return "code_challenge: required.";
        if (hasChallenge && state.Options.Pkce != PkceMode.Off && request.CodeChallengeMethod != "S256")
            return "code_challenge_method: must be S256.";
        return null;
    }

    private static IResult ErrorPage(string problem) =>
        Html.Page("Authorization error", $"""
            <h1>Something went wrong</h1>
            <div class="error" role="alert"><p>This authorization request cannot be shown.</p><p>{Html.E(problem)}</p></div>
            """, 400);

    public static string AppendQuery(string uri, IEnumerable<(string Name, string? Value)> pairs)
    {
        var builder = new StringBuilder(uri);
        var separator = uri.Contains('?') ? '&' : '?';
        foreach (var (name, value) in pairs)
        {
            if (value is null) continue;
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }
}

/// <summary>The authorize parameters, from the query string (GET) or the consent form (POST).</summary>
public sealed record AuthorizeRequest(
    string? ClientKey, string? RedirectUri, string? ResponseType, string? ScopeParameter, string? State,
    string? CodeChallenge, string? CodeChallengeMethod)
{
    public IReadOnlyList<string> Scopes { get; } = (ScopeParameter ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    public static AuthorizeRequest Read(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var map = values.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string? Get(string key) => map.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        return new AuthorizeRequest(Get("client_key"), Get("redirect_uri"), Get("response_type"), Get("scope"), Get("state"),
            Get("code_challenge"), Get("code_challenge_method"));
    }
}

public static class RedirectUriPolicy
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static bool IsAllowed(string? redirectUri, TikTokEmulatorOptions options)
    {
        if (string.IsNullOrEmpty(redirectUri) || redirectUri.Contains('#')) return false;
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return false;
        if (LoopbackHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)) return true;
        return options.RedirectUris.Contains(redirectUri, StringComparer.Ordinal);
    }
}
