// REST API benchmark (issue #13): 1,000 posts created through POST /api/v1/posts in one burst, each with an
// Idempotency-Key and 10% of them sent twice at once; then the webhook deliveries of those changes are received on a
// loopback receiver. Prints JSON: request latency p50/p95/p99, duplicates, scheduled posts, webhook lag p50/p95.
// Run: dotnet run -c Release --project bench/api [-- --posts 1000 --concurrency 32]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Webhooks;
using TikTokStudio.Web.Features.Workspaces;

internal static class ApiBenchmark
{
    private const string Zone = "Europe/Berlin";
    private const int Accounts = 10; // the trial's (Pro's) connected-account limit

    public static async Task Main(string[] args)
    {
        var postCount = ArgValue(args, "--posts", 1000);
        var concurrency = ArgValue(args, "--concurrency", 32);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        await using var receiver = await Receiver.StartAsync();
        var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(WebProjectDirectory());
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Emulators:Enabled", "true");
            builder.UseSetting("App:PublicUrl", "http://localhost");
            // The receiver is on loopback; Production refuses that unless allowed.
            builder.UseSetting("Webhooks:AllowPrivateUrls", "true");
            // The burst is the point: the per-key limits (60/min, 20 creations/min) would answer 429 after 20 posts.
            builder.UseSetting("Api:RateLimits:RequestsPerMinute", "1000000");
            builder.UseSetting("Api:RateLimits:PostCreationsPerMinute", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "None");
            builder.ConfigureTestServices(services =>
            {
                foreach (var provider in services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList()) services.Remove(provider);
            });
        });

        try
        {
            var (apiKey, videoId, accountIds) = await SeedAsync(factory, receiver.Url, dataDirectory);
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

            // 1,000 distinct posts; every tenth is sent twice with its key, back to back (a client retrying at once).
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
            var requests = new List<(string Key, string Body)>();
            for (var i = 0; i < postCount; i++)
            {
                var k = i / Accounts; // this account's k-th post: 7 a day at 08:00, 09:30, ... over the next weeks
                var local = today.AddDays(1 + k / 7).ToDateTime(new TimeOnly(8, 0)).AddMinutes(90 * (k % 7));
                var body = JsonSerializer.Serialize(new
                {
                    accounts = new[] { new { id = accountIds[i % Accounts], privacy = "PUBLIC_TO_EVERYONE", allow_comment = true } },
                    caption = $"Bench post {i} #api",
                    media = new { video_id = videoId },
                    publish_at = local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
                    timezone = Zone,
                    confirm_repost = true, // one video for every post: the composer's repeat check would refuse the second
                });
                var key = Guid.NewGuid().ToString();
                requests.Add((key, body));
                if (i % 10 == 0) requests.Add((key, body));
            }

            var latencies = new ConcurrentBag<double>();
            var statuses = new ConcurrentDictionary<int, int>();
            var compositionsByKey = new ConcurrentDictionary<string, ConcurrentBag<string>>();
            var queue = new ConcurrentQueue<(string Key, string Body)>(requests);
            var burst = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (queue.TryDequeue(out var request))
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts") { Content = new StringContent(request.Body, Encoding.UTF8, "application/json") };
                    message.Headers.Add("Idempotency-Key", request.Key);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.SendAsync(message);
                    var text = await response.Content.ReadAsStringAsync();
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1) == 1 && !response.IsSuccessStatusCode)
                        Console.Error.WriteLine($"first {(int)response.StatusCode}: {text}"); // stderr: stdout is the result
                    if (response.StatusCode == HttpStatusCode.Created)
                        compositionsByKey.GetOrAdd(request.Key, _ => []).Add(JsonDocument.Parse(text).RootElement.GetProperty("composition_id").GetString()!);
                }
            }));
            burst.Stop();

            // What the database holds afterwards: one post per key, each scheduled with its trigger.
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var posts = await db.Set<Post>().IgnoreQueryFilters().AsNoTracking().Select(p => new { p.Id, p.Status, p.CompositionId }).ToListAsync();
            var scheduler = await scope.ServiceProvider.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
            var withTrigger = 0;
            foreach (var post in posts)
                if (await scheduler.GetTrigger(TikTokStudio.Web.Features.Posts.Publish.PostScheduler.SlotTriggerFor(post.Id)) is not null) withTrigger++;

            // Every change that was committed has outbox rows; wait until each reached the receiver (or 5 minutes).
            var expected = await db.Set<WebhookDelivery>().IgnoreQueryFilters().CountAsync();
            var waitUntil = DateTime.UtcNow.AddMinutes(5);
            while (receiver.Received.Count < expected && DateTime.UtcNow < waitUntil)
            {
                await Task.Delay(200);
                expected = await db.Set<WebhookDelivery>().IgnoreQueryFilters().CountAsync();
            }
            var lags = receiver.Received.Select(r => (r.At - r.Timestamp).TotalMilliseconds).ToList();
            var messageIds = receiver.Received.Select(r => r.Id).ToList();

            var ordered = latencies.Order().ToList();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "api-burst",
                posts = postCount,
                requests = requests.Count,
                sentTwice = requests.Count - postCount,
                concurrency,
                burstSeconds = Math.Round(burst.Elapsed.TotalSeconds, 2),
                statuses = statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
                latencyMs = new { p50 = Percentile(ordered, 50), p95 = Percentile(ordered, 95), p99 = Percentile(ordered, 99), max = Math.Round(ordered[^1], 1) },
                postsInDatabase = posts.Count,
                duplicates = posts.Count - postCount,
                repliesThatDisagreed = compositionsByKey.Values.Count(c => c.Distinct().Count() > 1),
                scheduled = posts.Count(p => p.Status == PostStatus.Scheduled),
                withTrigger,
                webhooks = new
                {
                    deliveries = expected,
                    received = receiver.Received.Count,
                    repeatedMessageIds = messageIds.Count - messageIds.Distinct().Count(),
                    lagMs = new { p50 = Percentile(lags.Order().ToList(), 50), p95 = Percentile(lags.Order().ToList(), 95), max = lags.Count == 0 ? 0 : Math.Round(lags.Max(), 1) },
                },
                machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
            }));
        }
        finally
        {
            // The app first (Quartz writes its store while it shuts down), its data folder after.
            await factory.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(string ApiKey, Guid VideoId, Guid[] AccountIds)> SeedAsync(WebApplicationFactory<global::Program> factory, string receiverUrl, string dataDirectory)
    {
        using var scope = factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "bench@example.com", Email = "bench@example.com", EmailConfirmed = true, TimeZoneId = Zone };
        var created = await users.CreateAsync(user, "Bench-secret-1!");
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Bench", Zone);
        var db = services.GetRequiredService<StudioDbContext>();
        var accounts = Enumerable.Range(1, Accounts).Select(n => new TikTokAccount
        {
            WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = $"Bench {n}", Username = $"bench_{n}",
            GrantedScopes = "user.info.basic,user.info.profile,user.info.stats,video.list,video.publish,video.upload",
            PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY", MaxVideoPostDurationSec = 600, ConnectedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.AddRange(accounts);
        var storage = services.GetRequiredService<MediaStorage>();
        var video = new MediaFile
        {
            WorkspaceId = workspace.Id, OriginalFileName = "bench.mp4", ContentType = "video/mp4", Kind = MediaKind.Video, SizeBytes = 1_000_000,
            StoragePath = "", Status = MediaStatus.Ready, Container = MediaContainer.Mp4, Codec = "H.264", DurationMs = 10_000,
            Width = 720, Height = 1280, FrameRate = 30, CreatedAt = DateTimeOffset.UtcNow, CompletedAt = DateTimeOffset.UtcNow,
            UploadedByUserId = user.Id, Sha256 = Guid.NewGuid().ToString("N"),
        };
        video.StoragePath = MediaStorage.RelativePathFor(workspace.Id, video.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(storage.FullPath(video))!);
        await File.WriteAllBytesAsync(storage.FullPath(video), new byte[video.SizeBytes]);
        db.Add(video);
        await db.SaveChangesAsync();

        // The key and the endpoint are made as the Owner would on their pages.
        await using var asOwner = factory.Services.CreateAsyncScope();
        await WorkspaceResolver.ResolveAsync(user.Id, asOwner.ServiceProvider.GetRequiredService<WorkspaceContext>(), asOwner.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        var key = await asOwner.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(new ApiKeyRequest("bench", WorkspaceRole.Editor, [], ApiKeyExpiry.Never));
        if (key.Secret is null) throw new InvalidOperationException(string.Join(" ", key.Errors.Select(e => e.Message)));
        var endpoint = await asOwner.ServiceProvider.GetRequiredService<WebhookEndpoints>().CreateAsync(new EndpointInput(receiverUrl, "bench", true, [], true), CancellationToken.None);
        if (!endpoint.Ok) throw new InvalidOperationException(endpoint.Message);
        return (key.Secret, video.Id, accounts.Select(a => a.Id).ToArray());
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    private static int ArgValue(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "TikTokStudio.Web");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/TikTokStudio.Web not found above the benchmark's folder.");
    }

    /// <summary>A webhook receiver on a loopback port: the arrival time and the payload's own timestamp of each delivery.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        public sealed record Arrival(string Id, DateTimeOffset Timestamp, DateTimeOffset At);

        private readonly WebApplication app;
        public ConcurrentQueue<Arrival> Received { get; } = new();
        public string Url { get; private set; } = "";

        private Receiver(WebApplication app) => this.app = app;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var self = new Receiver(app);
            app.MapPost("/hooks", async (HttpRequest request) =>
            {
                var at = DateTimeOffset.UtcNow;
                using var doc = await JsonDocument.ParseAsync(request.Body);
                self.Received.Enqueue(new Arrival(request.Headers["webhook-id"].ToString(), doc.RootElement.GetProperty("timestamp").GetDateTimeOffset(), at));
                return Results.Ok();
            });
            await app.StartAsync();
            self.Url = app.Urls.First().TrimEnd('/') + "/hooks";
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
