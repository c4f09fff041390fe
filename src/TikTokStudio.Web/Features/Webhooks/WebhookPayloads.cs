using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// The body receivers get: <c>{type, timestamp, data}</c>, fixed when the change is recorded. <c>data</c> holds ids and
/// the subject's state as it is about to be committed (the tracked entity when the caller has one, else the row), and
/// never a token, secret or stored credential: only the fields listed here are copied.
/// </summary>
public static class WebhookPayloads
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static string Build(StudioDbContext db, ActivityEntry entry)
    {
        var data = new Dictionary<string, object?>
        {
            ["workspace_id"] = entry.WorkspaceId,
            ["summary"] = entry.Summary,
            ["actor"] = new Dictionary<string, object?>
            {
                ["kind"] = Snake(entry.ActorKind.ToString()),
                ["name"] = entry.ActorKind == ActorKind.System ? "TikTok Studio" : entry.ActorName,
            },
        };
        if (entry.SubjectId is { } subject) data["subject_id"] = subject;
        if (entry.PostId is { } postId && Find<Post>(db, postId, p => p.Id == postId) is { } post) data["post"] = Describe(post);
        else if (entry.PostId is { } missingPost) data["post"] = new Dictionary<string, object?> { ["id"] = missingPost };
        if (entry.AccountId is { } accountId && Find<TikTokAccount>(db, accountId, a => a.Id == accountId) is { } account) data["account"] = Describe(account);
        else if (entry.AccountId is { } missingAccount) data["account"] = new Dictionary<string, object?> { ["id"] = missingAccount };
        if (entry.Kind is ActivityKinds.MediaReady or ActivityKinds.MediaRejected
            && Guid.TryParse(entry.SubjectId, out var mediaId) && Find<MediaFile>(db, mediaId, m => m.Id == mediaId) is { } media)
        {
            data["media"] = Describe(media);
        }
        if (entry.Kind == ActivityKinds.SubscriptionChanged && BillingOf(db, entry.WorkspaceId) is { } billing) data["subscription"] = Describe(billing);
        return Serialize(entry.Kind, entry.At, data);
    }

    public static string Serialize(string type, DateTimeOffset at, object data) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = type,
            ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        }, Json);

    /// <summary>The sample a "Send test event" carries: the shape of a real event, with no workspace data in it.</summary>
    public static string Test(Guid workspaceId, Guid endpointId, DateTimeOffset at) => Serialize(WebhookEvents.Test, at, new Dictionary<string, object?>
    {
        ["workspace_id"] = workspaceId,
        ["endpoint_id"] = endpointId,
        ["summary"] = "A test event sent from the webhooks page. Verify its signature to check your receiver.",
    });

    internal static Dictionary<string, object?> Describe(Post post) => new()
    {
        ["id"] = post.Id,
        ["account_id"] = post.AccountId,
        ["status"] = Snake(post.Status.ToString()),
        ["kind"] = Snake(post.Kind.ToString()),
        ["publish_at"] = post.PublishAt,
        ["privacy_level"] = post.PrivacyLevel,
        ["publish_id"] = post.PublishId,
        ["public_post_id"] = post.PublicPostId,
        ["public_url"] = post.PublicUrl,
        ["completed_at"] = post.CompletedAt,
        ["error"] = post.Status is PostStatus.Failed or PostStatus.Unconfirmed or PostStatus.Missed
            ? new Dictionary<string, object?>
            {
                ["code"] = post.FailCode,
                ["class"] = post.FailClass is { } c ? Snake(c) : null,
                ["reason"] = post.FailMessage,
                ["tiktok_log_id"] = post.FailLogId,
            }
            : null,
    };

    private static Dictionary<string, object?> Describe(TikTokAccount account) => new()
    {
        ["id"] = account.Id,
        ["username"] = account.Username,
        ["display_name"] = account.DisplayName,
        ["status"] = Snake(account.Status.ToString()),
        ["health"] = Snake(account.Health.ToString()),
        ["health_reason"] = account.HealthReason,
    };

    private static Dictionary<string, object?> Describe(MediaFile media) => new()
    {
        ["id"] = media.Id,
        ["file_name"] = media.OriginalFileName,
        ["kind"] = Snake(media.Kind.ToString()),
        ["status"] = Snake(media.Status.ToString()),
        ["size_bytes"] = media.SizeBytes,
        ["duration_ms"] = media.DurationMs,
        ["width"] = media.Width,
        ["height"] = media.Height,
        ["can_be_posted"] = media.CanBePosted,
        ["rejection_reason"] = media.RejectionReason,
    };

    // The plan as the app applies it; Stripe's own customer and subscription ids stay out of the payload.
    private static Dictionary<string, object?> Describe(WorkspaceBilling billing) => new()
    {
        ["plan"] = billing.PlanId,
        ["interval"] = billing.Interval is { } interval ? Snake(interval.ToString()) : null,
        ["status"] = Snake(billing.State.ToString()),
        ["current_period_end"] = billing.CurrentPeriodEnd,
        ["cancel_at_period_end"] = billing.CancelAtPeriodEnd,
    };

    private static WorkspaceBilling? BillingOf(StudioDbContext db, Guid workspaceId) =>
        db.ChangeTracker.Entries<WorkspaceBilling>().FirstOrDefault(e => e.Entity.WorkspaceId == workspaceId)?.Entity
        ?? db.Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking().FirstOrDefault(b => b.WorkspaceId == workspaceId);

    /// <summary>The entity the caller is changing (tracked, with the values about to be saved), else the stored row.</summary>
    private static T? Find<T>(StudioDbContext db, Guid id, System.Linq.Expressions.Expression<Func<T, bool>> byId) where T : class
    {
        var local = db.ChangeTracker.Entries<T>().FirstOrDefault(e => Equals(e.Property("Id").CurrentValue, id))?.Entity;
        return local ?? db.Set<T>().IgnoreQueryFilters().AsNoTracking().FirstOrDefault(byId);
    }

    internal static string Snake(string pascal) => JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
