using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Approvals;

/// <summary>The approval queue and the post page's approval panel on the circuit, against the app's real handlers.</summary>
public sealed class ApprovalComponentTests : StudioComponentTest
{
    [Fact]
    public async Task The_Queue_Lists_Pending_Posts_Warns_When_A_Slot_Is_Close_And_Approves_From_The_Row()
    {
        await using var app = new StudioAppFactory();
        var (owner, editor, contributor, account) = await TeamAsync(app);
        var soon = await PendingAsync(app, owner, contributor, account, DateTimeOffset.UtcNow.AddMinutes(50), "Soon #coffee");
        var later = await PendingAsync(app, owner, contributor, account, DateTimeOffset.UtcNow.AddDays(2), "Later");
        await SignInToApp(app, editor.User.Id);

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=approval-post-link]").Count));
        Assert.Contains("2 posts wait for approval. 1 of them in less than 2 hours.", page.Find("[data-testid=approvals-summary]").TextContent);
        var links = page.FindAll("[data-testid=approval-post-link]");
        Assert.Equal("Soon #coffee", links[0].TextContent.Trim()); // the closest slot first
        Assert.Single(page.FindAll("[data-testid=approval-urgent]"));
        Assert.Contains(contributor.User.Email!, page.Markup);
        Assert.Contains("Required for Contributors", page.Find("[data-testid=approvals-mode]").TextContent);

        page.FindAll("[data-testid=approve-in-queue]")[0].Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=approval-post-link]")));
        Assert.Contains("Approved by", page.Find("[data-testid=approvals-message]").TextContent);
        Assert.Equal(PostStatus.Scheduled, (await PostsTestData.FindPostAsync(app, soon.Id))!.Status);
        Assert.Equal(PostStatus.PendingApproval, (await PostsTestData.FindPostAsync(app, later.Id))!.Status);
    }

    [Fact]
    public async Task The_Author_Sees_Their_Post_In_The_Queue_Without_An_Approve_Button()
    {
        await using var app = new StudioAppFactory();
        var (owner, _, contributor, account) = await TeamAsync(app);
        await PendingAsync(app, owner, contributor, account, DateTimeOffset.UtcNow.AddDays(1), "Mine");
        await SignInToApp(app, contributor.User.Id);

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=approval-post-link]")));
        Assert.Empty(page.FindAll("[data-testid=approve-in-queue]"));
        Assert.Contains("Your post: another approver decides", page.Markup);
        Assert.NotEmpty(page.FindAll("[data-testid=approvals-readonly]"));
    }

    [Fact]
    public async Task The_Post_Page_Shows_The_Approver_What_Is_Sent_And_Requires_A_Comment_To_Send_It_Back()
    {
        await using var app = new StudioAppFactory();
        var (owner, editor, contributor, account) = await TeamAsync(app);
        var post = await PendingAsync(app, owner, contributor, account, DateTimeOffset.UtcNow.AddDays(1), "Paid collab #ad",
            p => { p.DisclosureEnabled = true; p.BrandedContent = true; p.AllowComment = true; });
        await SignInToApp(app, editor.User.Id);

        var page = Render<PostPage>(p => p.Add(x => x.Id, post.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=approval-panel]")));
        // What is sent is shown once: in "What is sent to TikTok", never again in the approval panel.
        var panel = page.Find("[data-testid=approval-panel]").TextContent;
        Assert.DoesNotContain("Who can view", panel);
        Assert.DoesNotContain("Interactions", panel);
        Assert.DoesNotContain("Music Usage Confirmation", panel);
        Assert.Empty(page.FindAll("[data-testid=approval-facts]"));
        Assert.Contains("What is sent to TikTok", page.Find("[data-testid=approval-check]").TextContent);
        var sent = page.Find("[data-testid=post-content]").TextContent;
        Assert.Contains("Paid collab", sent);
        Assert.Contains("Everyone", sent);
        Assert.Contains("Allowed: comments", sent);
        Assert.Contains("Branded content", sent);
        Assert.Contains("Branded Content Policy", page.Find("[data-testid=post-consent]").TextContent);
        Assert.Contains("Music Usage Confirmation", page.Find("[data-testid=post-consent]").TextContent);
        Assert.Equal(1, CountOf(page.Markup, "Who can view"));
        Assert.Equal(1, CountOf(page.Markup, "Music Usage Confirmation</a>"));

        page.Find("[data-testid=request-changes-button]").Click();
        page.WaitForAssertion(() => Assert.Contains(ApprovalService.CommentRequired, page.Markup));
        Assert.Equal(PostStatus.PendingApproval, (await PostsTestData.FindPostAsync(app, post.Id))!.Status);

        page.Find("#approval-comment").Change("Add the partner's handle.");
        page.Find("[data-testid=request-changes-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("Sent back to the author", page.Find("[data-testid=approval-result]").TextContent));
        Assert.Equal(PostStatus.Draft, (await PostsTestData.FindPostAsync(app, post.Id))!.Status);
        page.WaitForAssertion(() => Assert.Contains("requested changes: Add the partner's handle.", page.Find("[data-testid=approval-state]").TextContent));
    }

    [Fact]
    public async Task A_Post_Approved_After_Its_Slot_Offers_Publish_Now_And_A_New_Time()
    {
        await using var app = new StudioAppFactory();
        var (owner, editor, contributor, account) = await TeamAsync(app);
        var post = await PendingAsync(app, owner, contributor, account, DateTimeOffset.UtcNow.AddHours(-1), "Missed it", p =>
        {
            p.Status = PostStatus.NotApprovedInTime;
            p.FailMessage = "Not published: nobody approved it before its slot.";
        });
        await SignInToApp(app, editor.User.Id);
        var page = Render<PostPage>(p => p.Add(x => x.Id, post.Id));
        page.WaitForAssertion(() => Assert.Contains("nobody approved it", page.Find("[data-testid=approval-state]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=late-approval]"));

        page.Find("[data-testid=approve-button]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=late-publish-now]")));
        Assert.NotEmpty(page.FindAll("[data-testid=late-reschedule]"));
        Assert.Contains("Approved after its slot had passed", page.Find("[data-testid=approval-state]").TextContent);
        var row = (await PostsTestData.FindPostAsync(app, post.Id))!;
        Assert.True(ApprovalService.IsLateApproved(row));
    }

    private static async Task<(Member Owner, Member Editor, Member Contributor, Web.Features.Connections.TikTokAccount Account)> TeamAsync(StudioAppFactory app)
    {
        var owner = await PostsTestData.SignedInAsync(app);
        var editor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Editor);
        var contributor = await PostsTestData.MemberOfAsync(app, owner.Workspace, WorkspaceRole.Contributor);
        var account = await PostsTestData.AddAccountAsync(app, owner.Workspace.Id, "brand");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        (await db.Workspaces.SingleAsync(w => w.Id == owner.Workspace.Id)).Approvals = ApprovalMode.Contributors;
        await db.SaveChangesAsync();
        return (owner, editor, contributor, account);
    }

    private static Task<Post> PendingAsync(StudioAppFactory app, Member owner, Member author, Web.Features.Connections.TikTokAccount account, DateTimeOffset slot,
        string title, Action<Post>? configure = null) =>
        PostsTestData.AddPostAsync(app, owner, account, PostStatus.PendingApproval, slot, title, p =>
        {
            p.CreatedByUserId = author.User.Id;
            p.SubmittedByUserId = author.User.Id;
            p.SubmittedAt = DateTimeOffset.UtcNow.AddHours(-2);
            configure?.Invoke(p);
        });

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
