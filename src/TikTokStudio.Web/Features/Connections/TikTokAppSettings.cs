using TikTokStudio.TikTok;
using TikTokStudio.TikTok.Auth;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>
/// Which TikTok app this installation posts as. Without TikTok:ClientKey the emulator's sandbox apps are used:
/// the audited one by default, the unaudited one when TikTok:Audited is false.
/// </summary>
public sealed class TikTokAppSettings
{
    public const string EmulatorPath = "/emulators/tiktok";
    public const string AuditedEmulatorKey = "sandbox-client-key";
    public const string AuditedEmulatorSecret = "sandbox-client-secret";
    public const string UnauditedEmulatorKey = "sandbox-unaudited-key";
    public const string UnauditedEmulatorSecret = "sandbox-unaudited-secret";

    public static readonly IReadOnlyList<string> RequestedScopes =
    [
        TikTokScopes.UserInfoBasic, TikTokScopes.UserInfoProfile, TikTokScopes.UserInfoStats,
        TikTokScopes.VideoList, TikTokScopes.VideoPublish, TikTokScopes.VideoUpload,
    ];

    public required bool IsEmulated { get; init; }
    public required bool Audited { get; init; }

    /// <summary>TikTok:RedirectUri when set (real TikTok needs a registered https URI); otherwise the request's own callback URL.</summary>
    public string? RedirectUri { get; init; }

    /// <summary>TikTok:EmulatorBaseUrl: a standalone emulator process (crash tests, benchmarks) instead of the one mounted in this app.</summary>
    public string? EmulatorBaseUrl { get; init; }

    /// <summary>The emulator mounted in this app serves TikTok (no credentials, no standalone emulator).</summary>
    public bool UsesMountedEmulator => IsEmulated && EmulatorBaseUrl is null;

    public static TikTokAppSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(TikTokOptions.SectionName);
        var emulated = string.IsNullOrWhiteSpace(section["ClientKey"]);
        var audited = section.GetValue<bool?>("Audited") ?? emulated;
        var redirectUri = section["RedirectUri"];
        var emulatorBaseUrl = section["EmulatorBaseUrl"];
        return new TikTokAppSettings
        {
            IsEmulated = emulated,
            Audited = audited,
            RedirectUri = string.IsNullOrWhiteSpace(redirectUri) ? null : redirectUri,
            EmulatorBaseUrl = emulated && !string.IsNullOrWhiteSpace(emulatorBaseUrl) ? emulatorBaseUrl.TrimEnd('/') : null,
        };
    }

    /// <summary>
    /// Where "Connect TikTok" sends the browser: the absolute authorize URL the client built (TikTok or a standalone
    /// emulator, wherever it is). Only the emulator mounted in this app is reached on the host the browser already
    /// uses, because the client knows it by the server's bound address, which a browser may not reach (a container,
    /// a proxy).
    /// </summary>
    public Uri BrowserAuthorizeUrl(Uri authorize, Uri requestOrigin) =>
        UsesMountedEmulator ? new Uri(requestOrigin, authorize.PathAndQuery) : authorize;

    /// <summary>Points the client at the emulator's sandbox app when no real credentials are configured.</summary>
    public void ApplyEmulatorCredentials(TikTokOptions options)
    {
        if (!IsEmulated) return;
        options.ClientKey = Audited ? AuditedEmulatorKey : UnauditedEmulatorKey;
        options.ClientSecret = Audited ? AuditedEmulatorSecret : UnauditedEmulatorSecret;
        options.Audited = Audited;
    }
}
