using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Features.Activity;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Workspaces;

/// <summary>Deleting a workspace: only by its Owner typing its name; its triggers, rows and members go; another workspace keeps everything.</summary>
public sealed class WorkspaceDeletionTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Fact]
    public async Task The_Owner_Deletes_Every_Row_And_Trigger_Of_The_Workspace_And_Nothing_Of_Another()
    {
        var owner = await PostsTestData.SignedInAsync(app, workspaceName: "Doomed Co");
        var other = await PostsTestData.SignedInAsync(app, workspaceName: "Safe Co");
        var editor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Editor);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "doomed");
        var post = await PostsTestData.AddPostAsync(app, owner, account, PostStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(1));
        await PostsTestData.ScheduleTriggerAsync(app, post);
        await app.AddEntryAsync(owner.Workspace.Id, DateTimeOffset.UtcNow, ActivityKinds.PostCreated, "Doomed entry");
        var otherAccount = await PostsTestData.AddAccountAsync(app, other.Workspace.Id, "safe");
        var otherPost = await PostsTestData.AddPostAsync(app, other, otherAccount, PostStatus.Draft, null);
        await app.AddEntryAsync(other.Workspace.Id, DateTimeOffset.UtcNow, ActivityKinds.PostCreated, "Safe entry");

        var wrongName = await app.ActAsync(owner.User.Id, s => s.GetRequiredService<WorkspaceDeletion>().DeleteAsync("doomed co"));
        var byEditor = await app.ActAsync(editor.User.Id, s => s.GetRequiredService<WorkspaceDeletion>().DeleteAsync("Doomed Co"));
        Assert.False(wrongName.Deleted);
        Assert.Contains("Nothing was deleted", wrongName.Message);
        Assert.Equal(Permissions.Refusal(StudioAction.DeleteWorkspace), byEditor.Message);
        Assert.Single(await app.RowsOfAsync<Post>(owner.Workspace.Id));

        var deleted = await app.ActAsync(owner.User.Id, s => s.GetRequiredService<WorkspaceDeletion>().DeleteAsync(" Doomed Co "));

        Assert.True(deleted.Deleted, deleted.Message);
        Assert.Empty(await app.RowsOfAsync<Post>(owner.Workspace.Id));
        Assert.Empty(await app.RowsOfAsync<TikTokAccount>(owner.Workspace.Id));
        Assert.Empty(await app.RowsOfAsync<Membership>(owner.Workspace.Id));
        Assert.Empty(await app.EntriesAsync(owner.Workspace.Id));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            Assert.False(await db.Workspaces.AnyAsync(w => w.Id == owner.Workspace.Id));
            Assert.Null((await db.Users.SingleAsync(u => u.Id == editor.User.Id)).CurrentWorkspaceId);
        }
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Null(await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(post.Id)));
        Assert.Equal([otherPost.Id], (await app.RowsOfAsync<Post>(other.Workspace.Id)).Select(p => p.Id));
        Assert.Single(await app.RowsOfAsync<TikTokAccount>(other.Workspace.Id));
        Assert.Equal(["Safe entry"], (await app.EntriesAsync(other.Workspace.Id)).Select(e => e.Summary));
        // The editor's next request lands in their own workspace; the owner, with none left, is asked to create one.
        var home = await editor.Client.GetAsync("/app");
        Assert.Contains("Their own", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Every_Tenant_Table_Is_Deleted_After_The_Tables_That_Point_At_It()
    {
        using var scope = app.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<StudioDbContext>().Model;
        var order = WorkspaceDeletion.DeletionOrder(model).ToList();

        Assert.Contains(order, t => t.ClrType == typeof(Post));
        foreach (var type in order)
        {
            foreach (var fk in type.GetReferencingForeignKeys())
            {
                var referrer = fk.DeclaringEntityType.GetRootType();
                if (referrer == type || !order.Contains(referrer)) continue;
                Assert.True(order.IndexOf(referrer) < order.IndexOf(type), $"{referrer.ClrType.Name} must be deleted before {type.ClrType.Name}");
            }
        }
    }
}
