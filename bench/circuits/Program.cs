// Open circuits benchmark: N signed-in pages (half /app/posts, half /app/calendar) in one headless Chromium, then 500
// post status changes saved and raised as live events exactly as the publishing engine does (row saved, then
// ILiveNotifier.ChangedAsync). Prints JSON: server memory per open circuit, and event-to-DOM latency measured in the pages.
// Run: dotnet run -c Release --project bench/circuits [-- --pages 40 --changes 500 --paths /app/posts,/app/calendar]
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

internal static class CircuitsBenchmark
{
    private const string Password = "Bench-secret-1!";

    public static async Task Main(string[] args)
    {
        var pageCount = ArgValue(args, "--pages", 40);
        var changes = ArgValue(args, "--changes", 500);
        var visiblePosts = ArgValue(args, "--visible-posts", 10);
        var pathsArg = Array.IndexOf(args, "--paths");
        string[] paths = pathsArg >= 0 && pathsArg + 1 < args.Length ? args[pathsArg + 1].Split(',') : ["/app/posts", "/app/calendar"];

        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(WebProjectDirectory());
            // Development: the static web assets (blazor.web.js, MudBlazor's files) are served from the build output.
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Emulators:Enabled", "true");
            builder.UseSetting("Security:AccountPostsPerMinute", "100000");
            builder.ConfigureTestServices(services =>
            {
                // stdout carries the result only.
                foreach (var provider in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Logging.ILoggerProvider)).ToList()) services.Remove(provider);
                // The status changes come from this program; the real engine's jobs would compete for the 2 cores.
                foreach (var hosted in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                    && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Quartz", StringComparison.Ordinal)).ToList())
                {
                    services.Remove(hosted);
                }
            });
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        try
        {
            var (email, workspace, postIds) = await SeedAsync(factory.Services, visiblePosts);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
            var signIn = await context.NewPageAsync();
            await signIn.GotoAsync("/Account/Login");
            await signIn.GetByLabel("Email address").FillAsync(email);
            await signIn.Locator("[id='Input.Password']").FillAsync(Password);
            await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await signIn.WaitForURLAsync("**/app");
            await signIn.CloseAsync();

            var hub = factory.Services.GetRequiredService<LiveEventHub>();
            var (heapBefore, rssBefore) = ServerMemory();
            var subscriptionsBefore = hub.SubscriptionCount;
            var pages = new List<IPage>();
            for (var i = 0; i < pageCount; i++)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(paths[i % paths.Length]);
                await page.Locator("main[data-circuit=ready]").WaitForAsync(new() { Timeout = 60_000 });
                // Each page notes when a marker first shows up in its DOM (Date.now() shares the machine's clock with the server).
                await page.EvaluateAsync("""
                    () => {
                      window.seen = {};
                      const scan = () => { for (const m of document.body.innerText.matchAll(/bench-marker-(\d+)/g)) if (!(m[1] in window.seen)) window.seen[m[1]] = Date.now(); };
                      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
                    }
                    """);
                pages.Add(page);
            }
            await Task.Delay(2000);
            var (heapAfter, rssAfter) = ServerMemory();
            var circuits = hub.SubscriptionCount - subscriptionsBefore;

            // The changes: each one saves a post (status and caption, so the pages have something to show) and raises
            // the engine's event; a page shows the marker when it re-rendered with the new data.
            var sentAt = new Dictionary<int, long>();
            for (var n = 0; n < changes; n++)
            {
                var postId = postIds[n % postIds.Count];
                using (var scope = factory.Services.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
                    using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
                    var post = await db.Set<Post>().SingleAsync(p => p.Id == postId);
                    post.Title = $"bench-marker-{n}";
                    post.Status = n % 3 == 0 ? PostStatus.Publishing : PostStatus.Scheduled;
                    post.Stage = post.Status == PostStatus.Publishing ? PublishStage.Uploading : PublishStage.None;
                    await db.SaveChangesAsync();
                }
                sentAt[n] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await hub.ChangedAsync(workspace.Id, "post", postId.ToString());
                await Task.Delay(20);
            }
            await Task.Delay(3000);

            var latencies = new List<double>();
            var perPath = paths.ToDictionary(p => p, _ => new List<double>());
            var missedLast = 0;
            for (var i = 0; i < pages.Count; i++)
            {
                var seen = await pages[i].EvaluateAsync<Dictionary<string, long>>("() => window.seen");
                // Changes to one post supersede each other; only the last marker of each post must appear, earlier ones
                // may be folded into one re-render. Latency counts the markers that did appear.
                foreach (var (marker, at) in seen)
                {
                    var n = int.Parse(marker);
                    if (!sentAt.TryGetValue(n, out var sent)) continue;
                    var latency = Math.Max(0, at - sent);
                    latencies.Add(latency);
                    perPath[paths[i % paths.Length]].Add(latency);
                }
                for (var k = changes - postIds.Count; k < changes; k++) if (k >= 0 && !seen.ContainsKey(k.ToString())) missedLast++;
            }

            var result = new
            {
                benchmark = "circuits",
                machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
                date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"),
                pages = pageCount,
                paths,
                circuitsSubscribed = circuits,
                changes,
                serverManagedHeapPerCircuitKiB = Math.Round((heapAfter - heapBefore) / 1024.0 / pageCount, 1),
                serverRssPerCircuitKiB = Math.Round((rssAfter - rssBefore) / 1024.0 / pageCount, 1),
                eventToDomMs = Summary(latencies),
                eventToDomMsByPath = perPath.ToDictionary(p => p.Key, p => Summary(p.Value)),
                finalStateMissing = missedLast,
                meetsTargets = new
                {
                    memoryPerCircuitAtMost1MiB = (rssAfter - rssBefore) / (double)pageCount <= 1024 * 1024,
                    p95AtMost250Ms = latencies.Count > 0 && Percentile(latencies, 95) <= 250,
                },
            };
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(string Email, Workspace Workspace, List<Guid> PostIds)> SeedAsync(IServiceProvider services, int visiblePosts)
    {
        using var scope = services.CreateScope();
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = "UTC" };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, "Bench Co", "UTC");
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        var account = new TikTokAccount { OpenId = Guid.NewGuid().ToString(), DisplayName = "Bench creator", Username = "bench" };
        db.Add(account);
        // Tomorrow at 09:00, 10:00...: first in the posts list and in this month's (or next month's first) calendar page.
        var start = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(9);
        var posts = Enumerable.Range(0, visiblePosts).Select(i => new Post
        {
            AccountId = account.Id, CompositionId = Guid.NewGuid(), Title = $"Post {i}", CreatedByUserId = user.Id,
            Status = PostStatus.Scheduled, PublishAt = new DateTimeOffset(start.AddHours(i), TimeSpan.Zero),
        }).ToList();
        db.AddRange(posts);
        await db.SaveChangesAsync();
        return (email, workspace, posts.Select(p => p.Id).ToList());
    }

    private static (long Heap, long Rss) ServerMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static object Summary(List<double> values) => values.Count == 0
        ? new { count = 0, p50 = 0.0, p95 = 0.0, max = 0.0 }
        : new { count = values.Count, p50 = Percentile(values, 50), p95 = Percentile(values, 95), max = values.Max() };

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static int ArgValue(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
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
}
