using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Posts.Calendar.PostsTestData;

namespace TikTokStudio.Tests.Features.Posts.Calendar;

/// <summary>
/// Drag to reschedule, decided by <see cref="PostMover"/> as the calendar page runs it on its circuit: in a fresh scope
/// whose workspace and role are resolved from the signed-in user (what StudioComponent.RunAsync does per action).
/// </summary>
public abstract class RescheduleTestsSuite<TFixture> : IClassFixture<TFixture> where TFixture : StudioAppFactoryFixture
{
    private const string Berlin = "Europe/Berlin";
    private readonly StudioAppFactory app;

    protected RescheduleTestsSuite(TFixture fixture) => app = fixture.App;

    /// <summary>One drop, as the signed-in <paramref name="member"/>, through the handler.</summary>
    private async Task<MoveResult> MoveAsync(Member member, Guid postId, string startLocal, int? version = null, bool confirm = false)
    {
        using var scope = app.Services.CreateScope();
        await WorkspaceResolver.ResolveAsync(member.User.Id, scope.ServiceProvider.GetRequiredService<WorkspaceContext>(),
            scope.ServiceProvider.GetRequiredService<StudioDbContext>(), CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<PostMover>().MoveAsync(postId, startLocal, version, confirm, CancellationToken.None);
    }

    private async Task<(Member Member, TikTokAccount Account, Post Post)> ScheduledPostAsync(DateOnly day, int hour = 9, PostStatus status = PostStatus.Scheduled,
        Action<TikTokAccount>? account = null)
    {
        var member = await SignedInAsync(app, Berlin);
        var tiktok = await AddAccountAsync(app, member.Workspace.Id, "mover" + Random.Shared.Next(1000), account);
        var post = await AddPostAsync(app, member, tiktok, status, At(Berlin, day.Year, day.Month, day.Day, hour), "Move me");
        if (status == PostStatus.Scheduled) await ScheduleTriggerAsync(app, post);
        return (member, tiktok, post);
    }

    [Fact]
    public async Task Dropping_A_Scheduled_Post_On_Another_Day_Moves_It_And_Its_Trigger()
    {
        var from = DaysAhead(Berlin, 5);
        var to = from.AddDays(2);
        var (member, _, post) = await ScheduledPostAsync(from);

        var result = await MoveAsync(member, post.Id, $"{to:yyyy-MM-dd}T09:00", version: post.Version);

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.Equal(post.Version + 1, result.Post!.Version);
        Assert.Equal($"{to:yyyy-MM-dd}T09:00:00", result.StartLocal);
        var saved = await FindPostAsync(app, post.Id);
        var expected = At(Berlin, to.Year, to.Month, to.Day, 9);
        Assert.Equal(expected, saved!.PublishAt);
        Assert.Equal(PostStatus.Scheduled, saved.Status);
        Assert.Equal(post.Version + 1, saved.Version);
        Assert.Equal(expected, await TriggerTimeAsync(app, post.Id));
        Assert.Contains(await EventsOfAsync(app, post.Id), e => e.Message.StartsWith("Moved from", StringComparison.Ordinal));

        // The move survives a reload: the feed now has the post on its new day.
        using var feed = JsonDocument.Parse(await member.Client.GetStringAsync($"/app/calendar/events?start={to:yyyy-MM-dd}&end={to.AddDays(1):yyyy-MM-dd}"));
        Assert.Contains(feed.RootElement.EnumerateArray(), e => e.GetProperty("id").GetString() == post.Id.ToString()
            && e.GetProperty("start").GetString() == $"{to:yyyy-MM-dd}T09:00:00");
    }

    [Fact]
    public async Task A_Post_At_09_00_Berlin_Stays_At_09_00_Local_When_Moved_Across_The_Spring_Change()
    {
        var change = NextSpringForward();
        var (member, _, post) = await ScheduledPostAsync(change.AddDays(-2));
        Assert.Equal(TimeSpan.FromHours(8), post.PublishAt!.Value.TimeOfDay); // 09:00 CET is 08:00 UTC

        var result = await MoveAsync(member, post.Id, $"{change.AddDays(2):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        var saved = await FindPostAsync(app, post.Id);
        var after = change.AddDays(2);
        Assert.Equal(new DateTimeOffset(after.Year, after.Month, after.Day, 7, 0, 0, TimeSpan.Zero), saved!.PublishAt); // 09:00 CEST
        Assert.Equal(saved.PublishAt, await TriggerTimeAsync(app, post.Id));
    }

    [Fact]
    public async Task A_Time_Skipped_By_The_Spring_Change_Is_Refused_With_The_Reason()
    {
        var change = NextSpringForward();
        var (member, _, post) = await ScheduledPostAsync(change.AddDays(-1));

        var result = await MoveAsync(member, post.Id, $"{change:yyyy-MM-dd}T02:30");

        Assert.Equal(MoveOutcome.Refused, result.Outcome);
        Assert.StartsWith("02:30 does not exist on", result.Message);
        Assert.Contains("in Europe/Berlin: the clocks jump forward. Choose another time.", result.Message);
        var saved = await FindPostAsync(app, post.Id);
        Assert.Equal(post.PublishAt, saved!.PublishAt);
        Assert.Equal(post.Version, saved.Version);
        Assert.Equal(post.PublishAt, await TriggerTimeAsync(app, post.Id));
    }

    [Fact]
    public async Task A_Time_In_The_Past_Is_Refused()
    {
        var (member, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 3));
        var yesterday = DaysAhead(Berlin, -1);

        var result = await MoveAsync(member, post.Id, $"{yesterday:yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.Refused, result.Outcome);
        Assert.Contains("That time has passed", result.Message);
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Post_That_Started_Publishing_Cannot_Be_Moved()
    {
        var (member, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 3), status: PostStatus.Publishing);

        var result = await MoveAsync(member, post.Id, $"{DaysAhead(Berlin, 4):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.Conflict, result.Outcome);
        Assert.Equal("This post is publishing: only drafts and scheduled posts can be moved.", result.Message);
    }

    [Fact]
    public async Task A_Move_Based_On_An_Old_Version_Is_A_Conflict()
    {
        var (member, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 6));

        var result = await MoveAsync(member, post.Id, $"{DaysAhead(Berlin, 7):yyyy-MM-dd}T09:00", version: post.Version - 1);

        Assert.Equal(MoveOutcome.Conflict, result.Outcome);
        Assert.Equal(PostMover.ChangedMessage, result.Message);
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Draft_Moves_Only_Its_Date_And_Gets_No_Trigger()
    {
        var (member, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 8), status: PostStatus.Draft);
        var to = DaysAhead(Berlin, 10);

        var result = await MoveAsync(member, post.Id, $"{to:yyyy-MM-dd}T14:45");

        Assert.Equal(MoveOutcome.Moved, result.Outcome);
        Assert.StartsWith("Draft moved to", result.Message);
        var saved = await FindPostAsync(app, post.Id);
        Assert.Equal(PostStatus.Draft, saved!.Status);
        Assert.Equal(At(Berlin, to.Year, to.Month, to.Day, 14, 45), saved.PublishAt);
        Assert.Null(await TriggerTimeAsync(app, post.Id));
    }

    [Fact]
    public async Task Posts_Of_A_Disconnected_Or_Reconnect_Needing_Account_Cannot_Be_Moved()
    {
        var (member, _, disconnected) = await ScheduledPostAsync(DaysAhead(Berlin, 4), account: a => a.Status = ConnectionStatus.Disconnected);
        var (member2, _, expired) = await ScheduledPostAsync(DaysAhead(Berlin, 4),
            account: a => a.MarkHealth(AccountHealth.ReconnectNeeded, "TikTok asked the creator to sign in again."));

        var first = await MoveAsync(member, disconnected.Id, $"{DaysAhead(Berlin, 5):yyyy-MM-dd}T09:00");
        var second = await MoveAsync(member2, expired.Id, $"{DaysAhead(Berlin, 5):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.Refused, first.Outcome);
        Assert.Contains("is disconnected", first.Message);
        Assert.Equal(MoveOutcome.Refused, second.Outcome);
        Assert.Contains("needs a reconnect", second.Message);
        Assert.Equal(disconnected.PublishAt, (await FindPostAsync(app, disconnected.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Move_Past_The_Daily_Limit_Asks_First_And_Moves_Once_Confirmed()
    {
        var from = DaysAhead(Berlin, 15);
        var full = from.AddDays(1);
        var (member, account, post) = await ScheduledPostAsync(from);
        var at = At(Berlin, full.Year, full.Month, full.Day, 6);
        await AddPostsAsync(app, member, account, Enumerable.Range(0, 15).Select(i => (PostStatus.Scheduled, (DateTimeOffset?)at.AddMinutes(30 * i), $"Full {i}")));

        var asked = await MoveAsync(member, post.Id, $"{full:yyyy-MM-dd}T21:00");
        var unchanged = await FindPostAsync(app, post.Id);
        var confirmed = await MoveAsync(member, post.Id, $"{full:yyyy-MM-dd}T21:00", confirm: true);

        Assert.Equal(MoveOutcome.NeedsConfirmation, asked.Outcome);
        Assert.Contains("already has 15 posts planned", asked.Message);
        Assert.EndsWith("Move it anyway?", asked.Message);
        // The limit on its own, for the page to say when the user keeps the post where it was.
        Assert.StartsWith("@", asked.Warning);
        Assert.DoesNotContain("Move it anyway?", asked.Warning);
        Assert.Equal(post.PublishAt, unchanged!.PublishAt);
        Assert.Equal(MoveOutcome.Moved, confirmed.Outcome);
        Assert.Contains("TikTok allows about 15", confirmed.Warning);
        Assert.Equal(At(Berlin, full.Year, full.Month, full.Day, 21), (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task Viewers_Cannot_Move_Posts()
    {
        var (owner, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 4));
        var viewer = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);

        var result = await MoveAsync(viewer, post.Id, $"{DaysAhead(Berlin, 6):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.Forbidden, result.Outcome);
        Assert.Equal("Only the Owner, Admins and Editors of this workspace can schedule or move posts.", result.Message);
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Post_Of_Another_Workspace_Is_Not_Found()
    {
        var (_, _, foreign) = await ScheduledPostAsync(DaysAhead(Berlin, 4));
        var stranger = await SignedInAsync(app, Berlin, "Stranger");

        var result = await MoveAsync(stranger, foreign.Id, $"{DaysAhead(Berlin, 6):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.NotFound, result.Outcome);
        Assert.Null(result.Post);
        Assert.Equal(foreign.PublishAt, (await FindPostAsync(app, foreign.Id))!.PublishAt);
    }

    [Fact]
    public async Task A_Member_Removed_From_The_Workspace_Cannot_Move_Its_Posts_Any_More()
    {
        var (owner, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 4));
        var editor = await MemberOfAsync(app, owner.Workspace, WorkspaceRole.Editor);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.RemoveRange(db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == editor.User.Id && m.WorkspaceId == owner.Workspace.Id));
            await db.SaveChangesAsync();
        }

        // The next drop resolves the workspace again: the editor is back in their own workspace, where the post is not.
        var result = await MoveAsync(editor, post.Id, $"{DaysAhead(Berlin, 6):yyyy-MM-dd}T09:00");

        Assert.Equal(MoveOutcome.NotFound, result.Outcome);
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }

    [Fact]
    public async Task Posts_Are_Not_Moved_Over_Http_Any_More_Only_Through_The_Circuit()
    {
        var (member, _, post) = await ScheduledPostAsync(DaysAhead(Berlin, 4));

        var response = await PostFormAsync(member, $"/app/calendar/posts/{post.Id}/move",
            [new("start", $"{DaysAhead(Berlin, 6):yyyy-MM-dd}T09:00"), new("confirm", "true")]);

        // No endpoint takes the form (the app's GET-only fallback may answer 405 rather than 404).
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal(post.PublishAt, (await FindPostAsync(app, post.Id))!.PublishAt);
    }
}

public sealed class RescheduleTests(StudioAppFactoryFixture fixture) : RescheduleTestsSuite<StudioAppFactoryFixture>(fixture);

/// <summary>The same suite on PostgreSQL.</summary>
[OnPostgres]
public sealed class RescheduleTestsOnPostgres(PostgresAppFactoryFixture fixture) : RescheduleTestsSuite<PostgresAppFactoryFixture>(fixture);
