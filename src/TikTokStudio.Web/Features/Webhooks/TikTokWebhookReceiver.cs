using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Web.Features.Webhooks;

public enum TikTokWebhookOutcome
{
    /// <summary>The signature does not verify with our client secret, or its timestamp is too old or too new.</summary>
    Refused,
    /// <summary>Signed, but not TikTok's envelope, or for another app's client key.</summary>
    Malformed,
    /// <summary>The same body came before (TikTok delivers at least once): acknowledged, nothing done again.</summary>
    Duplicate,
    /// <summary>The post it names advances now (a run of its publishing job fires at once).</summary>
    Advanced,
    /// <summary>Verified and recorded, but nothing to do: another event kind, or no post of ours in a state it changes.</summary>
    Ignored,
}

/// <summary>
/// TikTok's webhooks in (tiktok-api.md §9.3). Verifies <c>TikTok-Signature</c> (t=…,s=hex HMAC-SHA256 with the app's
/// client secret over "{t}.{raw body}", within <see cref="WebhookOptions.TikTokSignatureTolerance"/>), drops repeats,
/// and for post.publish.* makes the named post's publishing job run now. The event is a nudge, not the truth: the run
/// asks TikTok's status endpoint as it always does, so the state machine stays the one place that decides, and status
/// polling remains the fallback when a webhook never comes. Only the take-down event is recorded from the webhook
/// itself, because status fetch cannot tell it apart from "not public yet".
/// </summary>
public sealed partial class TikTokWebhookReceiver(
    StudioDbContext db,
    IOptions<TikTokOptions> tiktok,
    IOptions<WebhookOptions> options,
    PostScheduler scheduler,
    PublishPost publishing,
    TimeProvider time,
    ILogger<TikTokWebhookReceiver> logger)
{
    public const string Path = "/webhooks/tiktok";

    /// <summary>TikTok's envelopes are a few hundred bytes; anything far larger is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string PublishEventPrefix = "post.publish.";
    public const string NoLongerPubliclyAvailable = "post.publish.no_longer_publicaly_available";

    public async Task<TikTokWebhookOutcome> ReceiveAsync(string body, string? signatureHeader, CancellationToken ct)
    {
        if (!SignatureIsValid(body, signatureHeader))
        {
            LogRefused(logger);
            return TikTokWebhookOutcome.Refused;
        }
        if (Envelope.TryParse(body) is not { } envelope || envelope.ClientKey != tiktok.Value.ClientKey) return TikTokWebhookOutcome.Malformed;

        var bodySha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        if (await db.Set<TikTokWebhookReceipt>().AnyAsync(r => r.BodySha256 == bodySha256, ct)) return TikTokWebhookOutcome.Duplicate;

        var outcome = await ActAsync(envelope, ct);

        // Recorded after acting: a crash in between repeats the nudge on TikTok's retry, which is harmless; recording
        // first could lose the event. Two copies arriving at once both act (also harmless) and one insert loses.
        db.Set<TikTokWebhookReceipt>().Add(new TikTokWebhookReceipt { BodySha256 = bodySha256, Event = Truncate(envelope.Event, 64), ReceivedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return TikTokWebhookOutcome.Duplicate;
        }
        LogReceived(logger, envelope.Event, outcome);
        return outcome;
    }

    private async Task<TikTokWebhookOutcome> ActAsync(Envelope envelope, CancellationToken ct)
    {
        if (!envelope.Event.StartsWith(PublishEventPrefix, StringComparison.Ordinal) || envelope.PublishId is not { } publishId)
            return TikTokWebhookOutcome.Ignored;
        // Background work for the whole app: the row names its workspace. The creator must match too, so a valid
        // signature over someone else's publish_id cannot move a post of ours.
        var post = await (
                from p in db.Set<Post>().IgnoreQueryFilters()
                join a in db.Set<TikTokAccount>().IgnoreQueryFilters() on p.AccountId equals a.Id
                where p.PublishId == publishId && a.OpenId == envelope.UserOpenId
                select new { p.Id, p.Status, p.Kind, p.UploadCompletedAt, p.PublicPostId })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        if (post is null) return TikTokWebhookOutcome.Ignored;

        if (envelope.Event == NoLongerPubliclyAvailable)
        {
            await publishing.RecordNoLongerPublicAsync(post.Id, ct);
            return TikTokWebhookOutcome.Advanced;
        }
        var processing = post.Status == PostStatus.Publishing && (post.Kind == PostKind.Photo || post.UploadCompletedAt is not null);
        var watching = post.Status == PostStatus.SentToInbox || (post.Status == PostStatus.Published && post.PublicPostId is null);
        if (!processing && !watching) return TikTokWebhookOutcome.Ignored;
        await scheduler.RunAgainAsync(post.Id, time.GetUtcNow(), ct);
        return TikTokWebhookOutcome.Advanced;
    }

    private bool SignatureIsValid(string body, string? header)
    {
        if (string.IsNullOrEmpty(header)) return false;
        string? timestamp = null, signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) continue;
            if (pair[0] == "t") timestamp = pair[1];
            else if (pair[0] == "s") signature = pair[1];
        }
        if (timestamp is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if (age.Duration() > options.Value.TikTokSignatureTolerance) return false;
        var secret = tiktok.Value.ClientSecret;
        if (string.IsNullOrEmpty(secret)) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>TikTok's envelope: client_key, event, create_time, user_openid and content, itself a JSON string.</summary>
    private sealed record Envelope(string ClientKey, string Event, string? UserOpenId, string? PublishId)
    {
        public static Envelope? TryParse(string body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("client_key", out var clientKey) || clientKey.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
                    return null;
                var openId = root.TryGetProperty("user_openid", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null;
                string? publishId = null;
                if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    using var inner = JsonDocument.Parse(content.GetString()!);
                    if (inner.RootElement.ValueKind == JsonValueKind.Object
                        && inner.RootElement.TryGetProperty("publish_id", out var id) && id.ValueKind == JsonValueKind.String)
                        publishId = id.GetString();
                }
                return new Envelope(clientKey.GetString()!, name.GetString()!, openId, publishId);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TikTok webhook: its TikTok-Signature does not verify or is outside the allowed clock skew")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "TikTok webhook {Event}: {Outcome}")]
    private static partial void LogReceived(ILogger logger, string @event, TikTokWebhookOutcome outcome);
}

public static class TikTokWebhookEndpoints
{
    /// <summary>No cookie and no antiforgery: TikTok-Signature is the proof. Answers 200 at once, as TikTok asks.</summary>
    public static IEndpointRouteBuilder MapTikTokWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TikTokWebhookReceiver.Path, async (HttpRequest request, TikTokWebhookReceiver receiver) =>
        {
            if (request.ContentLength > TikTokWebhookReceiver.MaxBodyBytes)
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "A TikTok webhook is at most 64 KiB.");
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var buffer = new char[TikTokWebhookReceiver.MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
            if (read > TikTokWebhookReceiver.MaxBodyBytes)
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "A TikTok webhook is at most 64 KiB.");
            var outcome = await receiver.ReceiveAsync(new string(buffer, 0, read), request.Headers["TikTok-Signature"].ToString(), request.HttpContext.RequestAborted);
            return outcome switch
            {
                TikTokWebhookOutcome.Refused => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                    title: "The TikTok-Signature header does not verify for this body with the app's client secret, or its timestamp is more than 5 minutes off."),
                TikTokWebhookOutcome.Malformed => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "The body is not a TikTok webhook envelope for this app (client_key, event, user_openid, content)."),
                _ => Results.Ok(new { received = true, outcome = outcome.ToString() }),
            };
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }
}
