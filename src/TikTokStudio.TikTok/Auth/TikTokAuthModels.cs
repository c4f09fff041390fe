namespace TikTokStudio.TikTok.Auth;

/// <summary>Scopes as TikTok spells them (§3).</summary>
public static class TikTokScopes
{
    public const string UserInfoBasic = "user.info.basic";
    public const string UserInfoProfile = "user.info.profile";
    public const string UserInfoStats = "user.info.stats";
    public const string VideoList = "video.list";
    public const string VideoPublish = "video.publish";
    public const string VideoUpload = "video.upload";

    /// <summary>Splits TikTok's comma-separated scope list (callback <c>scopes</c>, token <c>scope</c>).</summary>
    public static IReadOnlyList<string> Parse(string? commaSeparated) =>
        string.IsNullOrWhiteSpace(commaSeparated)
            ? []
            : commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>What to put on the authorize URL.</summary>
public sealed record TikTokAuthorizeRequest
{
    public required IReadOnlyCollection<string> Scopes { get; init; }
    public required string RedirectUri { get; init; }
    public required string State { get; init; }

    /// <summary>The PKCE verifier kept server-side for the token exchange; its hex SHA-256 goes on the URL.</summary>
    public required string CodeVerifier { get; init; }

    /// <summary>Optional: 1 always shows the consent page, 0 lets a live session skip it (§2.2).</summary>
    public int? DisableAutoAuth { get; init; }
}

/// <summary>Token endpoint success body (§2.4). Lifetimes are seconds.</summary>
public sealed record TikTokToken
{
    public required string AccessToken { get; init; }
    public long ExpiresIn { get; init; }
    public string OpenId { get; init; } = "";

    /// <summary>Always store this one: refresh may rotate it and the old one stops working (§2.5).</summary>
    public required string RefreshToken { get; init; }

    public long RefreshExpiresIn { get; init; }

    /// <summary>Comma-separated granted scopes.</summary>
    public string Scope { get; init; } = "";

    public string TokenType { get; init; } = "";

    public IReadOnlyList<string> GrantedScopes => TikTokScopes.Parse(Scope);

    // The compiler-generated ToString would print the tokens into any log that formats this record.
    public override string ToString() => $"TikTokToken {{ OpenId = {OpenId}, Scope = {Scope}, ExpiresIn = {ExpiresIn} }}";
}
