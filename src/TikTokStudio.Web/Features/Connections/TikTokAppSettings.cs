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

    public static TikTokAppSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(TikTokOptions.SectionName);
        var emulated = string.IsNullOrWhiteSpace(section["ClientKey"]);
        var audited = section.GetValue<bool?>("Audited") ?? emulated;
        var redirectUri = section["RedirectUri"];
        return new TikTokAppSettings { IsEmulated = emulated, Audited = audited, RedirectUri = string.IsNullOrWhiteSpace(redirectUri) ? null : redirectUri };
    }

    /// <summary>Points the client at the emulator's sandbox app when no real credentials are configured.</summary>
    public void ApplyEmulatorCredentials(TikTokOptions options)
    {
        if (!IsEmulated) return;
        options.ClientKey = Audited ? AuditedEmulatorKey : UnauditedEmulatorKey;
        options.ClientSecret = Audited ? AuditedEmulatorSecret : UnauditedEmulatorSecret;
        options.Audited = Audited;
    }
}
