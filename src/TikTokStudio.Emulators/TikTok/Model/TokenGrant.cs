namespace TikTokStudio.Emulators.TikTok;

/// <summary>One consent of one creator to one app: the current refresh token and every access token issued from it.</summary>
public sealed class TokenGrant
{
    public required string ClientKey { get; init; }
    public required EmulatedCreator Creator { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required string RefreshToken { get; set; }
    public required DateTimeOffset RefreshExpiresAt { get; set; }
    public bool Revoked => RevokedAt is not null;
    public DateTimeOffset? RevokedAt { get; set; }
    public List<string> AccessTokens { get; } = [];

    public string ScopeList => string.Join(',', Scopes);
    public bool Has(string scope) => Scopes.Contains(scope);
}

public sealed record AccessToken(string Value, TokenGrant Grant, DateTimeOffset ExpiresAt);

/// <summary>An authorization code waiting to be exchanged (single use, 10 minutes).</summary>
public sealed record AuthorizationCode(
    string Code, string ClientKey, string RedirectUri, EmulatedCreator Creator, IReadOnlyList<string> Scopes,
    string? CodeChallenge, DateTimeOffset ExpiresAt);

public sealed record EmulatedApp(string ClientKey, string ClientSecret, string Name, bool Audited);
