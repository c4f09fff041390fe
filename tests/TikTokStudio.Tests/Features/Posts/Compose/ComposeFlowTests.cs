using System.Net;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>
/// The composer's handler as the circuit calls it (ComposeService on a fresh scope as the signed-in member), with real
/// accounts from the emulated TikTok: posts saved and their triggers set. The page itself is tested in ComposePageTests.
/// </summary>
public sealed class ComposeFlowTests : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app;

    public ComposeFlowTests(RealServerFixture server) => app = server.App;

    [Fact]
    public async Task Scheduling_To_Two_Accounts_Saves_One_Post_Each_With_A_Trigger_At_The_Local_Minute()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        await EmulatedTikTok.ConnectAsync(client, "quiet_creator");
        var accounts = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).OrderBy(a => a.DisplayName).ToList();
        var video = await AddVideoAsync(workspace.Id);
        var local = DateTime.UtcNow.AddDays(2).Date.AddHours(9);

        var outcome = await SubmitAsync(userId, new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Title = "Launch day #coffee",
            Targets = [new(accounts[0].Id, "PUBLIC_TO_EVERYONE", true, false, false), new(accounts[1].Id, "SELF_ONLY", false, false, false)],
            ScheduleLocal = local.ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
        });

        Assert.Null(outcome.Invalid);
        var posts = await app.RowsOfAsync<Post>(workspace.Id);
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(PostStatus.Scheduled, p.Status));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(posts, p => Assert.Equal(local, TimeZoneInfo.ConvertTime(p.PublishAt!.Value, berlin).DateTime));
        Assert.Equal(outcome.CompositionId, Assert.Single(posts.Select(p => p.CompositionId).Distinct()));
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        foreach (var post in posts)
        {
            var trigger = await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
            Assert.NotNull(trigger);
            Assert.Equal(post.PublishAt!.Value, PostScheduler.SlotOf(trigger));
        }
        var composition = await app.Services.AsUserAsync(userId, s => s.GetRequiredService<ComposeService>().CompositionAsync(outcome.CompositionId!.Value, CancellationToken.None));
        Assert.Equal(2, composition!.Posts.Count);
        var justComposed = await client.GetStringAsync($"/app/compose?created={outcome.CompositionId}");
        Assert.Equal(2, justComposed.Split("data-testid=\"composed-post\"").Length - 1);
    }

    [Fact]
    public async Task An_Invalid_Composition_Is_Explained_And_Nothing_Is_Saved()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "quiet_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        var video = await AddVideoAsync(workspace.Id);

        var outcome = await SubmitAsync(userId, new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Targets = [new(account.Id, null, true, false, false)],
            DisclosureEnabled = true, Action = ComposeAction.PostNow,
        });

        var errors = outcome.Invalid!.Verdict.Errors.Select(e => e.Message).ToList();
        Assert.True(outcome.Invalid.ShowErrors);
        Assert.Contains("Choose who can see this post on @quiet_creator.", errors);
        Assert.Contains("@quiet_creator turned comments off on TikTok.", errors);
        Assert.Contains("You need to indicate if your content promotes yourself, a third party, or both.", errors);
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task A_Draft_Can_Be_Saved_Incomplete_Then_Deleted()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();

        var saved = await SubmitAsync(userId, new ComposeInput
        {
            Kind = PostKind.Video, Title = "Idea for next week", Targets = [new(account.Id, null, false, false, false)], Action = ComposeAction.SaveDraft,
        });
        var draft = (await app.RowsOfAsync<Post>(workspace.Id)).Single();
        // What the posts list's Delete runs over the circuit.
        var deleted = await app.Services.AsUserAsync(userId, s => s.GetRequiredService<PostsActions>().DeleteAsync([draft.Id]));

        Assert.Null(saved.Invalid);
        Assert.Equal(PostStatus.Draft, draft.Status);
        Assert.Null(draft.PublishAt);
        Assert.Equal("Deleted 1 post.", deleted.Message);
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    [Fact]
    public async Task Editing_A_Scheduled_Post_Moves_Its_Trigger()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "public_creator");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        var video = await AddVideoAsync(workspace.Id);
        var first = DateTime.UtcNow.AddDays(3).Date.AddHours(8);
        var input = new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Targets = [new(account.Id, "SELF_ONLY", false, false, false)],
            ScheduleLocal = first.ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
        };
        await SubmitAsync(userId, input);
        var post = (await app.RowsOfAsync<Post>(workspace.Id)).Single();

        var editPage = await client.GetStringAsync($"/app/compose?edit={post.Id}");
        var loaded = await app.Services.AsUserAsync(userId, s => s.GetRequiredService<ComposeService>().InputForEditAsync(post.Id, CancellationToken.None));
        var later = first.AddHours(5);
        var outcome = await SubmitAsync(userId, loaded! with { ScheduleLocal = later.ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule });

        Assert.Contains("Edit post", editPage);
        Assert.Null(outcome.Invalid);
        var edited = (await app.RowsOfAsync<Post>(workspace.Id)).Single();
        Assert.Equal(post.Id, edited.Id);
        Assert.Equal(post.PublishAt!.Value.AddHours(5), edited.PublishAt);
        var trigger = await (await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTrigger(PostScheduler.SlotTriggerFor(post.Id));
        Assert.Equal(edited.PublishAt, PostScheduler.SlotOf(trigger));
    }

    [Fact]
    public async Task The_Composer_Reads_Creator_Info_Fresh_And_Blocks_A_Capped_Creator_Today()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "capped_creator");
        var video = await AddVideoAsync(workspace.Id);

        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/app/compose"));

        Assert.Contains("TikTok says this creator cannot post right now", page);
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        Assert.NotNull(account.CreatorCannotPostReason);
        var now = await SubmitAsync(userId, new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Targets = [new(account.Id, "SELF_ONLY", false, false, false)], Action = ComposeAction.PostNow,
        });
        Assert.Contains(now.Invalid!.Verdict.ErrorsFor($"account.{account.Id}"), e => e.Contains("cannot post right now"));
    }

    [Fact]
    public async Task A_Capped_Creator_Can_Still_Be_Scheduled_For_A_Later_Day()
    {
        var (client, workspace, userId) = await OwnerAsync();
        await EmulatedTikTok.ConnectAsync(client, "capped_creator");
        await client.GetStringAsync("/app/compose");
        var account = (await app.RowsOfAsync<TikTokAccount>(workspace.Id)).Single();
        using (var scope = app.Services.CreateScope())
        {
            // The options TikTok listed the last time creator_info answered (a capped creator's query fails).
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var row = await db.Set<TikTokAccount>().IgnoreQueryFilters().SingleAsync(a => a.Id == account.Id);
            row.PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,SELF_ONLY";
            await db.SaveChangesAsync();
        }
        var video = await AddVideoAsync(workspace.Id);

        var outcome = await SubmitAsync(userId, new ComposeInput
        {
            Kind = PostKind.Video, VideoMediaId = video.Id, Targets = [new(account.Id, "SELF_ONLY", false, false, false)],
            ScheduleLocal = DateTime.UtcNow.AddDays(2).Date.AddHours(10).ToString("yyyy-MM-ddTHH:mm"), Action = ComposeAction.Schedule,
        });

        Assert.True(outcome.Invalid is null, string.Join(" ", outcome.Invalid?.Verdict.Errors.Select(e => e.Message) ?? []));
        Assert.Equal(PostStatus.Scheduled, (await app.RowsOfAsync<Post>(workspace.Id)).Single().Status);
    }

    [Fact]
    public async Task A_Viewer_Cannot_Compose()
    {
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Owned");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = viewer.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Viewer });
            (await db.Users.SingleAsync(u => u.Id == viewer.Id)).CurrentWorkspaceId = workspace.Id;
            await db.SaveChangesAsync();
        }
        var client = await app.SignInAsync(viewer.Email!);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/app/compose"));

        var refused = await SubmitAsync(viewer.Id, new ComposeInput { Kind = PostKind.Video, Action = ComposeAction.SaveDraft });

        Assert.Contains("Viewers cannot compose posts.", page);
        Assert.Contains(Permissions.Refusal(StudioAction.ComposePost), refused.Invalid!.Verdict.ErrorsFor("schedule"));
        Assert.Empty(await app.RowsOfAsync<Post>(workspace.Id));
    }

    private async Task<(HttpClient Client, Workspace Workspace, string UserId)> OwnerAsync()
    {
        var (user, workspace) = await app.CreateUserAsync();
        return (await app.SignInAsync(user.Email!), workspace, user.Id);
    }

    private Task<ComposeOutcome> SubmitAsync(string userId, ComposeInput input) =>
        app.Services.AsUserAsync(userId, s => s.GetRequiredService<ComposeService>().SubmitAsync(input, CancellationToken.None));

    private async Task<MediaFile> AddVideoAsync(Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var video = ComposerBuilder.Video();
        video.WorkspaceId = workspaceId;
        db.Set<MediaFile>().Add(video);
        await db.SaveChangesAsync();
        return video;
    }
}
