using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>
/// The real thing: the web app as a child process with its own data directory, talking to a standalone emulator,
/// killed with SIGKILL in the middle of an upload and started again. TikTok must end up with exactly one complete,
/// published post.
/// </summary>
public sealed class AppProcessCrashTests
{
    private const long VideoSize = 300_000_000;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_The_App_Mid_Upload_And_Restarting_It_Publishes_Exactly_One_Complete_Post()
    {
        await using var emulator = await StandaloneEmulator.StartAsync();
        using var tiktok = new HttpClient { BaseAddress = emulator.Origin };
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-crash", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["TikTok:EmulatorBaseUrl"] = emulator.TikTokBaseUrl,
            ["Publishing:ChunkSizeBytes"] = PublishTestKit.SmallChunk.ToString(),
        };

        // Arrange in-process on the data directory the child will use: a user, a connected creator, a media file, a scheduled post.
        Guid postId;
        string sha;
        string creator;
        using (var setup = new PublishTestKit(settings, reconcile: false, dataDirectory: dataDirectory))
        {
            setup.App.KeepDataDirectory = true;
            await setup.SignInAsync();
            creator = await ChildApp.GenerateCreatorAsync(tiktok);
            await ChildApp.ConnectThroughStandaloneAsync(setup, emulator, creator);
            var account = await setup.LatestAccountAsync();
            var (video, hash) = await setup.VideoAsync(VideoSize);
            sha = hash;
            // Due after the in-process app has stopped, counting the trigger's arming ahead of the slot.
            var post = await setup.PostAsync(account, video, publishAt: DateTimeOffset.UtcNow.AddSeconds(5) + PublishingOptions.ArmAhead);
            postId = post.Id;
            using var scope = setup.App.Services.CreateScope();
            // The trigger goes into quartz.db with the row; the in-process app stops before it is due.
            await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
        }

        var port = ChildApp.FreePort();
        using (var first = ChildApp.Start(dataDirectory, emulator, port))
        {
            // Wait until part of the file is at TikTok, then stall the upload (503s with backoff) and pull the plug.
            var sent = await WaitForAsync(tiktok, creator, p => p.BytesReceived > 0, TimeSpan.FromSeconds(90), first);
            await SetFaultsAsync(tiktok, new { fail_next_chunk_puts = 1000 });
            await Task.Delay(300);
            var before = (await PostsAsync(tiktok, creator)).Single();
            Assert.True(before.BytesReceived < VideoSize, "the kill happens mid-upload");
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
            await first.WaitForExitAsync();
        }
        await SetFaultsAsync(tiktok, new { fail_next_chunk_puts = 0 });

        using (var second = ChildApp.Start(dataDirectory, emulator, port))
        {
            await WaitForAsync(tiktok, creator, p => p.Status == "PUBLISH_COMPLETE", TimeSpan.FromSeconds(150), second);
            // Give the restarted app time to record the outcome.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            Post? row = null;
            while (DateTime.UtcNow < deadline)
            {
                row = await ReadPostAsync(dataDirectory, settings, postId);
                if (row.Status == PostStatus.Published) break;
                await Task.Delay(500);
            }
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            Assert.Equal(PostStatus.Published, row!.Status);
        }

        var posts = await PostsAsync(tiktok, creator);
        var single = Assert.Single(posts);
        Assert.Equal(VideoSize, single.BytesReceived);
        Assert.Equal(sha, single.Sha256);
        Assert.Equal("PUBLISH_COMPLETE", single.Status);
        StudioAppFactory.TryDelete(dataDirectory);
    }

    private static async Task<Post> ReadPostAsync(string dataDirectory, Dictionary<string, string> settings, Guid postId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "studio.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status FROM Post WHERE Id = $id";
        command.Parameters.AddWithValue("$id", postId.ToString().ToUpperInvariant());
        var status = (string?)await command.ExecuteScalarAsync();
        if (status is null)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", postId.ToString());
            status = (string?)await command.ExecuteScalarAsync();
        }
        return new Post { CreatedByUserId = "", Status = Enum.Parse<PostStatus>(status ?? nameof(PostStatus.Scheduled)) };
    }

    private static async Task<EmulatorPost> WaitForAsync(HttpClient tiktok, string creator, Func<EmulatorPost, bool> condition, TimeSpan timeout, Process app)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(app.HasExited, $"The app process exited with {(app.HasExited ? app.ExitCode : 0)}.");
            var match = (await PostsAsync(tiktok, creator)).FirstOrDefault(condition);
            if (match is not null) return match;
            await Task.Delay(5);
        }
        throw new TimeoutException("The emulator never saw the expected post state.");
    }

    private static async Task<List<EmulatorPost>> PostsAsync(HttpClient tiktok, string creator) =>
        PublishTestKit.ParseEmulatorPosts(await tiktok.GetStringAsync("/emulators/tiktok/_emulator/posts")).Where(p => p.Creator == creator).ToList();

    private static async Task SetFaultsAsync(HttpClient tiktok, object faults) =>
        (await tiktok.PostAsJsonAsync("/emulators/tiktok/_emulator/faults", faults)).EnsureSuccessStatusCode();
}
