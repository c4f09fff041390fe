using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Bench;

/// <summary>
/// N posts on M creators due within one minute, on PostgreSQL, worked by several app processes (clustered Quartz,
/// leases, shared budgets). This process creates the database, seeds and schedules through an app that is built and
/// migrated but never started, then starts the instances as child processes (<c>dotnet TikTokStudio.Web.dll</c>) and,
/// optionally, SIGKILLs one of them in the middle. Each instance's share is counted from its own log (the uploads it
/// completed).
/// </summary>
public static partial class ClusterFanOutBench
{
    public static async Task<object> RunAsync(int instances, int postsCount, int creatorsCount, TimeSpan? killAt, string adminConnectionString, string? concurrency)
    {
        var database = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, MaxPoolSize = 60 }.ConnectionString;
        var media = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", "media-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(media);
        var children = new List<Child>();
        try
        {
            await using var host = await BenchHost.StartAsync(new()
            {
                [DatabaseSettings.ProviderKey] = "Postgres",
                ["ConnectionStrings:" + DatabaseSettings.ConnectionStringName] = connectionString,
                ["Storage:MediaDirectory"] = media,
            }, startApp: false);

            var creators = await host.GenerateCreatorsAsync(creatorsCount);
            var (workspaceId, accounts) = await host.WorkspaceWithAccountsAsync(creators);
            var video = await host.VideoAsync(workspaceId, 1_000_000);
            // Each creator's posts spread evenly over the minute (TikTok lets a token init 6 times a minute).
            var minute = DateTimeOffset.UtcNow.AddSeconds(150);
            minute = new DateTimeOffset(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, minute.Second, TimeSpan.Zero);
            var perCreator = (int)Math.Ceiling(postsCount / (double)creatorsCount);
            var posts = new List<Post>();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < postsCount; i++)
            {
                var account = accounts[i % accounts.Count];
                var nth = i / accounts.Count;
                var offset = TimeSpan.FromSeconds(60.0 * nth / perCreator + (i % accounts.Count) * (60.0 / perCreator) / accounts.Count);
                posts.Add(new Post
                {
                    WorkspaceId = workspaceId, CompositionId = Guid.NewGuid(), AccountId = account.Id, Kind = PostKind.Video, VideoMediaId = video.Id,
                    Title = "cluster bench #load", PrivacyLevel = "PUBLIC_TO_EVERYONE", Status = PostStatus.Scheduled,
                    PublishAt = minute + TimeSpan.FromMilliseconds(Math.Floor(offset.TotalMilliseconds)), CreatedAt = now, UpdatedAt = now, CreatedByUserId = "bench",
                });
            }
            foreach (var batch in posts.Chunk(1000))
            {
                using var scope = host.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
                db.AddRange(batch);
                await db.SaveChangesAsync();
            }
            var scheduling = Stopwatch.StartNew();
            using (var scope = host.Services.CreateScope())
            {
                var scheduler = scope.ServiceProvider.GetRequiredService<PostScheduler>();
                foreach (var batch in posts.Chunk(16))
                    await Task.WhenAll(batch.Select(p => scheduler.ScheduleAsync(p, CancellationToken.None)));
            }
            scheduling.Stop();

            for (var i = 0; i < instances; i++)
                children.Add(await Child.StartAsync(i, connectionString, media, host.EmulatorOrigin, concurrency));
            var killed = (string?)null;
            using var killer = new CancellationTokenSource();
            var killTask = killAt is { } after
                ? Task.Run(async () =>
                {
                    var wait = minute + after - DateTimeOffset.UtcNow;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, killer.Token);
                    children[^1].Kill();
                    killed = children[^1].Name;
                }, killer.Token)
                : Task.CompletedTask;

            var result = await Outcome.WaitAsync(host, posts, minute, TimeSpan.FromMinutes(12), new
            {
                bench = "fanout", provider = "postgres", instances, posts = postsCount, creators = creatorsCount,
                posts_due_from_utc = minute, posts_due_until_utc = posts.Max(p => p.PublishAt),
                kill_one_at_s = killAt?.TotalSeconds, max_concurrent_publishes = concurrency ?? "32",
                scheduling_s = Math.Round(scheduling.Elapsed.TotalSeconds, 1),
                scheduling_done_before_first_slot_s = Math.Round((minute - DateTimeOffset.UtcNow).TotalSeconds, 1),
            }, settledStates: [PostStatus.WaitingForDailyLimit]);
            await killer.CancelAsync();
            try { await killTask; } catch (OperationCanceledException) { }
            foreach (var child in children) await child.StopAsync();
            var shares = children.ToDictionary(c => c.Name, c => new
            {
                uploads_completed = c.Uploaded.Count,
                share = Math.Round(c.Uploaded.Count / (double)Math.Max(1, children.Sum(x => x.Uploaded.Count)), 3),
                killed = c.Name == killed,
            });
            return new { result, instances_share = shares, killed };
        }
        finally
        {
            foreach (var child in children) await child.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            try { Directory.Delete(media, recursive: true); } catch (IOException) { }
        }
    }

    [GeneratedRegex(@"Post ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}): \w+/\w+ \(uploaded\)")]
    private static partial Regex UploadedLine();

    /// <summary>One app instance as its own process, on the shared database, media folder and emulator.</summary>
    private sealed class Child
    {
        private readonly Process process;
        private readonly string dataDirectory;
        private bool stopped;

        private Child(string name, Process process, string dataDirectory)
        {
            Name = name;
            this.process = process;
            this.dataDirectory = dataDirectory;
        }

        public string Name { get; }
        public ConcurrentDictionary<string, byte> Uploaded { get; } = new();

        public static async Task<Child> StartAsync(int index, string connectionString, string media, Uri emulator, string? concurrency)
        {
            var port = FreePort();
            var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dataDirectory);
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TikTokStudio.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
            };
            var env = start.Environment;
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            env["App__PublicUrl"] = $"http://127.0.0.1:{port}"; // required outside Development
            env["Database__Provider"] = "Postgres";
            env["ConnectionStrings__Studio"] = connectionString;
            env["Storage__DataDirectory"] = dataDirectory;
            env["Storage__MediaDirectory"] = media;
            env["Emulators__Enabled"] = "false";
            env["TikTok__EmulatorBaseUrl"] = new Uri(emulator, "/emulators/tiktok").ToString();
            if (concurrency is not null) env["Publishing__MaxConcurrentPublishes"] = concurrency;
            env["Logging__LogLevel__Default"] = "Warning";
            env["Logging__LogLevel__TikTokStudio.Web.Features.Posts.Publish.PublishPost"] = "Information";
            var process = Process.Start(start)!;
            var child = new Child($"instance-{index + 1}", process, dataDirectory);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && UploadedLine().Match(line) is { Success: true } m) child.Uploaded.TryAdd(m.Groups[1].Value, 0);
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var i = 0; ; i++)
            {
                try
                {
                    if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) when (i < 600)
                {
                }
                if (process.HasExited) throw new InvalidOperationException($"instance {index + 1} exited with {process.ExitCode}");
                await Task.Delay(100);
            }
            return child;
        }

        /// <summary>SIGKILL: no shutdown, no lease released, no Quartz check-out.</summary>
        public void Kill()
        {
            stopped = true;
            process.Kill(entireProcessTree: true);
        }

        public async Task StopAsync()
        {
            if (!stopped)
            {
                stopped = true;
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            try { await process.WaitForExitAsync(); } catch (InvalidOperationException) { }
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
