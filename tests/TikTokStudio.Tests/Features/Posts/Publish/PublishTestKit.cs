using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>A post as the emulator recorded it (its control API's GET posts).</summary>
public sealed record EmulatorPost(string PublishId, string Creator, string Mode, string Status, string? FailReason, string? PrivacyLevel,
    long? VideoSize, long BytesReceived, string? Sha256, IReadOnlyList<long> PublicIds);

/// <summary>
/// Builders for publishing tests: an app on a real loopback port calling its own emulator, a signed-in owner with a
/// connected creator, a media file written straight into storage (the emulator does not decode video), and a post row.
/// </summary>
public sealed class PublishTestKit : IDisposable
{
    /// <summary>Three chunks for a 16 MB file: chunk faults and resumes have somewhere to happen.</summary>
    public const long SmallChunk = 5 * 1024 * 1024;

    public PublishTestKit(Dictionary<string, string>? settings = null, bool reconcile = false, string? dataDirectory = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite, string? sharedDatabase = null)
    {
        App = new StudioAppFactory(dataDirectory, realServer: true, settings: Settings(settings, reconcile), provider: provider,
            sharedDatabase: sharedDatabase, owner: "publish");
    }

    /// <summary>The kit's publishing settings (small chunks, fast polls) with <paramref name="settings"/> on top.</summary>
    public static Dictionary<string, string> Settings(Dictionary<string, string>? settings = null, bool reconcile = false)
    {
        var all = new Dictionary<string, string>
        {
            ["Publishing:ChunkSizeBytes"] = SmallChunk.ToString(),
            ["Publishing:ChunkRetryBaseDelay"] = "00:00:01",
            ["Publishing:PollMaxDelay"] = "00:00:00.500",
            ["Publishing:ReconcileEnabled"] = reconcile ? "true" : "false",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        return all;
    }

    public StudioAppFactory App { get; }
    public HttpClient Client { get; private set; } = default!;
    public Workspace Workspace { get; private set; } = default!;
    public string UserId { get; private set; } = default!;

    public async Task SignInAsync()
    {
        var (user, workspace) = await App.CreateUserAsync();
        Client = await App.SignInAsync(user.Email!);
        Workspace = workspace;
        UserId = user.Id;
    }

    /// <summary>A fresh emulated public creator nobody else in the test run uses (TikTok's per-creator caps stay out of the way).</summary>
    public async Task<string> NewCreatorAsync()
    {
        var response = await Client.PostAsJsonAsync("/emulators/tiktok/_emulator/creators/generate", new { count = 1 });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("usernames")[0].GetString()!;
    }

    public async Task<TikTokAccount> ConnectAsync(string creator, IEnumerable<string>? uncheckScopes = null)
    {
        await EmulatedTikTok.ConnectAsync(Client, creator, uncheckScopes);
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == Workspace.Id).OrderByDescending(a => a.ConnectedAt).FirstAsync();
    }

    /// <summary>
    /// <paramref name="count"/> fresh emulated creators connected to the workspace straight from the emulator's control
    /// API (tokens issued there, as a connect would), for tests that need many accounts.
    /// </summary>
    public async Task<List<TikTokAccount>> ConnectGeneratedAsync(int count)
    {
        var generated = await Client.PostAsJsonAsync("/emulators/tiktok/_emulator/creators/generate", new { count });
        generated.EnsureSuccessStatusCode();
        using var names = JsonDocument.Parse(await generated.Content.ReadAsStringAsync());
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<TokenProtector>();
        var now = App.Clock.GetUtcNow();
        var accounts = new List<TikTokAccount>();
        foreach (var name in names.RootElement.GetProperty("usernames").EnumerateArray().Select(u => u.GetString()!))
        {
            var response = await Client.PostAsJsonAsync($"/emulators/tiktok/_emulator/creators/{name}/tokens", new { });
            response.EnsureSuccessStatusCode();
            using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var t = token.RootElement;
            accounts.Add(new TikTokAccount
            {
                WorkspaceId = Workspace.Id,
                OpenId = t.GetProperty("open_id").GetString()!,
                Username = name,
                DisplayName = name,
                GrantedScopes = t.GetProperty("scope").GetString()!,
                ProtectedAccessToken = protector.Protect(t.GetProperty("access_token").GetString()!),
                ProtectedRefreshToken = protector.Protect(t.GetProperty("refresh_token").GetString()!),
                AccessTokenExpiresAt = now.AddSeconds(t.GetProperty("expires_in").GetInt64()),
                RefreshTokenExpiresAt = now.AddSeconds(t.GetProperty("refresh_expires_in").GetInt64()),
                LastRefreshedAt = now,
                PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY",
                MaxVideoPostDurationSec = 600,
                ConnectedAt = now,
            });
        }
        db.AddRange(accounts);
        await db.SaveChangesAsync();
        return accounts;
    }

    /// <summary>What the emulator counted (429s, refreshes).</summary>
    public async Task<(int RateLimited, int Refreshes, int RefreshesRefused)> EmulatorStatsAsync()
    {
        using var doc = JsonDocument.Parse(await Client.GetStringAsync("/emulators/tiktok/_emulator/stats"));
        var r = doc.RootElement;
        return (r.GetProperty("rate_limited").GetInt32(), r.GetProperty("refreshes").GetInt32(), r.GetProperty("refreshes_refused").GetInt32());
    }

    public async Task<TikTokAccount> LatestAccountAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == Workspace.Id).OrderByDescending(a => a.ConnectedAt).FirstAsync();
    }

    public async Task<(MediaFile File, string Sha256)> VideoAsync(long size = 16_000_000, long durationMs = 10_000)
    {
        using var scope = App.Services.CreateScope();
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var file = new MediaFile
        {
            WorkspaceId = Workspace.Id,
            OriginalFileName = "clip.mp4",
            ContentType = "video/mp4",
            Kind = MediaKind.Video,
            SizeBytes = size,
            StoragePath = "",
            Status = MediaStatus.Ready,
            Container = MediaContainer.Mp4,
            Codec = "h264",
            DurationMs = durationMs,
            Width = 720,
            Height = 1280,
            FrameRate = 30,
            CreatedAt = DateTimeOffset.UtcNow,
            CompletedAt = DateTimeOffset.UtcNow,
            UploadedByUserId = UserId,
        };
        file.StoragePath = MediaStorage.RelativePathFor(Workspace.Id, file.Id);
        var path = storage.FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random((int)(size % int.MaxValue)).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);
        file.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(file);
        await db.SaveChangesAsync();
        return (file, file.Sha256);
    }

    public async Task<Post> PostAsync(TikTokAccount account, MediaFile? video, string? privacy = "PUBLIC_TO_EVERYONE",
        DateTimeOffset? publishAt = null, Action<Post>? change = null)
    {
        using var scope = App.Services.CreateScope();
        var now = App.Clock.GetUtcNow();
        var post = new Post
        {
            WorkspaceId = Workspace.Id,
            CompositionId = Guid.NewGuid(),
            AccountId = account.Id,
            Kind = PostKind.Video,
            VideoMediaId = video?.Id,
            Title = "Sunday vibes #test",
            PrivacyLevel = privacy,
            AllowComment = true,
            Status = PostStatus.Scheduled,
            PublishAt = publishAt ?? now,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedByUserId = UserId,
        };
        change?.Invoke(post);
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(post);
        await db.SaveChangesAsync();
        return post;
    }

    /// <summary>The record the engine writes when it sends an init (for posts arranged as already published).</summary>
    public async Task InitSentAsync(Post post, TikTokAccount account, bool direct)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(new PublishInit
        {
            WorkspaceId = post.WorkspaceId, PostId = post.Id, AccountId = account.Id, OpenId = account.OpenId,
            At = post.InitRequestedAt ?? App.Clock.GetUtcNow(), Direct = direct, PublishId = post.PublishId,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>One run of the state machine in its own scope, as the job does it.</summary>
    public async Task<PublishRunResult> RunOnceAsync(Guid postId, CancellationToken ct = default)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PublishPost>().RunAsync(postId, ct);
    }

    /// <summary>Runs until the machine asks for nothing more (follow-ups due within <paramref name="maxWait"/> are waited for in real time).</summary>
    public async Task<Post> RunToEndAsync(Guid postId, int maxRuns = 30, TimeSpan? maxWait = null)
    {
        for (var i = 0; i < maxRuns; i++)
        {
            var result = await RunOnceAsync(postId);
            if (result.NextRunAt is not { } next) break;
            var post = await LoadAsync(postId);
            // A published post keeps being watched for its public id; once it has one (or cannot get one) the test is done.
            if (post.Status == PostStatus.Published && post.PublicPostId is not null) break;
            var wait = next - App.Clock.GetUtcNow();
            if (wait > (maxWait ?? TimeSpan.FromSeconds(5))) break;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        return await LoadAsync(postId);
    }

    public async Task<Post> LoadAsync(Guid postId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == postId);
    }

    public async Task<List<PostEvent>> EventsAsync(Guid postId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<PostEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.PostId == postId).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<TikTokAccount> AccountAsync(Guid accountId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == accountId);
    }

    public async Task<List<EmulatorPost>> EmulatorPostsAsync(string creator)
    {
        var json = await Client.GetStringAsync("/emulators/tiktok/_emulator/posts");
        return ParseEmulatorPosts(json).Where(p => p.Creator == creator).ToList();
    }

    public static List<EmulatorPost> ParseEmulatorPosts(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => new EmulatorPost(
            e.GetProperty("publish_id").GetString()!,
            e.GetProperty("creator").GetString()!,
            e.GetProperty("mode").GetString()!,
            e.GetProperty("status").GetString()!,
            e.TryGetProperty("fail_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
            e.TryGetProperty("privacy_level", out var pl) && pl.ValueKind == JsonValueKind.String ? pl.GetString() : null,
            e.TryGetProperty("video_size", out var vs) && vs.ValueKind == JsonValueKind.Number ? vs.GetInt64() : null,
            e.GetProperty("bytes_received").GetInt64(),
            e.TryGetProperty("sha256", out var sh) && sh.ValueKind == JsonValueKind.String ? sh.GetString() : null,
            e.GetProperty("publicaly_available_post_id").EnumerateArray().Select(x => x.GetInt64()).ToList())).ToList();
    }

    public async Task FaultsAsync(object faults) =>
        (await Client.PostAsJsonAsync("/emulators/tiktok/_emulator/faults", faults)).EnsureSuccessStatusCode();

    public async Task AdvanceBothClocksAsync(TimeSpan by)
    {
        App.Clock.Advance(by);
        await EmulatedTikTok.AdvanceClockAsync(Client, by);
    }

    public PublishHooks Hooks => App.Services.GetRequiredService<PublishHooks>();

    public void Dispose() => App.Dispose();
}

/// <summary>Thrown by a hook to stop a run where a crash would.</summary>
public sealed class SimulatedCrash : Exception
{
    public SimulatedCrash(string where) : base("Simulated crash at " + where) { }
}
