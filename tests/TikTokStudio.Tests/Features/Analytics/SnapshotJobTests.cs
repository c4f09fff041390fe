using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Emulators.TikTok;
using TikTokStudio.Tests.Features.Posts.Publish;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Analytics;
using PostStatus = TikTokStudio.Web.Features.Posts.PostStatus;

namespace TikTokStudio.Tests.Features.Analytics;

/// <summary>The snapshot job against the emulator on a real loopback port, both clocks advanced over weeks.</summary>
public sealed class SnapshotJobTests : IDisposable
{
    private readonly PublishTestKit kit = new();

    [Fact]
    public async Task Three_Weeks_Of_Snapshots_Follow_The_Schedule_Within_Budget_With_Ids_As_Strings()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync();
        var published = await kit.RunToEndAsync((await kit.PostAsync(account, video)).Id);
        Assert.Equal(PostStatus.Published, published.Status);
        Assert.Equal(19, published.PublicPostId!.Length);

        var step = TimeSpan.FromHours(2);
        var runs = new List<SnapshotRun>();
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromDays(21); elapsed += step)
        {
            runs.Add(await RunJobAsync());
            // In the app the emulator's clock is the app's TimeProvider plus its own offset, so this moves both.
            kit.App.Clock.Advance(step);
        }

        var (rateLimited, _, _) = await kit.EmulatorStatsAsync();
        Assert.Equal(0, rateLimited);
        // One account, one post: never more than one user/info and one video/query call in a run.
        Assert.All(runs, r => Assert.True(r.UserInfoCalls <= 1 && r.VideoQueryCalls <= 1, r.ToString()));
        var accountRows = await kit.App.RowsOfAsync<AccountSnapshot>(kit.Workspace.Id);
        var postRows = (await kit.App.RowsOfAsync<PostSnapshot>(kit.Workspace.Id)).OrderBy(s => s.At).ToList();
        Assert.InRange(accountRows.Count, 21, 22);
        var publishedAt = published.CompletedAt!.Value;
        var firstWeek = postRows.Count(s => s.At - publishedAt < SnapshotSchedule.FirstWeek);
        var later = postRows.Count(s => s.At - publishedAt >= SnapshotSchedule.FirstWeek);
        Assert.InRange(firstWeek, 41, 43);   // every 4 h for 7 days
        Assert.InRange(later, 13, 15);       // daily for the other 14
        Assert.All(postRows, s => Assert.Equal(published.PublicPostId, s.VideoId));
        Assert.Equal(0, postRows[0].Views);  // read in the post's first minutes
        for (var i = 1; i < postRows.Count; i++) Assert.True(postRows[i].Views >= postRows[i - 1].Views);
        // The numbers are the emulator's own curve at the instant of reading (within the minute the read took).
        var last = postRows[^1];
        // TikTok created the video a moment before we saw it published; views fall with a later creation time.
        Assert.True(last.Views > 1_000);
        Assert.InRange(last.Views, EmulatedStats.ForVideo(last.VideoId, publishedAt, last.At.AddMinutes(-1)).Views,
            EmulatedStats.ForVideo(last.VideoId, publishedAt.AddMinutes(-2), last.At.AddMinutes(1)).Views);
        var followers = accountRows.OrderBy(s => s.At).Select(s => s.Followers).ToList();
        Assert.True(followers[^1] > followers[0]);
    }

    [Fact]
    public async Task An_Account_Without_The_Stats_Scope_Is_Marked_And_Its_Posts_Are_Still_Read()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator, uncheckScopes: ["user.info.stats"]);
        var (video, _) = await kit.VideoAsync();
        await kit.RunToEndAsync((await kit.PostAsync(account, video)).Id);

        var run = await RunJobAsync();

        Assert.Equal(0, run.AccountSnapshots);
        Assert.Equal(0, run.UserInfoCalls);
        Assert.Equal(1, run.PostSnapshots);
        var status = Assert.Single(await kit.App.RowsOfAsync<AccountAnalyticsStatus>(kit.Workspace.Id));
        Assert.Equal("user.info.stats", status.MissingScopes);
        var listed = await kit.App.Services.AsUserAsync(kit.UserId, sp => sp.GetRequiredService<AnalyticsQueries>().AccountsAsync());
        Assert.Equal(["user.info.stats"], Assert.Single(listed).MissingScopes);
    }

    [Fact]
    public async Task Another_Workspaces_Account_And_Post_Are_Not_Found()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync();
        var post = await kit.RunToEndAsync((await kit.PostAsync(account, video)).Id);
        await RunJobAsync();
        var (stranger, _) = await kit.App.CreateUserAsync(workspaceName: "Stranger");

        var mine = await kit.App.Services.AsUserAsync(kit.UserId, sp => sp.GetRequiredService<AnalyticsQueries>().AccountAsync(account.Id));
        var theirs = await kit.App.Services.AsUserAsync(stranger.Id, sp => sp.GetRequiredService<AnalyticsQueries>().AccountAsync(account.Id));
        var theirPost = await kit.App.Services.AsUserAsync(stranger.Id, sp => sp.GetRequiredService<AnalyticsQueries>().PostAsync(post.Id));
        var theirList = await kit.App.Services.AsUserAsync(stranger.Id, sp => sp.GetRequiredService<AnalyticsQueries>().AccountsAsync());

        Assert.NotNull(mine);
        Assert.Single(mine.Posts);
        Assert.Null(theirs);
        Assert.Null(theirPost);
        Assert.Empty(theirList);
    }

    private async Task<SnapshotRun> RunJobAsync()
    {
        using var scope = kit.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TakeSnapshots>().RunAsync(CancellationToken.None);
    }

    public void Dispose() => kit.Dispose();
}
