using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikTokStudio.Bench;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Upload;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

// One benchmark per run; each prints one JSON object on stdout (see bench/README.md).
var which = args.FirstOrDefault() ?? "";
var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
object result = which switch
{
    "upload" => await UploadBench.RunAsync(
        long.Parse(options.GetValueOrDefault("size-mib", "1024")) * 1024 * 1024,
        options.GetValueOrDefault("chunks", "5242880,10000000,64000000").Split(',').Select(long.Parse).ToList()),
    "fanout" when options.GetValueOrDefault("provider", "sqlite") == "postgres" => await ClusterFanOutBench.RunAsync(
        int.Parse(options.GetValueOrDefault("instances", "2")), int.Parse(options.GetValueOrDefault("posts", "10000")),
        int.Parse(options.GetValueOrDefault("creators", "1000")),
        options.TryGetValue("kill-one-at", out var kill) ? TimeSpan.FromSeconds(double.Parse(kill.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture)) : null,
        options.GetValueOrDefault("pg") ?? Environment.GetEnvironmentVariable("STUDIO_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres",
        options.GetValueOrDefault("concurrency")),
    "fanout" => await FanOutBench.RunAsync(int.Parse(options.GetValueOrDefault("creators", "1000")), options.GetValueOrDefault("concurrency")),
    "one-creator" => await OneCreatorBench.RunAsync(int.Parse(options.GetValueOrDefault("posts", "20"))),
    _ => throw new ArgumentException("Usage: upload [--size-mib 1024] [--chunks a,b,c] | fanout [--creators 1000] [--concurrency 16] | fanout --provider postgres [--instances 2] [--posts 10000] [--creators 1000] [--kill-one-at 20s] [--pg <admin connection string>] | one-creator [--posts 20]"),
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = false }));

static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>1 GiB through the engine vs the same bytes with a plain sequential PUT loop, per chunk size.</summary>
static class UploadBench
{
    public static async Task<object> RunAsync(long size, IReadOnlyList<long> chunkSizes)
    {
        await using var host = await BenchHost.StartAsync(new() { ["Publishing:ReconcileEnabled"] = "false" });
        var creators = await host.GenerateCreatorsAsync(1);
        var (workspaceId, accounts) = await host.WorkspaceWithAccountsAsync(creators);
        var account = accounts[0];
        var video = await host.VideoAsync(workspaceId, size);
        var hooks = host.Services.GetRequiredService<PublishHooks>();
        var publishing = host.Services.GetRequiredService<IOptions<PublishingOptions>>().Value;
        var runs = new List<object>();

        foreach (var chunk in chunkSizes)
        {
            publishing.ChunkSizeBytes = chunk;
            // Engine: from the saved publish_id to the last byte acknowledged.
            var post = (await host.PostsAsync([account], video, DateTimeOffset.UtcNow))[0];
            long started = 0, finished = 0;
            hooks.At = (point, _) =>
            {
                if (point == PublishCheckpoint.PublishIdSaved) started = Stopwatch.GetTimestamp();
                if (point == PublishCheckpoint.UploadCompleted) finished = Stopwatch.GetTimestamp();
                return ValueTask.CompletedTask;
            };
            GC.Collect();
            var rssBefore = Memory.RssBytes;
            Memory.ResetPeak();
            for (var i = 0; i < 50; i++)
            {
                using var scope = host.Services.CreateScope();
                var next = await scope.ServiceProvider.GetRequiredService<PublishPost>().RunAsync(post.Id, CancellationToken.None);
                if (next.NextRunAt is null || finished != 0) break;
                var wait = next.NextRunAt.Value - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
            var enginePeak = Memory.PeakRssBytes;
            hooks.At = null;
            var engineSeconds = Stopwatch.GetElapsedTime(started, finished).TotalSeconds;

            // Plain loop: init with the same token, then PUT each chunk from a reused buffer, one after another.
            var plainSeconds = await PlainLoopAsync(host, account, video, size, chunk);
            var engineMbps = size / engineSeconds / 1e6;
            var plainMbps = size / plainSeconds / 1e6;
            runs.Add(new
            {
                chunk_size = ChunkPlanner.Plan(size, chunk).ChunkSize,
                engine_mb_s = Math.Round(engineMbps, 1),
                plain_mb_s = Math.Round(plainMbps, 1),
                ratio = Math.Round(engineMbps / plainMbps, 3),
                engine_peak_rss_mb = Math.Round(enginePeak / 1e6, 1),
                engine_peak_rss_growth_mb = Math.Round((enginePeak - rssBefore) / 1e6, 1),
            });
        }
        return new { bench = "upload", size_bytes = size, runs };
    }

    private static async Task<double> PlainLoopAsync(BenchHost host, TikTokAccount account, TikTokStudio.Web.Features.Media.MediaFile video, long size, long chunk)
    {
        using var scope = host.Services.CreateScope();
        var token = (await scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(account.Id, CancellationToken.None))!;
        var plan = ChunkPlanner.Plan(size, chunk);
        var init = await scope.ServiceProvider.GetRequiredService<TikTokPostingClient>().InitDirectVideoAsync(token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo { PrivacyLevel = TikTokPrivacyLevel.SelfOnly, Title = "plain loop" },
            SourceInfo = VideoSourceInfo.FileUpload(plan),
        });
        var path = scope.ServiceProvider.GetRequiredService<TikTokStudio.Web.Features.Media.MediaStorage>().FullPath(video);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var buffer = new byte[plan.Chunks.Max(c => c.Length)];
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var clock = Stopwatch.StartNew();
        foreach (var range in plan.Chunks)
        {
            var length = (int)range.Length;
            file.Position = range.First;
            await file.ReadExactlyAsync(buffer.AsMemory(0, length));
            using var content = new ByteArrayContent(buffer, 0, length);
            content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            content.Headers.ContentRange = new ContentRangeHeaderValue(range.First, range.Last, size);
            using var response = await http.PutAsync(init.UploadUrl, content);
            if ((int)response.StatusCode is not (201 or 206 or 200)) throw new InvalidOperationException($"PUT answered {(int)response.StatusCode}");
        }
        return clock.Elapsed.TotalSeconds;
    }
}

/// <summary>N creators with one post each due at the same minute, scheduled through Quartz like the composer does.</summary>
static class FanOutBench
{
    public static async Task<object> RunAsync(int creatorsCount, string? concurrency)
    {
        await using var host = await BenchHost.StartAsync(new()
        {
            ["Publishing:ReconcileEnabled"] = "false",
            ["Publishing:MaxConcurrentPublishes"] = concurrency ?? "32",
        });
        var creators = await host.GenerateCreatorsAsync(creatorsCount);
        var (workspaceId, accounts) = await host.WorkspaceWithAccountsAsync(creators);
        var video = await host.VideoAsync(workspaceId, 1_000_000);
        var slot = DateTimeOffset.UtcNow.AddSeconds(45);
        slot = new DateTimeOffset(slot.Year, slot.Month, slot.Day, slot.Hour, slot.Minute, slot.Second, TimeSpan.Zero);
        var posts = await host.PostsAsync(accounts, video, slot);
        using (var scope = host.Services.CreateScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<PostScheduler>();
            foreach (var post in posts) await scheduler.ScheduleAsync(post, CancellationToken.None);
        }
        var scheduledBy = DateTimeOffset.UtcNow;
        return await Outcome.WaitAsync(host, posts, slot, TimeSpan.FromMinutes(20), new { bench = "fanout", creators = creatorsCount, max_concurrent_publishes = concurrency ?? "32", slot_utc = slot, scheduling_done_before_slot_s = Math.Round((slot - scheduledBy).TotalSeconds, 1) });
    }
}

/// <summary>One creator with N posts due at the same minute: spread by the per-token init budget, capped by the daily limit.</summary>
static class OneCreatorBench
{
    public static async Task<object> RunAsync(int count)
    {
        await using var host = await BenchHost.StartAsync(new() { ["Publishing:ReconcileEnabled"] = "false" });
        var creators = await host.GenerateCreatorsAsync(1);
        var (workspaceId, accounts) = await host.WorkspaceWithAccountsAsync(creators);
        var video = await host.VideoAsync(workspaceId, 1_000_000);
        var slot = DateTimeOffset.UtcNow.AddSeconds(15);
        var posts = await host.PostsAsync(Enumerable.Repeat(accounts[0], count), video, slot);
        using (var scope = host.Services.CreateScope())
        {
            var scheduler = scope.ServiceProvider.GetRequiredService<PostScheduler>();
            foreach (var post in posts) await scheduler.ScheduleAsync(post, CancellationToken.None);
        }
        return await Outcome.WaitAsync(host, posts, slot, TimeSpan.FromMinutes(8), new { bench = "one-creator", posts = count, slot_utc = slot }, settledStates: [PostStatus.WaitingForDailyLimit]);
    }
}

static class Outcome
{
    public static async Task<object> WaitAsync(BenchHost host, List<Post> posts, DateTimeOffset slot, TimeSpan timeout, object header, PostStatus[]? settledStates = null)
    {
        var ids = posts.Select(p => p.Id).ToList();
        var settled = new HashSet<PostStatus> { PostStatus.Published, PostStatus.SentToInbox, PostStatus.Failed, PostStatus.Unconfirmed, PostStatus.Missed };
        foreach (var s in settledStates ?? []) settled.Add(s);
        var deadline = DateTimeOffset.UtcNow + timeout;
        List<Post> rows;
        DateTimeOffset? allSettledAt = null;
        while (true)
        {
            rows = await host.LoadPostsAsync(ids);
            if (rows.All(p => settled.Contains(p.Status))) { allSettledAt = DateTimeOffset.UtcNow; break; }
            if (DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(500);
        }
        var events = await host.EventsAsync(ids);
        // Lateness against each post's own slot (the cluster benchmark spreads slots over a minute).
        var lateness = rows.Where(p => p.InitRequestedAt is not null).Select(p => (p.InitRequestedAt!.Value - p.PublishAt!.Value).TotalSeconds).Order().ToList();
        var uploadLateness = rows.Where(p => p.UploadCompletedAt is not null).Select(p => (p.UploadCompletedAt!.Value - p.PublishAt!.Value).TotalSeconds).Order().ToList();
        var emulator = await host.EmulatorPostsAsync();
        var owned = rows.Where(p => p.PublishId is not null).Select(p => p.PublishId!).ToHashSet();
        // Where the lateness goes: waiting to start (worker threads, the gate) vs the pre-flight itself.
        var started = events.Where(e => e.Kind == PostEventKinds.Preflight).GroupBy(e => e.PostId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        var slots = rows.ToDictionary(p => p.Id, p => p.PublishAt!.Value);
        var startLateness = started.Select(s => (s.Value - slots[s.Key]).TotalSeconds).Order().ToList();
        var preflightSeconds = rows.Where(p => p.InitRequestedAt is not null && started.ContainsKey(p.Id))
            .Select(p => (p.InitRequestedAt!.Value - started[p.Id]).TotalSeconds).Order().ToList();
        var inits = events.Where(e => e.Kind == PostEventKinds.Init && e.Message.StartsWith("TikTok accepted", StringComparison.Ordinal)).Select(e => (e.At - slot).TotalSeconds).Order().ToList();
        return new
        {
            header,
            all_settled = allSettledAt is not null,
            seconds_until_all_settled = allSettledAt is null ? (double?)null : Math.Round((allSettledAt.Value - slot).TotalSeconds, 1),
            last_completed_after_slot_s = rows.Where(p => p.CompletedAt is not null).Select(p => Math.Round((p.CompletedAt!.Value - slot).TotalSeconds, 1)).DefaultIfEmpty().Max(),
            statuses = rows.GroupBy(p => p.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            init_lateness_s = new { p50 = Math.Round(Percentiles.Of(lateness, 50), 2), p99 = Math.Round(Percentiles.Of(lateness, 99), 2), max = lateness.Count == 0 ? 0 : Math.Round(lateness[^1], 2) },
            upload_complete_lateness_s = new { p50 = Math.Round(Percentiles.Of(uploadLateness, 50), 2), p99 = Math.Round(Percentiles.Of(uploadLateness, 99), 2), max = uploadLateness.Count == 0 ? 0 : Math.Round(uploadLateness[^1], 2) },
            run_start_lateness_s = new { p50 = Math.Round(Percentiles.Of(startLateness, 50), 2), p99 = Math.Round(Percentiles.Of(startLateness, 99), 2) },
            preflight_duration_s = new { p50 = Math.Round(Percentiles.Of(preflightSeconds, 50), 3), p99 = Math.Round(Percentiles.Of(preflightSeconds, 99), 3) },
            init_accepted_at_s_after_slot = inits.Count <= 40 ? inits.Select(s => Math.Round(s, 1)).ToList() : null,
            tiktok_429s = events.Count(e => e.Kind == PostEventKinds.Waiting),
            tiktok_cap_errors = rows.Count(p => p.FailCode is "api:spam_risk_too_many_posts" or "fail:spam_risk_too_many_posts"),
            daily_limit_waiting = rows.Count(p => p.Status == PostStatus.WaitingForDailyLimit),
            emulator_posts = emulator.Count(e => e.Bytes > 0),
            // A complete upload at TikTok that no post row owns would be a second copy of a post.
            duplicates = emulator.Count(e => e.Bytes > 0 && !owned.Contains(e.PublishId)),
            emulator_429s = await host.EmulatorRateLimitedAsync(),
            published = rows.Count(p => p.Status == PostStatus.Published),
        };
    }
}
