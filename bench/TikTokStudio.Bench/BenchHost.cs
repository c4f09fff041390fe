using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Web;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Bench;

/// <summary>
/// The standalone emulator as a child process (so its memory is not the engine's) and the web app's engine hosted in
/// this process through the app's own composition root, with a fresh data directory.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly Process emulator;
    private readonly WebApplication app;

    private readonly bool started;

    private BenchHost(Process emulator, WebApplication app, Uri emulatorOrigin, string dataDirectory, bool started = true)
    {
        this.started = started;
        this.emulator = emulator;
        this.app = app;
        EmulatorOrigin = emulatorOrigin;
        DataDirectory = dataDirectory;
        Emulator = new HttpClient { BaseAddress = emulatorOrigin, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri EmulatorOrigin { get; }
    public string DataDirectory { get; }
    public HttpClient Emulator { get; }
    public IServiceProvider Services => app.Services;
    public int EmulatorPid => emulator.Id;

    /// <param name="startApp">False: the app is built and migrated but not started (no Quartz node, no server): the
    /// cluster benchmark seeds and schedules through it while separate app processes do the work.</param>
    public static async Task<BenchHost> StartAsync(Dictionary<string, string?> settings, bool startApp = true)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TikTokStudio.Emulators.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Emulators__TikTok__ProcessingDelayMs"] = "0";
        start.Environment["Emulators__TikTok__ModerationDelayMs"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var origin = new Uri($"http://127.0.0.1:{port}");
        using (var probe = new HttpClient { BaseAddress = origin })
        {
            for (var i = 0; ; i++)
            {
                try { (await probe.GetAsync("/emulators/tiktok/_emulator/clock")).EnsureSuccessStatusCode(); break; }
                catch (HttpRequestException) when (i < 200) { await Task.Delay(100); }
            }
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "TikTokStudio.Web",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Emulators:Enabled"] = "false",
            ["App:PublicUrl"] = "http://127.0.0.1",
            ["TikTok:EmulatorBaseUrl"] = origin + "emulators/tiktok",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddStudio();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStudio();
        if (startApp) await app.StartAsync();
        return new BenchHost(process, app, origin, dataDirectory, startApp);
    }

    /// <summary>A workspace with connected accounts for emulated creators (tokens straight from the emulator's control API).</summary>
    public async Task<(Guid WorkspaceId, List<TikTokAccount> Accounts)> WorkspaceWithAccountsAsync(IReadOnlyList<string> usernames)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<TokenProtector>();
        var now = DateTimeOffset.UtcNow;
        var workspace = new Workspace { Name = "Bench", TimeZoneId = "UTC", CreatedAt = now, TrialEndsAt = now.AddDays(14) };
        db.Add(workspace);
        var accounts = new List<TikTokAccount>();
        foreach (var batch in usernames.Chunk(50))
        {
            var tokens = await Task.WhenAll(batch.Select(async u =>
            {
                var response = await Emulator.PostAsJsonAsync($"/emulators/tiktok/_emulator/creators/{u}/tokens", new { });
                response.EnsureSuccessStatusCode();
                return (u, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
            }));
            foreach (var (username, token) in tokens)
            {
                accounts.Add(new TikTokAccount
                {
                    WorkspaceId = workspace.Id,
                    OpenId = token.GetProperty("open_id").GetString()!,
                    Username = username,
                    DisplayName = username,
                    GrantedScopes = token.GetProperty("scope").GetString()!,
                    ProtectedAccessToken = protector.Protect(token.GetProperty("access_token").GetString()!),
                    ProtectedRefreshToken = protector.Protect(token.GetProperty("refresh_token").GetString()!),
                    AccessTokenExpiresAt = now.AddSeconds(token.GetProperty("expires_in").GetInt64()),
                    RefreshTokenExpiresAt = now.AddSeconds(token.GetProperty("refresh_expires_in").GetInt64()),
                    LastRefreshedAt = now,
                    PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY",
                    MaxVideoPostDurationSec = 600,
                    ConnectedAt = now,
                });
            }
        }
        db.AddRange(accounts);
        await db.SaveChangesAsync();
        return (workspace.Id, accounts);
    }

    /// <summary>A ready video of <paramref name="size"/> pseudo-random bytes written straight into media storage.</summary>
    public async Task<MediaFile> VideoAsync(Guid workspaceId, long size)
    {
        using var scope = Services.CreateScope();
        var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
        var file = new MediaFile
        {
            WorkspaceId = workspaceId, OriginalFileName = "bench.mp4", ContentType = "video/mp4", Kind = MediaKind.Video, SizeBytes = size,
            StoragePath = "", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "h264", DurationMs = 30_000,
            Width = 1080, Height = 1920, FrameRate = 30, CreatedAt = DateTimeOffset.UtcNow, UploadedByUserId = "bench",
        };
        file.StoragePath = MediaStorage.RelativePathFor(workspaceId, file.Id);
        var path = storage.FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = File.Create(path))
        {
            var buffer = new byte[4 * 1024 * 1024];
            var random = new Random(42);
            for (long written = 0; written < size;)
            {
                random.NextBytes(buffer);
                var n = (int)Math.Min(buffer.Length, size - written);
                await stream.WriteAsync(buffer.AsMemory(0, n));
                written += n;
            }
        }
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Add(file);
        await db.SaveChangesAsync();
        return file;
    }

    public async Task<List<Post>> PostsAsync(IEnumerable<TikTokAccount> accounts, MediaFile video, DateTimeOffset publishAt)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var now = DateTimeOffset.UtcNow;
        var posts = accounts.Select(a => new Post
        {
            WorkspaceId = a.WorkspaceId, CompositionId = Guid.NewGuid(), AccountId = a.Id, Kind = PostKind.Video, VideoMediaId = video.Id,
            Title = "bench #load", PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = PostStatus.Scheduled, PublishAt = publishAt,
            CreatedAt = now, UpdatedAt = now, CreatedByUserId = "bench",
        }).ToList();
        db.AddRange(posts);
        await db.SaveChangesAsync();
        return posts;
    }

    public async Task<List<Post>> LoadPostsAsync(IEnumerable<Guid> ids)
    {
        var set = ids.ToList();
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .Where(p => set.Contains(p.Id)).ToListAsync();
    }

    public async Task<List<PostEvent>> EventsAsync(IEnumerable<Guid> ids)
    {
        var set = ids.ToList();
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<PostEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => set.Contains(e.PostId)).ToListAsync();
    }

    /// <summary>What the emulator received: (creator, status, bytes, fail_reason).</summary>
    public async Task<List<(string Creator, string Status, long Bytes, string? FailReason, string PublishId)>> EmulatorPostsAsync()
    {
        using var doc = JsonDocument.Parse(await Emulator.GetStringAsync("/emulators/tiktok/_emulator/posts"));
        return doc.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("creator").GetString()!, e.GetProperty("status").GetString()!, e.GetProperty("bytes_received").GetInt64(),
            e.TryGetProperty("fail_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null,
            e.GetProperty("publish_id").GetString()!)).ToList();
    }

    /// <summary>429s the emulator answered since it started (its per-token budgets).</summary>
    public async Task<int> EmulatorRateLimitedAsync()
    {
        using var doc = JsonDocument.Parse(await Emulator.GetStringAsync("/emulators/tiktok/_emulator/stats"));
        return doc.RootElement.GetProperty("rate_limited").GetInt32();
    }

    public async Task<List<string>> GenerateCreatorsAsync(int count)
    {
        var response = await Emulator.PostAsJsonAsync("/emulators/tiktok/_emulator/creators/generate", new { count });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("usernames").EnumerateArray().Select(u => u.GetString()!).ToList();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (started) await app.StopAsync();
        await app.DisposeAsync();
        try { emulator.Kill(entireProcessTree: true); await emulator.WaitForExitAsync(); } catch (InvalidOperationException) { }
        Emulator.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Linux process memory from /proc/self (RSS and its high-water mark, which clear_refs resets).</summary>
public static class Memory
{
    public static long RssBytes => Read("VmRSS:");
    public static long PeakRssBytes => Read("VmHWM:");

    /// <summary>Resets the peak to the current RSS (Linux: echo 5 > /proc/self/clear_refs).</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long Read(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var kb = long.Parse(line[key.Length..].Trim().Split(' ')[0]);
            return kb * 1024;
        }
        return 0;
    }
}
