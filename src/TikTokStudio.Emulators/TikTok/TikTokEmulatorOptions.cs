namespace TikTokStudio.Emulators.TikTok;

/// <summary>How strictly code_challenge is demanded (TikTok's behaviour on web apps changed over time, see tiktok-api.md §15).</summary>
public enum PkceMode { Off, Optional, Required }

/// <summary>
/// How "MB" in TikTok's chunk rules is read. TikTok does not say (tiktok-api.md §15), so the default accepts a plan
/// only when it is valid under both readings.
/// </summary>
public enum ChunkSizeUnit { Strict, MiB, Decimal }

/// <summary>Configuration section <c>Emulators:TikTok</c>. Every key is documented in TikTok/README.md.</summary>
public sealed class TikTokEmulatorOptions
{
    public const string SectionName = "Emulators:TikTok";

    public string ClientKey { get; set; } = "sandbox-client-key";
    public string ClientSecret { get; set; } = "sandbox-client-secret";
    public string UnauditedClientKey { get; set; } = "sandbox-unaudited-key";
    public string UnauditedClientSecret { get; set; } = "sandbox-unaudited-secret";

    /// <summary>Redirect URIs on hosts other than localhost/127.0.0.1 (exact match).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Optional by default because TikTok accepts web clients that send no challenge (Login Kit for Web documents PKCE
    /// only for desktop and mobile apps); a challenge that is sent is still verified at token time. <c>Required</c>
    /// stays as a switch for a client that must prove it sends one.
    /// </summary>
    public PkceMode Pkce { get; set; } = PkceMode.Optional;

    /// <summary>HTTP status of flat OAuth errors; TikTok was observed answering 200.</summary>
    public int OAuthErrorStatusCode { get; set; } = 200;

    public bool RotateRefreshTokens { get; set; } = true;
    public int AccessTokenLifetimeSeconds { get; set; } = 86_400;
    public int RefreshTokenLifetimeSeconds { get; set; } = 31_536_000;

    public ChunkSizeUnit ChunkSizeUnit { get; set; } = ChunkSizeUnit.Strict;

    /// <summary>Exact URL prefixes accepted for PULL_FROM_URL, e.g. https://media.example.com/tiktok/.</summary>
    public List<string> VerifiedUrlPrefixes { get; set; } = [];

    /// <summary>Domains accepted for PULL_FROM_URL; a domain covers its subdomains.</summary>
    public List<string> VerifiedDomains { get; set; } = [];

    /// <summary>Write received upload bytes to <see cref="UploadDirectory"/>; otherwise only their SHA-256 is kept.</summary>
    public bool StoreUploads { get; set; }

    /// <summary>Where stored uploads go; defaults to a folder under the system temp path.</summary>
    public string? UploadDirectory { get; set; }

    public int ProcessingDelayMs { get; set; } = 3_000;
    public int ModerationDelayMs { get; set; } = 5_000;

    public int DailyPostCap { get; set; } = 15;
    public int PendingShareCap { get; set; } = 5;
    public int UnauditedActiveUserCap { get; set; } = 5;

    /// <summary>
    /// Where TikTok's webhooks (post.publish.*) go, as an app registers its callback URL in TikTok's developer portal.
    /// Empty: none are sent. The web app points its mounted emulator at its own receiver (see TikTokWebhookCallback).
    /// </summary>
    public string? WebhookCallbackUrl { get; set; }

    /// <summary>Off: no webhooks at all, whatever the callback (tests that drive the app's publishing runs themselves).</summary>
    public bool WebhooksEnabled { get; set; } = true;

    /// <summary>First retry delay after a non-200 answer; each next one doubles (TikTok retries with backoff for up to 72 h).</summary>
    public int WebhookRetryBaseDelayMs { get; set; } = 1_000;

    /// <summary>Tries per event before the emulator gives up (TikTok's 72 h would be about 18 doublings from 1 s).</summary>
    public int WebhookMaxAttempts { get; set; } = 12;

    /// <summary>Every Nth delivered event is delivered once more, byte for byte (TikTok delivers at least once); 0: never.</summary>
    public int WebhookDuplicateEvery { get; set; } = 4;

    /// <summary>How often posts are looked at for a change of state that TikTok would announce.</summary>
    public int WebhookScanIntervalMs { get; set; } = 250;

    public int CreatorInfoPerMinute { get; set; } = 20;
    public int InitPerMinute { get; set; } = 6;
    public int StatusPerMinute { get; set; } = 30;
    public int DisplayPerMinute { get; set; } = 600;
}
