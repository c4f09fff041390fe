using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>Failures and timings scripted through the control API (and reset to configuration by reset).</summary>
public sealed class Faults
{
    public int FailNextChunkPuts { get; set; }
    public int? NextInitStatus { get; set; }
    public string? NextFailReason { get; set; }
    public TimeSpan ProcessingDelay { get; set; }
    public TimeSpan ModerationDelay { get; set; }

    /// <summary>The next successful refresh rotates at once but answers only after this long (real time, not the emulator clock).</summary>
    public TimeSpan? HoldNextRefresh { get; set; }
}

/// <summary>What the emulator counted since its last reset (control API <c>GET /_emulator/stats</c>): what a client did wrong.</summary>
public sealed class EmulatorCounters
{
    /// <summary>Requests refused with 429 because a token's per-minute budget was used up.</summary>
    public int RateLimited { get; set; }
}

/// <summary>One refresh_token grant as TikTok handled it: "ok" (rotated) or the OAuth error it answered.</summary>
public sealed record RefreshRecord(string? Creator, DateTimeOffset At, string Outcome, int HeldMs);

/// <summary>
/// Everything the emulated TikTok knows. One singleton; every read and write happens inside <see cref="Gate"/>, and
/// nothing slow (network, disk, hashing) ever runs while holding it, so many parallel requests stay cheap.
/// </summary>
public sealed class TikTokEmulatorState : IDisposable
{
    private long _sequence;
    private int _generatedCreators;

    public TikTokEmulatorState(IOptions<TikTokEmulatorOptions> options, EmulatorClock clock)
    {
        Options = options.Value;
        Clock = clock;
        UploadDirectory = Options.UploadDirectory
            ?? Path.Combine(Path.GetTempPath(), "tiktok-emulator-uploads", Guid.NewGuid().ToString("N"));
        Apps =
        [
            new EmulatedApp(Options.ClientKey, Options.ClientSecret, "TikTok Studio (sandbox)", Audited: true),
            new EmulatedApp(Options.UnauditedClientKey, Options.UnauditedClientSecret, "TikTok Studio (unaudited)", Audited: false),
        ];
        Reset();
    }

    public Lock Gate { get; } = new();
    public TikTokEmulatorOptions Options { get; }
    public EmulatorClock Clock { get; }
    public string UploadDirectory { get; }
    public IReadOnlyList<EmulatedApp> Apps { get; }

    public List<EmulatedCreator> Creators { get; } = [];
    public Dictionary<string, EmulatedCreator> CreatorsByUsername { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, AuthorizationCode> Codes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, AccessToken> AccessTokens { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TokenGrant> GrantsByRefreshToken { get; } = new(StringComparer.Ordinal);

    /// <summary>Refresh tokens replaced by a rotation, and whose they were (so the refresh record can name the creator).</summary>
    public Dictionary<string, string> RotatedRefreshTokens { get; } = new(StringComparer.Ordinal);
    public List<EmulatedPost> Posts { get; } = [];
    public Dictionary<string, EmulatedPost> PostsByPublishId { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EmulatedPost> PostsByUploadId { get; } = new(StringComparer.Ordinal);
    public Faults Faults { get; } = new();
    public List<RefreshRecord> Refreshes { get; } = [];
    public RateLimiter RateLimits { get; } = new();
    public EmulatorCounters Counters { get; private set; } = new();

    public DateTimeOffset Now => Clock.GetUtcNow();

    public EmulatedApp? FindApp(string? clientKey) => Apps.FirstOrDefault(a => a.ClientKey == clientKey);

    public long NextSequence() => ++_sequence;

    /// <summary>Back to the configured cast and timings, no tokens, no posts, clock offset zero.</summary>
    public void Reset()
    {
        lock (Gate)
        {
            foreach (var post in Posts)
            {
                post.PullCancellation?.Cancel();
                post.Upload?.Dispose();
            }
            Clock.Reset();
            Counters = new();
            Creators.Clear();
            CreatorsByUsername.Clear();
            foreach (var creator in CreatorCast.Create(Now)) AddCreator(creator);
            Codes.Clear();
            AccessTokens.Clear();
            GrantsByRefreshToken.Clear();
            RotatedRefreshTokens.Clear();
            Posts.Clear();
            PostsByPublishId.Clear();
            PostsByUploadId.Clear();
            RateLimits.Clear();
            Refreshes.Clear();
            Faults.HoldNextRefresh = null;
            Faults.FailNextChunkPuts = 0;
            Faults.NextInitStatus = null;
            Faults.NextFailReason = null;
            Faults.ProcessingDelay = TimeSpan.FromMilliseconds(Options.ProcessingDelayMs);
            Faults.ModerationDelay = TimeSpan.FromMilliseconds(Options.ModerationDelayMs);
            _sequence = 1_000_000;
            _generatedCreators = 0;
        }
    }

    public List<string> GenerateCreators(int count)
    {
        lock (Gate)
        {
            var names = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                var creator = CreatorCast.Generated(++_generatedCreators, Now);
                AddCreator(creator);
                names.Add(creator.Username);
            }
            return names;
        }
    }

    private void AddCreator(EmulatedCreator creator)
    {
        Creators.Add(creator);
        CreatorsByUsername[creator.Username] = creator;
    }

    /// <summary>Issues a fresh grant with an access/refresh pair. Caller holds the lock.</summary>
    public (AccessToken Access, TokenGrant Grant) IssueGrant(string clientKey, EmulatedCreator creator, IReadOnlyList<string> scopes)
    {
        var grant = new TokenGrant
        {
            ClientKey = clientKey,
            Creator = creator,
            Scopes = scopes,
            RefreshToken = NewSecret("rft."),
            RefreshExpiresAt = Now.AddSeconds(Options.RefreshTokenLifetimeSeconds),
        };
        GrantsByRefreshToken[grant.RefreshToken] = grant;
        return (IssueAccessToken(grant), grant);
    }

    public AccessToken IssueAccessToken(TokenGrant grant)
    {
        var token = new AccessToken(NewSecret("act."), grant, Now.AddSeconds(Options.AccessTokenLifetimeSeconds));
        AccessTokens[token.Value] = token;
        grant.AccessTokens.Add(token.Value);
        return token;
    }

    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public void Dispose()
    {
        lock (Gate)
        {
            foreach (var post in Posts)
            {
                post.PullCancellation?.Cancel();
                post.Upload?.Dispose();
            }
        }
    }
}

/// <summary>Per-token sliding one-minute windows, keyed by endpoint. Caller holds the state lock.</summary>
public sealed class RateLimiter
{
    private readonly Dictionary<(string Token, string Endpoint), Queue<DateTimeOffset>> _windows = [];

    public bool TryAcquire(string token, string endpoint, int limit, DateTimeOffset now)
    {
        if (!_windows.TryGetValue((token, endpoint), out var window))
        {
            window = new Queue<DateTimeOffset>();
            _windows[(token, endpoint)] = window;
        }
        while (window.Count > 0 && window.Peek() <= now.AddMinutes(-1)) window.Dequeue();
        if (window.Count >= limit) return false;
        window.Enqueue(now);
        return true;
    }

    public void Clear() => _windows.Clear();
}
