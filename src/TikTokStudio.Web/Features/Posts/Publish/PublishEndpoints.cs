using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Htmx;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>The post page's fragment and the actions that are safe now (retry / publish now, cancel the schedule).</summary>
public static class PublishEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/app/posts").RequireAuthorization().WithAntiforgeryValidation();

        group.MapGet("/{id:guid}/timeline", async (Guid id, StudioDbContext db, HttpContext http) =>
        {
            if (!await db.Set<Post>().AnyAsync(p => p.Id == id, http.RequestAborted)) return Results.NotFound();
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<PostTimeline>(new { PostId = id });
        });

        group.MapPost("/{id:guid}/retry", async (Guid id, StudioDbContext db, WorkspaceContext workspace, PostScheduler scheduler,
            ILiveNotifier live, TimeProvider time, HttpContext http) =>
        {
            if (!workspace.Can(WorkspaceRole.Editor)) return OnlyEditors();
            var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted);
            if (post is null) return Results.NotFound();
            if (PublishFailures.WhyNotRetryable(post) is { } why) return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: why);
            var now = time.GetUtcNow();
            ResetForNewAttempt(post);
            post.Status = PostStatus.Scheduled;
            post.PublishAt = now;
            post.UpdatedAt = now;
            post.Version++;
            db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = PostEventKinds.Action, Message = "Sent again now by a team member." });
            await db.SaveChangesAsync(http.RequestAborted);
            await scheduler.ScheduleAsync(post, http.RequestAborted);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), http.RequestAborted);
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<PostTimeline>(new { PostId = id });
        });

        group.MapPost("/{id:guid}/unschedule", async (Guid id, StudioDbContext db, WorkspaceContext workspace, PostScheduler scheduler,
            ILiveNotifier live, TimeProvider time, HttpContext http) =>
        {
            if (!workspace.Can(WorkspaceRole.Editor)) return OnlyEditors();
            var post = await db.Set<Post>().FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted);
            if (post is null) return Results.NotFound();
            if (!CanUnschedule(post))
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The post is already being sent to TikTok; it can no longer be stopped here.");
            var now = time.GetUtcNow();
            post.Status = PostStatus.Draft;
            post.Stage = PublishStage.None;
            ResetForNewAttempt(post);
            post.UpdatedAt = now;
            post.Version++;
            db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = now, Kind = PostEventKinds.Action, Message = "Unscheduled by a team member; the post is a draft again." });
            await db.SaveChangesAsync(http.RequestAborted);
            await scheduler.UnscheduleAsync(post.Id, http.RequestAborted);
            await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), http.RequestAborted);
            http.Response.VaryOnHtmx();
            return new RazorComponentResult<PostTimeline>(new { PostId = id });
        });

        return endpoints;
    }

    /// <summary>Nothing was sent to TikTok yet (or the attempt ended without a post), so the schedule can be dropped.</summary>
    public static bool CanUnschedule(Post post) =>
        post.Status is PostStatus.Scheduled or PostStatus.Missed or PostStatus.WaitingForDailyLimit or PostStatus.Paused
        || (post.Status == PostStatus.WaitingForReconnect && post.PublishId is null);

    private static void ResetForNewAttempt(Post post)
    {
        post.Stage = PublishStage.None;
        post.InitRequestedAt = null;
        post.PublishId = null;
        post.UploadUrl = null;
        post.UploadUrlExpiresAt = null;
        post.UploadedBytes = 0;
        post.UploadCompletedAt = null;
        post.FailCode = null;
        post.FailMessage = null;
        post.Attempts = 0;
        post.CompletedAt = null;
    }

    private static ProblemHttpResult OnlyEditors() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Viewers cannot change posts.");
}
