using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Import;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Posts.Compose;

namespace TikTokStudio.Tests.Features.Posts.Import;

/// <summary>
/// The import handler as the page calls it (a fresh scope per action, as the signed-in member) against a real
/// database, and the export through its HTTP endpoint: all or none, valid rows only, a repeated file, the round trip.
/// </summary>
public sealed class ImportFlowTests(RealServerFixture fixture) : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app = fixture.App;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>A day a few days ahead, as the workspace writes it ("2026-12-07").</summary>
    private static string Day(int daysAhead) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(daysAhead), Berlin).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(Member Member, TikTokAccount Pia, TikTokAccount Zoe)> WorkspaceAsync()
    {
        var member = await PostsTestData.SignedInAsync(app, workspaceName: "Importers");
        var pia = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "pia");
        var zoe = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "zoe");
        await AddMediaAsync(member.Workspace.Id, Named(ComposerBuilder.Video(), "launch.mp4"), Named(ComposerBuilder.Video(), "teaser.mp4"),
            ComposerBuilder.Photo("a.jpg"), ComposerBuilder.Photo("b.jpg"));
        return (member, pia, zoe);
    }

    private static MediaFile Named(MediaFile file, string name)
    {
        file.OriginalFileName = name;
        return file;
    }

    private async Task AddMediaAsync(Guid workspaceId, params MediaFile[] files)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        foreach (var file in files)
        {
            file.WorkspaceId = workspaceId;
            db.Set<MediaFile>().Add(file);
        }
        await db.SaveChangesAsync();
    }

    private Task<T> AsAsync<T>(Member member, Func<PostsImport, Task<T>> action) =>
        app.Services.AsUserAsync(member.User.Id, s => action(s.GetRequiredService<PostsImport>()));

    private Task<ImportSession> OpenAsync(Member member, string csv, string name = "plan.csv") =>
        AsAsync(member, i => i.OpenAsync(Encoding.UTF8.GetBytes(csv), name, CancellationToken.None));

    private Task<ImportResult> ImportAsync(Member member, ImportSession session, ImportMode mode, bool confirmRepeat = false) =>
        AsAsync(member, i => i.ImportAsync(session, mode, confirmRepeat, CancellationToken.None));

    private Task<bool> RecheckAsync(Member member, ImportSession session) =>
        AsAsync(member, async i => { await i.RecheckAsync(session, CancellationToken.None); return true; });

    [Fact]
    public async Task All_Or_None_Creates_Nothing_While_A_Row_Is_Bad_And_Valid_Rows_Creates_The_Rest_With_Activity_And_Triggers()
    {
        var (member, pia, zoe) = await WorkspaceAsync();
        var csv = $"""
            publish_at,account,caption,media,privacy
            {Day(4)} 09:00,@pia,First,launch.mp4,Everyone
            {Day(4)} 10:00,@nobody,Second,launch.mp4,Everyone
            {Day(5)} 11:00,@zoe,Third,teaser.mp4,Only me
            """;
        var session = await OpenAsync(member, csv);
        Assert.Equal([true, false, true], session.Checks.Select(c => c.IsValid));

        var none = await ImportAsync(member, session, ImportMode.AllOrNone);
        Assert.False(none.Done);
        Assert.Equal("Nothing was imported: 1 row still has problems, and you chose all or none. Fix them, or import the valid rows only.", none.Message);
        Assert.Empty(await app.RowsOfAsync<Post>(member.Workspace.Id));

        var some = await ImportAsync(member, session, ImportMode.ValidRows);
        Assert.True(some.Done, some.Message);
        Assert.Equal(2, some.Created);
        var posts = await app.RowsOfAsync<Post>(member.Workspace.Id);
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(PostStatus.Scheduled, p.Status));
        var nine = DateTime.ParseExact($"{Day(4)} 09:00", "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        Assert.Equal(ComposeRules.ToInstant(nine, "Europe/Berlin").Instant, posts.Single(p => p.AccountId == pia.Id).PublishAt);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        foreach (var post in posts) Assert.NotNull(await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(post.Id)));
        var activity = (await app.RowsOfAsync<ActivityEntry>(member.Workspace.Id)).Where(e => e.Kind == ActivityKinds.PostCreated).OrderBy(e => e.Summary).ToList();
        Assert.Equal(["Post imported from plan.csv row 2", "Post imported from plan.csv row 4"], activity.Select(e => e.Summary));
        Assert.Equal(posts.Select(p => p.Id).Order(), activity.Select(e => e.PostId!.Value).Order());
        Assert.All(activity, e => Assert.Equal(member.User.Id, e.ActorId));
        var events = await app.RowsOfAsync<PostEvent>(member.Workspace.Id);
        Assert.Contains(events, e => e.Message.StartsWith("Imported from plan.csv (row 2); scheduled for", StringComparison.Ordinal));

        // The bad row stays in the preview; fixed in place, it imports without being taken for a repeat of the file.
        Assert.Equal(3, Assert.Single(session.Checks).Number);
        session.File.Rows.Single(r => r.Number == 3)[PostsCsv.Account] = "@zoe";
        await RecheckAsync(member, session);
        Assert.True(Assert.Single(session.Checks).IsValid, string.Join(" ", session.Checks[0].Problems));
        var rest = await ImportAsync(member, session, ImportMode.AllOrNone);
        Assert.True(rest.Done, rest.Message);
        Assert.Equal(3, (await app.RowsOfAsync<Post>(member.Workspace.Id)).Count);
        Assert.Equal(3, Assert.Single(await app.RowsOfAsync<PostImportFile>(member.Workspace.Id)).PostCount);
    }

    [Fact]
    public async Task The_Same_File_Imported_Again_Is_Asked_About_Before_Anything_Is_Created()
    {
        var (member, _, _) = await WorkspaceAsync();
        var csv = $"publish_at,account,caption,media,privacy\n{Day(6)} 09:00,@pia,Once,launch.mp4,Everyone\n";
        var first = await OpenAsync(member, csv);
        Assert.Null(first.PreviousImport);
        Assert.True((await ImportAsync(member, first, ImportMode.AllOrNone)).Done);

        var again = await OpenAsync(member, csv, "plan (1).csv");
        Assert.NotNull(again.PreviousImport);
        var asked = await ImportAsync(member, again, ImportMode.AllOrNone);
        Assert.False(asked.Done);
        Assert.StartsWith("This file was already imported on ", asked.Message);
        Assert.EndsWith("(1 post). Importing it again creates those posts a second time.", asked.Message);
        Assert.Single(await app.RowsOfAsync<Post>(member.Workspace.Id));

        // Confirmed, the same video to the same account still needs the repost confirmation (the composer's rule).
        Assert.StartsWith("This media was already posted or scheduled", Assert.Single(again.Checks[0].Problems).Message);
        again.ConfirmReposts = true;
        await RecheckAsync(member, again);
        var twice = await ImportAsync(member, again, ImportMode.AllOrNone, confirmRepeat: true);
        Assert.True(twice.Done, twice.Message);
        Assert.Equal(2, (await app.RowsOfAsync<Post>(member.Workspace.Id)).Count);
    }

    [Fact]
    public async Task Export_Then_Edit_Then_Import_Gives_The_Same_Posts_Field_By_Field()
    {
        var (member, pia, zoe) = await WorkspaceAsync();
        var csv = $"""
            publish_at;timezone;account;caption;media;privacy;allow_comment;allow_duet;allow_stitch;brand_content;brand_organic;ai_generated;cover_ms;title
            {Day(7)} 09:00;;@pia;"=SUM(1,2) launch ☕
            second line";launch.mp4;PUBLIC_TO_EVERYONE;true;false;true;false;true;true;1200;
            {Day(8)} 18:30;America/New_York;@zoe;-dash start;a.jpg|b.jpg;SELF_ONLY;true;;;false;false;false;;Carousel title
            ;;@pia;draft idea;teaser.mp4;;;;;;;;;
            {Day(9)} 07:15;;@zoe;Paid partnership;teaser.mp4;MUTUAL_FOLLOW_FRIENDS;false;true;false;true;false;false;0;
            """;
        var session = await OpenAsync(member, csv, "month.csv");
        Assert.All(session.Checks, c => Assert.True(c.IsValid, $"row {c.Number}: {string.Join(" ", c.Problems)}"));
        Assert.True((await ImportAsync(member, session, ImportMode.AllOrNone)).Done);
        var originals = await app.RowsOfAsync<Post>(member.Workspace.Id);
        Assert.Equal(4, originals.Count);

        var exported = await member.Client.GetByteArrayAsync("/app/posts/export.csv");
        var text = Encoding.UTF8.GetString(exported);
        Assert.Contains("'=SUM(1,2) launch ☕", text);
        Assert.Contains("'-dash start", text);
        // As a spreadsheet would: one cell changed, the rest saved as they were.
        var edited = Encoding.UTF8.GetBytes(text.Replace("draft idea", "draft idea (edited)", StringComparison.Ordinal));

        var again = await AsAsync(member, i => i.OpenAsync(edited, "month-edited.csv", CancellationToken.None));
        again.ConfirmReposts = true;
        await RecheckAsync(member, again);
        Assert.All(again.Checks, c => Assert.True(c.IsValid, $"row {c.Number}: {string.Join(" ", c.Problems)}"));
        Assert.True((await ImportAsync(member, again, ImportMode.AllOrNone)).Done);

        var copies = (await app.RowsOfAsync<Post>(member.Workspace.Id)).Where(p => originals.All(o => o.Id != p.Id)).ToList();
        Assert.Equal(4, copies.Count);
        foreach (var original in originals)
        {
            var title = original.Title == "draft idea" ? "draft idea (edited)" : original.Title;
            var description = original.Description == "draft idea" ? "draft idea (edited)" : original.Description;
            var copy = Assert.Single(copies, c => c.AccountId == original.AccountId && c.PublishAt == original.PublishAt && c.Kind == original.Kind);
            Assert.Equal(title, copy.Title);
            Assert.Equal(description, copy.Description);
            Assert.Equal(original.Status, copy.Status);
            Assert.Equal(original.VideoMediaId, copy.VideoMediaId);
            Assert.Equal(original.PhotoMediaIds, copy.PhotoMediaIds);
            Assert.Equal(original.PhotoCoverIndex, copy.PhotoCoverIndex);
            Assert.Equal(original.PrivacyLevel, copy.PrivacyLevel);
            Assert.Equal(original.AllowComment, copy.AllowComment);
            Assert.Equal(original.AllowDuet, copy.AllowDuet);
            Assert.Equal(original.AllowStitch, copy.AllowStitch);
            Assert.Equal(original.DisclosureEnabled, copy.DisclosureEnabled);
            Assert.Equal(original.YourBrand, copy.YourBrand);
            Assert.Equal(original.BrandedContent, copy.BrandedContent);
            Assert.Equal(original.IsAiGenerated, copy.IsAiGenerated);
            Assert.Equal(original.VideoCoverTimestampMs, copy.VideoCoverTimestampMs);
        }
        // The originals themselves, read back: what the file said.
        var launch = originals.Single(p => p.Title.StartsWith("=SUM", StringComparison.Ordinal));
        Assert.Equal("=SUM(1,2) launch ☕\nsecond line", launch.Title);
        Assert.Equal((pia.Id, true, false, true, true, false, true, 1200), (launch.AccountId, launch.AllowComment, launch.AllowDuet, launch.AllowStitch, launch.YourBrand, launch.BrandedContent, launch.IsAiGenerated, launch.VideoCoverTimestampMs));
        var carousel = originals.Single(p => p.Kind == PostKind.Photo);
        Assert.Equal(("Carousel title", "-dash start", zoe.Id), (carousel.Title, carousel.Description, carousel.AccountId));
        Assert.Equal(PostStatus.Draft, originals.Single(p => p.Title == "draft idea").Status);
    }

    [Fact]
    public async Task The_Export_Is_Filtered_Like_The_List_And_Holds_Only_This_Workspaces_Posts()
    {
        var (member, pia, zoe) = await WorkspaceAsync();
        await PostsTestData.AddPostAsync(app, member, pia, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(3), "Pia's post");
        await PostsTestData.AddPostAsync(app, member, zoe, PostStatus.Draft, null, "Zoe's draft");
        var stranger = await PostsTestData.SignedInAsync(app, workspaceName: "Strangers");
        var theirs = await PostsTestData.AddAccountAsync(app, stranger.Workspace.Id, "pia");
        await PostsTestData.AddPostAsync(app, stranger, theirs, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(3), "Someone else's post");

        var all = PostsCsv.Parse(await member.Client.GetByteArrayAsync("/app/posts/export.csv"), "all.csv");
        Assert.Equal(["Zoe's draft", "Pia's post"], all.Rows.Select(r => r[PostsCsv.Caption]).Order().Reverse());
        var onlyPia = PostsCsv.Parse(await member.Client.GetByteArrayAsync($"/app/posts/export.csv?account={pia.Id}"), "pia.csv");
        Assert.Equal("Pia's post", Assert.Single(onlyPia.Rows)[PostsCsv.Caption]);
        Assert.Equal("@pia", onlyPia.Rows[0][PostsCsv.Account]);
        var drafts = PostsCsv.Parse(await member.Client.GetByteArrayAsync("/app/posts/export.csv?status=Draft&q=zoe"), "drafts.csv");
        Assert.Equal("Zoe's draft", Assert.Single(drafts.Rows)[PostsCsv.Caption]);
        Assert.Equal("", drafts.Rows[0][PostsCsv.PublishAt]);
    }

    [Fact]
    public async Task A_Viewer_Cannot_Import_And_Nothing_Is_Created()
    {
        var (owner, _, _) = await WorkspaceAsync();
        var viewer = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Viewer);

        var session = await OpenAsync(viewer, $"publish_at,account,caption,media,privacy\n{Day(4)} 09:00,@pia,Hi,launch.mp4,Everyone\n");
        var result = await ImportAsync(viewer, session, ImportMode.ValidRows);

        Assert.False(result.Done);
        Assert.Equal(Permissions.Refusal(StudioAction.ComposePost), result.Message);
        Assert.Empty(await app.RowsOfAsync<Post>(owner.Workspace.Id));
    }

    [Theory]
    [InlineData(Web.Features.Approvals.ApprovalMode.Contributors, WorkspaceRole.Contributor)]
    [InlineData(Web.Features.Approvals.ApprovalMode.Everyone, WorkspaceRole.Editor)]
    public async Task Dated_Rows_Of_A_Member_Who_Needs_Approval_Wait_For_It_Like_Composer_Posts(Web.Features.Approvals.ApprovalMode mode, WorkspaceRole role)
    {
        var (owner, _, _) = await WorkspaceAsync();
        var author = await PostsTestData.MemberOfAsync(app, owner.Workspace, role);
        var approver = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Admin);
        var set = await app.Services.AsUserAsync(owner.User.Id, s => s.GetRequiredService<Web.Features.Approvals.ApprovalService>().UpdateModeAsync(mode));
        Assert.True(set.Done, set.Message);

        var session = await OpenAsync(author, $"publish_at,account,caption,media,privacy\n{Day(4)} 09:00,@pia,Dated,launch.mp4,Everyone\n,@zoe,Idea,teaser.mp4,Everyone\n");
        var result = await ImportAsync(author, session, ImportMode.AllOrNone);

        Assert.True(result.Done, result.Message + " " + string.Join(" ", session.Checks.SelectMany(c => c.Problems.Select(p => p.Message))));
        Assert.Contains("Imported 2 posts from plan.csv. 1 of them waits for approval before it is published.", result.Message);
        var posts = await app.RowsOfAsync<Post>(owner.Workspace.Id);
        var dated = posts.Single(p => p.Title == "Dated");
        Assert.Equal(PostStatus.PendingApproval, dated.Status);
        Assert.Equal(author.User.Id, dated.SubmittedByUserId);
        Assert.Equal(PostStatus.Draft, posts.Single(p => p.Title == "Idea").Status);
        Assert.Equal(dated.PublishAt, await PostsTestData.TriggerTimeAsync(app, dated.Id)); // the engine re-checks it at its minute
        Assert.Contains(await PostsTestData.EventsOfAsync(app, dated.Id), e => e.Kind == Web.Features.Approvals.ApprovalEvents.Submitted);
        Assert.Contains(await ActivityKindsAsync(dated.Id), k => k == ActivityKinds.PostSubmitted);
        using var scope = app.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.Where(m => m.To == approver.User.Email).ToList();
        Assert.Contains(outbox, m => m.Subject == "A post waits for your approval");
    }

    private async Task<List<string>> ActivityKindsAsync(Guid postId)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<ActivityEntry>().IgnoreQueryFilters()
            .Where(a => a.PostId == postId).Select(a => a.Kind).ToList();
    }
}
