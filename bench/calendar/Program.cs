// Calendar events feed benchmark: the month view's request against a workspace with 10,000 posts, timed on the server
// (a middleware at the front of the pipeline: auth, workspace resolution, query, time-zone conversion, JSON), printed as JSON.
// Run: dotnet run -c Release --project bench/calendar [-- --requests 300 --posts 10000]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;

internal static class CalendarBenchmark
{
    public static async Task Main(string[] args)
    {
        var requests = ArgValue("--requests", 300);
        var postCount = ArgValue("--posts", 10_000);
        const string Zone = "Europe/Berlin";
        const string Password = "Bench-secret-1!";

        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var timings = new ServerTimings();
        using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(WebProjectDirectory());
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Emulators:Enabled", "true");
            builder.UseSetting("App:PublicUrl", "http://localhost");
            // stdout carries the result; the app's (JSON console) logs would mix into it.
            builder.UseSetting("Logging:LogLevel:Default", "None");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(timings);
                // stdout is the result: no log lines in it.
                foreach (var provider in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Logging.ILoggerProvider)).ToList()) services.Remove(provider);
                // Quartz is not started: its reconcile job would spend the 2 cores restoring triggers for the seeded
                // posts while the feed is measured, and the feed never touches the scheduler.
                foreach (var hosted in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                    && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Quartz", StringComparison.Ordinal)).ToList())
                {
                    services.Remove(hosted);
                }
                services.AddTransient<IStartupFilter, TimingStartupFilter>();
            });
        });

        try
        {
            // The month shown: next month's 6-week grid (Monday start), as FullCalendar asks for it.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
            var gridStart = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
            var gridEnd = gridStart.AddDays(42);
            var monthQuery = $"start={gridStart:yyyy-MM-dd}T00:00:00Z&end={gridEnd:yyyy-MM-dd}T00:00:00Z";

            var scenarios = new List<object>();
            // Worst case: every one of the workspace's 10,000 posts falls in the month on screen.
            scenarios.Add(await RunAsync("all posts in the month", days: DateTime.DaysInMonth(first.Year, first.Month)));
            // Typical heavy workspace: 10,000 posts over a year; the month shows its share.
            scenarios.Add(await RunAsync("posts spread over a year", days: 365));

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "calendar-events-feed",
                endpoint = "GET /app/calendar/events (month grid, 42 days)",
                timeZone = Zone,
                postsPerWorkspace = postCount,
                requestsPerScenario = requests,
                targetP95Ms = 50,
                machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
                scenarios,
            }, new JsonSerializerOptions { WriteIndented = true }));

            async Task<object> RunAsync(string name, int days)
            {
                var (email, workspaceId) = await SeedAsync(days);
                using var client = await SignInAsync(email);
                var url = "/app/calendar/events?" + monthQuery;

                var firstResponse = await client.GetAsync(url);
                firstResponse.EnsureSuccessStatusCode();
                var body = await firstResponse.Content.ReadAsByteArrayAsync();
                using var doc = JsonDocument.Parse(body);
                var events = doc.RootElement.GetArrayLength();

                for (var i = 0; i < 30; i++) (await client.GetAsync(url)).EnsureSuccessStatusCode(); // warm-up
                timings.Clear();
                var roundTrips = new List<double>(requests);
                for (var i = 0; i < requests; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(url);
                    await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                    roundTrips.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                var server = timings.Snapshot();
                return new
                {
                    scenario = name,
                    workspaceId,
                    eventsReturned = events,
                    responseBytes = body.Length,
                    serverMs = Stats(server),
                    roundTripMs = Stats(roundTrips),
                    meetsTarget = Percentile(server, 0.95) < 50,
                };
            }

            async Task<(string Email, Guid WorkspaceId)> SeedAsync(int days)
            {
                using var scope = factory.Services.CreateScope();
                var services = scope.ServiceProvider;
                var email = $"bench-{Guid.NewGuid():N}@example.com";
                var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = Zone };
                var created = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password);
                if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
                var workspace = await services.GetRequiredService<WorkspaceService>().CreateAsync(user, "Bench", Zone);

                var db = services.GetRequiredService<StudioDbContext>();
                var accounts = Enumerable.Range(0, 20).Select(i => new TikTokAccount
                {
                    WorkspaceId = workspace.Id, OpenId = Guid.NewGuid().ToString("N"), DisplayName = $"Creator {i}", Username = $"creator{i}",
                    AvatarUrl = $"https://p16-sign.tiktokcdn.com/avatar/creator{i}.jpeg",
                    GrantedScopes = i % 5 == 0 ? "user.info.basic,video.upload" : "user.info.basic,video.publish,video.upload",
                    ConnectedAt = DateTimeOffset.UtcNow,
                }).ToList();
                db.AddRange(accounts);

                var random = new Random(42);
                var start = days > 31 ? first.AddDays(-days / 2) : first;
                var statuses = new[] { PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Scheduled,
                    PostStatus.Scheduled, PostStatus.Scheduled, PostStatus.Draft, PostStatus.Published, PostStatus.Failed, PostStatus.SentToInbox };
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < postCount; i++)
                {
                    var day = start.AddDays(random.Next(days));
                    var local = day.ToDateTime(new TimeOnly(6 + random.Next(17), random.Next(4) * 15));
                    if (zone.IsInvalidTime(local)) local = local.AddHours(1);
                    db.Add(new Post
                    {
                        WorkspaceId = workspace.Id, CompositionId = Guid.CreateVersion7(), AccountId = accounts[random.Next(accounts.Count)].Id,
                        Kind = PostKind.Video, VideoMediaId = Guid.NewGuid(),
                        Title = $"Post {i}: a caption long enough to be cut for the calendar, with #hashtags #fyp and an emoji 🎉 and a few more words",
                        PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = statuses[random.Next(statuses.Length)],
                        PublishAt = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero),
                        CreatedAt = now, UpdatedAt = now, CreatedByUserId = user.Id,
                    });
                }
                await db.SaveChangesAsync();
                return (email, workspace.Id);
            }
        }
        finally
        {
            factory.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }

        async Task<HttpClient> SignInAsync(string email)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var form = await client.GetStringAsync("/Account/Login");
            var token = WebUtility.HtmlDecode(Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)").Groups[1].Value);
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = Password,
            }));
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
            return client;
        }

        static object Stats(IReadOnlyList<double> values) => new
        {
            count = values.Count,
            p50 = Math.Round(Percentile(values, 0.50), 2),
            p95 = Math.Round(Percentile(values, 0.95), 2),
            p99 = Math.Round(Percentile(values, 0.99), 2),
            max = Math.Round(values.Count == 0 ? 0 : values.Max(), 2),
            mean = Math.Round(values.Count == 0 ? 0 : values.Average(), 2),
        };

        static double Percentile(IReadOnlyList<double> values, double p)
        {
            if (values.Count == 0) return 0;
            var sorted = values.Order().ToArray();
            var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }

        // The web project's folder, found from the build output (dotnet run may start anywhere).
        static string WebProjectDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "TikTokStudio.Web");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new InvalidOperationException("src/TikTokStudio.Web not found above " + AppContext.BaseDirectory);
        }

        int ArgValue(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
    }
}

/// <summary>Server-side duration of each feed request (from the first middleware until the response is written).</summary>
internal sealed class ServerTimings
{
    private ConcurrentQueue<double> values = new();
    public void Add(double ms) => values.Enqueue(ms);
    public void Clear() => values = new ConcurrentQueue<double>();
    public IReadOnlyList<double> Snapshot() => values.ToArray();
}

internal sealed class TimingStartupFilter(ServerTimings timings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!context.Request.Path.StartsWithSegments("/app/calendar/events"))
            {
                await nextMiddleware();
                return;
            }
            var start = Stopwatch.GetTimestamp();
            await nextMiddleware();
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        });
        next(app);
    };
}
