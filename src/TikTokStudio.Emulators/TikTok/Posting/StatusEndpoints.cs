using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary><c>POST /v2/post/publish/status/fetch/</c> and <c>POST /v2/post/publish/cancel/</c>.</summary>
public static class StatusEndpoints
{
    private static readonly string[] EitherPostingScope = ["video.upload", "video.publish"];

    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapPost("/v2/post/publish/status/fetch/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<PublishIdRequest>(context.Request);
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, EitherPostingScope, "status/fetch", state.Options.StatusPerMinute);
                if (error is not null) return error;
                error = FindOwnedPost(state, token, body, out var post);
                if (error is not null) return error;
                var view = post!.Evaluate(state.Now);
                var file = post.Source == "FILE_UPLOAD";
                return Api.Ok(state, new StatusData(view.Status, view.FailReason, view.PublicPostIds,
                    file ? post.Upload?.ReceivedBytes ?? 0 : null, file ? null : post.TransferredBytes));
            }
        });

        tiktok.MapPost("/v2/post/publish/cancel/", async (HttpContext context, TikTokEmulatorState state) =>
        {
            var body = await WireJson.TryReadAsync<PublishIdRequest>(context.Request);
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, EitherPostingScope, "publish/cancel", state.Options.StatusPerMinute);
                if (error is not null) return error;
                error = FindOwnedPost(state, token, body, out var post);
                if (error is not null) return error;
                // Only a pull still downloading can be stopped (media transfer guide, "Cancel a pull").
                if (post!.Source != "PULL_FROM_URL" || post.Evaluate(state.Now).Status != PostStatus.ProcessingDownload)
                    return Api.Error(state, 400, "publish_not_cancellable", "The publish task cannot be cancelled any more.");
                post.Cancelled = true;
                post.PullCancellation?.Cancel();
                return Api.Ok(state, new Dictionary<string, object>());
            }
        });
    }

    /// <summary>Caller holds the lock.</summary>
    private static IResult? FindOwnedPost(TikTokEmulatorState state, AccessToken token, PublishIdRequest? body, out EmulatedPost? post)
    {
        post = null;
        if (string.IsNullOrEmpty(body?.PublishId)) return Api.InvalidParam(state, "publish_id is required.");
        if (!state.PostsByPublishId.TryGetValue(body.PublishId, out post))
            return Api.Error(state, 400, "invalid_publish_id", "The publish_id does not exist.");
        if (post.Creator != token.Grant.Creator || post.ClientKey != token.Grant.ClientKey)
            return Api.Error(state, 400, "token_not_authorized_for_specified_publish_id", "The access token does not own this publish_id.");
        return null;
    }
}
