using Microsoft.Extensions.Primitives;

namespace TikTokStudio.Emulators.Google;

/// <summary>An error Google shows on its own page (never redirected to an unchecked URI): "Error 400: redirect_uri_mismatch".</summary>
public sealed record AuthorizationProblem(int Status, string Error, string Description);

/// <summary>The authorization parameters, read from the query string (GET) or carried through the chooser and consent forms.</summary>
public sealed record AuthorizationRequest(
    string? ClientId, string? RedirectUri, string? ResponseType, string? Scope, string? State,
    string? CodeChallenge, string? CodeChallengeMethod, string? Nonce)
{
    /// <summary>The parameters the forms carry from one step to the next as hidden fields.</summary>
    public static readonly string[] FieldNames =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method", "nonce"];

    public IReadOnlyList<(string Name, string Value)> Fields
    {
        get
        {
            string?[] values = [ClientId, RedirectUri, ResponseType, Scope, State, CodeChallenge, CodeChallengeMethod, Nonce];
            var fields = new List<(string, string)>();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value) fields.Add((FieldNames[i], value));
            }
            return fields;
        }
    }

    /// <summary>The short names of the requested scopes, in order, once each (Google's separator is a space).</summary>
    public IReadOnlyList<string> Scopes { get; } = (Scope ?? "")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => GoogleScopes.Normalize(s) ?? s)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>PKCE's method when a challenge is sent: Google assumes "plain" when none is named.</summary>
    public string? EffectiveChallengeMethod => CodeChallenge is null ? null : CodeChallengeMethod ?? "plain";

    public static AuthorizationRequest Read(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var map = values.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string? Get(string key) => map.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        return new AuthorizationRequest(Get("client_id"), Get("redirect_uri"), Get("response_type"), Get("scope"), Get("state"),
            Get("code_challenge"), Get("code_challenge_method"), Get("nonce"));
    }

    /// <summary>The first problem Google would show for this request, or null when the chooser may be shown. Caller holds the lock.</summary>
    public AuthorizationProblem? Validate(GoogleEmulatorState state)
    {
        if (ClientId is null) return new(400, "invalid_request", "Missing required parameter: client_id");
        if (!state.IsClient(ClientId)) return new(401, "invalid_client", "The OAuth client was not found.");
        if (RedirectUri is null) return new(400, "invalid_request", "Missing required parameter: redirect_uri");
        if (!GoogleRedirectUris.IsRegistered(RedirectUri, state.Options))
            return new(400, "redirect_uri_mismatch",
                $"You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. The redirect URI {RedirectUri} is not registered for this client.");
        if (ResponseType is null) return new(400, "invalid_request", "Missing required parameter: response_type");
        if (ResponseType != "code") return new(400, "unsupported_response_type", $"Unsupported response_type: {ResponseType} (the emulator serves the code flow only).");
        if (Scopes.Count == 0) return new(400, "invalid_request", "Missing required parameter: scope");
        var unknown = Scopes.Where(s => GoogleScopes.Normalize(s) is null).ToList();
        if (unknown.Count > 0) return new(400, "invalid_scope", $"Some requested scopes were invalid. {{invalid=[{string.Join(", ", unknown)}]}}");
        if (CodeChallenge is null && CodeChallengeMethod is not null)
            return new(400, "invalid_request", "Missing required parameter: code_challenge");
        if (EffectiveChallengeMethod is not (null or "plain" or "S256"))
            return new(400, "invalid_request", $"Invalid code_challenge_method value: {CodeChallengeMethod}");
        if (CodeChallenge is null && state.Options.RequirePkce)
            return new(400, "invalid_request", "Missing required parameter: code_challenge (this emulator requires PKCE; see Emulators:Google:RequirePkce).");
        return null;
    }
}

public static class GoogleRedirectUris
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Exact match with a configured URI, or any http(s) URI on a loopback host (any port): the app under test
    /// listens on a port it learns only when it starts.
    /// </summary>
    public static bool IsRegistered(string redirectUri, GoogleEmulatorOptions options)
    {
        if (options.RedirectUris.Contains(redirectUri, StringComparer.Ordinal)) return true;
        if (redirectUri.Contains('#') || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)) return false;
        return uri.Scheme is "http" or "https" && LoopbackHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
    }
}
