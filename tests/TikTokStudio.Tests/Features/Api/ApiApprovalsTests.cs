using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>
/// A post created through the API by a key whose role needs approval goes to Pending approval exactly like a composer
/// post (one rule, <see cref="ApprovalRules.NeedsApproval"/>), and the approvers are told; a role that needs none schedules.
/// </summary>
public sealed class ApiApprovalsTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private static string Handle() => "apr" + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData(ApprovalMode.Contributors, WorkspaceRole.Contributor, true)]
    [InlineData(ApprovalMode.Everyone, WorkspaceRole.Editor, true)]
    [InlineData(ApprovalMode.Contributors, WorkspaceRole.Editor, false)]
    public async Task A_Key_Whose_Role_Needs_Approval_Creates_Pending_Posts(ApprovalMode mode, WorkspaceRole role, bool pending)
    {
        var seat = await SeatAsync(app, role);
        var approver = await PostsTestData.MemberOfAsync(app, seat.Workspace, WorkspaceRole.Admin);
        await SetModeAsync(seat.Workspace.Id, mode);
        var account = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);

        var (created, body) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, account));

        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(ApprovalRules.NeedsApproval(mode, role), pending); // the table of this test agrees with the one rule
        var row = Assert.Single(await app.RowsOfAsync<Post>(seat.Workspace.Id));
        Assert.Equal(pending ? PostStatus.PendingApproval : PostStatus.Scheduled, row.Status);
        Assert.Equal(pending ? "pending_approval" : "scheduled", Assert.Single(body.GetProperty("posts").EnumerateArray().ToList()).GetProperty("status").GetString());
        Assert.Equal(pending, (await PostsTestData.EventsOfAsync(app, row.Id)).Any(e => e.Kind == ApprovalEvents.Submitted));
        Assert.Equal(pending, (await OutboxAsync(approver.User.Email!)).Any(m => m.Subject == "A post waits for your approval"));
    }

    private async Task SetModeAsync(Guid workspaceId, ApprovalMode mode)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        (await db.Workspaces.SingleAsync(w => w.Id == workspaceId)).Approvals = mode;
        await db.SaveChangesAsync();
    }

    private async Task<List<Web.Email.OutboxEmail>> OutboxAsync(string to)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking().Where(m => m.To == to).ToListAsync();
    }
}
