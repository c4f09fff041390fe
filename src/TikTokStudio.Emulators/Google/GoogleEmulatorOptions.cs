namespace TikTokStudio.Emulators.Google;

/// <summary>Configuration section <c>Emulators:Google</c>. Every key is documented in Google/README.md.</summary>
public sealed class GoogleEmulatorOptions
{
    public const string SectionName = "Emulators:Google";

    /// <summary>The one registered OAuth client (a "Web application" client in Google's console).</summary>
    public string ClientId { get; set; } = "000000000000-emulated.apps.googleusercontent.com";
    public string ClientSecret { get; set; } = "emulated-google-client-secret";

    /// <summary>The app name the account chooser and the consent step show.</summary>
    public string ClientName { get; set; } = "TikTok Studio";

    /// <summary>Redirect URIs on hosts other than localhost/127.0.0.1/[::1] (exact match, as Google compares them).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Refuse an authorization request without <c>code_challenge</c>. Google itself accepts one (PKCE is optional for
    /// web clients); the emulator is stricter by default so a client that forgets PKCE fails here first.
    /// </summary>
    public bool RequirePkce { get; set; } = true;

    public int CodeLifetimeSeconds { get; set; } = 300;
    public int AccessTokenLifetimeSeconds { get; set; } = 3599;
}
