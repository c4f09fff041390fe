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
    public static async Task Main(string[] args)
    {
        var pageCount = BrowserBenchApp.ArgValue(args, "--pages", 40);
        var changes = BrowserBenchApp.ArgValue(args, "--changes", 500);
        var visiblePosts = BrowserBenchApp.ArgValue(args, "--visible-posts", 10);
        var pathsArg = Array.IndexOf(args, "--paths");
        // The calendar's month view shows three posts a day and "+N more"; the seeded posts all fall tomorrow (UTC, the
        // workspace's zone), so the calendar pages open that day, which shows every one of them.
        var calendarDay = $"/app/calendar?view=day&date={DateTime.UtcNow.Date.AddDays(1):yyyy-MM-dd}";
        string[] paths = pathsArg >= 0 && pathsArg + 1 < args.Length ? args[pathsArg + 1].Split(',') : ["/app/posts", calendarDay];

        await using var app = BrowserBenchApp.Start(withoutQuartz: true);
        {
            var (email, workspace, postIds) = await SeedAsync(app, visiblePosts);
            var context = await app.SignedInContextAsync(email);
            var factory = app.Factory;

            var hub = factory.Services.GetRequiredService<LiveEventHub>();
            // One page per path first, outside the count: the first circuit on a path also pays for what every later
            // one shares (EF's compiled queries, MudBlazor's and Blazor's per-type caches), which is not a cost per circuit.
            foreach (var path in paths) await OpenAsync(context, path);
            var (heapBefore, rssBefore) = ServerMemory();
            var subscriptionsBefore = hub.SubscriptionCount;
            var pages = new List<IPage>();
            for (var i = 0; i < pageCount; i++)
            {
                var page = await OpenAsync(context, paths[i % paths.Length]);
                // Each page notes when a marker first shows up in its DOM (Date.now() shares the machine's clock with the server);
                // textContent, not innerText, which would lay the page out again on every mutation.
                await page.EvaluateAsync("""
                    () => {
                      window.seen = {};
                      const scan = () => { for (const m of document.body.textContent.matchAll(/bench-marker-(\d+)~/g)) if (!(m[1] in window.seen)) window.seen[m[1]] = Date.now(); };
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
            Console.Error.WriteLine($"{pages.Count + paths.Length} pages open; sending {changes} changes");
            var sentAt = new Dictionary<int, long>();
            for (var n = 0; n < changes; n++)
            {
                var postId = postIds[n % postIds.Count];
                using (var scope = factory.Services.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
                    using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
                    var post = await db.Set<Post>().SingleAsync(p => p.Id == postId);
                    post.Title = $"bench-marker-{n}~"; // the ~ ends the number where text nodes run together
                    post.Status = n % 3 == 0 ? PostStatus.Publishing : PostStatus.Scheduled;
                    post.Stage = post.Status == PostStatus.Publishing ? PublishStage.Uploading : PublishStage.None;
                    await db.SaveChangesAsync();
                }
                sentAt[n] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await hub.ChangedAsync(workspace.Id, "post", postId.ToString());
                await Task.Delay(20);
            }
            // Wait until every page shows each post's last marker (or a minute has passed): a latency counted only over
            // the markers that had arrived by some fixed moment would leave out the slowest ones.
            var lastMarkers = Enumerable.Range(Math.Max(0, changes - postIds.Count), Math.Min(changes, postIds.Count)).Select(k => k.ToString()).ToArray();
            var waitUntil = DateTime.UtcNow.AddMinutes(1);
            foreach (var page in pages)
                while (DateTime.UtcNow < waitUntil && !await page.EvaluateAsync<bool>("markers => markers.every(m => m in window.seen)", lastMarkers))
                    await Task.Delay(100);

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
                    p95AtMost250Ms = latencies.Count > 0 && BrowserBenchApp.Percentile(latencies, 95) <= 250,
                },
            };
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    private static async Task<(string Email, Workspace Workspace, List<Guid> PostIds)> SeedAsync(BrowserBenchApp app, int visiblePosts)
    {
        var (email, user, workspace) = await app.NewMemberAsync("Bench Co");
        using var scope = app.Services.CreateScope();
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

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("main[data-circuit=ready]").WaitForAsync(new() { Timeout = 60_000 });
        return page;
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
        : new { count = values.Count, p50 = BrowserBenchApp.Percentile(values, 50), p95 = BrowserBenchApp.Percentile(values, 95), max = values.Max() };
}
