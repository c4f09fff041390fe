namespace TikTokStudio.Web.Account.Google;

/// <summary>Where "Continue with Google" goes: Google itself, the mounted emulator, or nowhere (no button at all).</summary>
public enum GoogleSignInMode { Off, Emulated, Real }

/// <summary>
/// Read once at startup. <c>Google:ClientId</c> and <c>Google:ClientSecret</c> configured: real Google. Neither, with
/// the emulators enabled: the Google emulator mounted at <see cref="EmulatorPath"/>, as its own registered client.
/// </summary>
public sealed class GoogleSignInSettings
{
    public const string SectionName = "Google";
    public const string EmulatorPath = "/emulators/google";

    /// <summary>Google's sign-in page, the one place besides this site a form may lead to (Content-Security-Policy form-action).</summary>
    public const string GoogleAccountsOrigin = "https://accounts.google.com";

    // The emulator's default client (Emulators:Google in its README); Emulators:Google:ClientId/ClientSecret override both sides.
    private const string EmulatorClientId = "000000000000-emulated.apps.googleusercontent.com";
    private const string EmulatorClientSecret = "emulated-google-client-secret";

    public required GoogleSignInMode Mode { get; init; }
    public string ClientId { get; init; } = "";
    public string ClientSecret { get; init; } = "";

    public bool Enabled => Mode != GoogleSignInMode.Off;

    /// <summary>The origin forms may be redirected to when signing in with Google, or null when it is this site itself.</summary>
    public string? FormTargetOrigin => Mode == GoogleSignInMode.Real ? GoogleAccountsOrigin : null;

    public static GoogleSignInSettings From(IConfiguration configuration, bool emulatorsEnabled)
    {
        var section = configuration.GetSection(SectionName);
        var clientId = section["ClientId"];
        var clientSecret = section["ClientSecret"];
        var hasId = !string.IsNullOrWhiteSpace(clientId);
        var hasSecret = !string.IsNullOrWhiteSpace(clientSecret);
        if (hasId != hasSecret)
        {
            throw new InvalidOperationException(hasId
                ? "Google:ClientSecret is missing: set both Google:ClientId and Google:ClientSecret (from the OAuth client in Google Cloud's console), or neither."
                : "Google:ClientId is missing: set both Google:ClientId and Google:ClientSecret (from the OAuth client in Google Cloud's console), or neither.");
        }
        if (hasId) return new GoogleSignInSettings { Mode = GoogleSignInMode.Real, ClientId = clientId!.Trim(), ClientSecret = clientSecret!.Trim() };
        if (!emulatorsEnabled) return new GoogleSignInSettings { Mode = GoogleSignInMode.Off };
        return new GoogleSignInSettings
        {
            Mode = GoogleSignInMode.Emulated,
            ClientId = configuration["Emulators:Google:ClientId"] is { Length: > 0 } id ? id : EmulatorClientId,
            ClientSecret = configuration["Emulators:Google:ClientSecret"] is { Length: > 0 } secret ? secret : EmulatorClientSecret,
        };
    }
}
