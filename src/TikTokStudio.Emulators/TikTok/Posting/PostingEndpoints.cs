using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>creator_info/query and the three init endpoints of the Content Posting API.</summary>
public static class PostingEndpoints
{
    private const string Publish = "video.publish";
    private const string Upload = "video.upload";

    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapPost("/v2/post/publish/creator_info/query/", (HttpContext context, TikTokEmulatorState state) =>
        {
            lock (state.Gate)
            {
                var error = BearerAuth.Check(state, context, out var token, [Publish], "creator_info", state.Options.CreatorInfoPerMinute);
                if (error is not null) return error;
                var creator = token.Grant.Creator;
                // "Cannot post now" is signalled with HTTP 200 on purpose (creator_info reference).
                if (PostingRules.CannotPostNow(state, state.FindApp(token.Grant.ClientKey)!, creator) is { } refusal)
                    return Api.Error(state, 200, refusal.Code, refusal.Message);
                return Api.Ok(state, new CreatorInfoData(EmulatorUrls.Avatar(context, creator), creator.Username,
                    creator.DisplayName, creator.PrivacyLevelOptions, creator.CommentDisabled, creator.EffectiveDuetDisabled,
                    creator.EffectiveStitchDisabled, creator.MaxVideoPostDurationSec));
            }
        });

        tiktok.MapPost("/v2/post/publish/video/init/", (HttpContext context, TikTokEmulatorState state, MediaPuller puller) =>
            InitVideoAsync(context, state, puller, direct: true));

        tiktok.MapPost("/v2/post/publish/inbox/video/init/", (HttpContext context, TikTokEmulatorState state, MediaPuller puller) =>
            InitVideoAsync(context, state, puller, direct: false));

        tiktok.MapPost("/v2/post/publish/content/init/", InitPhotosAsync);
    }

    private static async Task<IResult> InitVideoAsync(HttpContext context, TikTokEmulatorState state, MediaPuller puller, bool direct)
    {
        var body = await WireJson.TryReadAsync<VideoInitRequest>(context.Request);
        EmulatedPost post;
        lock (state.Gate)
        {
            var error = BearerAuth.Check(state, context, out var token, [direct ? Publish : Upload],
                direct ? "video/init" : "inbox/video/init", state.Options.InitPerMinute) ?? ScriptedInitFailure(state);
            if (error is not null) return error;
            if (body?.SourceInfo is not { } source) return Api.InvalidParam(state, "source_info is required.");
            // Inbox init has no post_info; TikTok ignores one if sent (Postiz sends a title anyway).
            var info = direct ? body.PostInfo : null;
            var app = state.FindApp(token.Grant.ClientKey)!;
            var creator = token.Grant.Creator;

            var file = source.Source == "FILE_UPLOAD";
            if (file)
            {
                if (ChunkPlan.Validate(source.VideoSize, source.ChunkSize, source.TotalChunkCount, state.Options.ChunkSizeUnit) is { } bad)
                    return Api.Error(state, 400, bad.Code, bad.Message);
            }
            else if (source.Source == "PULL_FROM_URL")
            {
                if (string.IsNullOrWhiteSpace(source.VideoUrl)) return Api.InvalidParam(state, "video_url is required for PULL_FROM_URL.");
            }
            else
            {
                return Api.InvalidParam(state, "source_info.source must be FILE_UPLOAD or PULL_FROM_URL.");
            }
            if (info?.Title is { Length: > 2200 }) return Api.InvalidParam(state, "title must be at most 2200 UTF-16 code units.");

            var refusal = direct ? PostingRules.DirectPostRefusal(state, app, creator, info?.PrivacyLevel) : PostingRules.InboxRefusal(state, creator);
            if (refusal is { } r) return Api.Error(state, 403, r.Code, r.Message);
            if (!file && !PullUrlPolicy.IsVerified(source.VideoUrl, state.Options)) return UrlUnverified(state);

            var sequence = state.NextSequence();
            var kind = (direct, file) switch
            {
                (true, true) => "v_pub_file~v2-1",
                (true, false) => "v_pub_url~v2",
                (false, true) => "v_inbox_file~v2",
                (false, false) => "v_inbox_url~v2",
            };
            post = new EmulatedPost
            {
                PublishId = PublishId(kind, sequence),
                ClientKey = app.ClientKey,
                Grant = token.Grant,
                Creator = creator,
                IsDirect = direct,
                MediaType = "VIDEO",
                Source = source.Source!,
                CreatedAt = state.Now,
                ProcessingDelay = state.Faults.ProcessingDelay,
                ModerationDelay = state.Faults.ModerationDelay,
                PostId = PostId(sequence),
                // Kept even for inbox posts (where TikTok ignores it) so the control API shows what the client sent.
                Title = body.PostInfo?.Title,
                PrivacyLevel = info?.PrivacyLevel,
                DisableComment = info?.DisableComment,
                DisableDuet = info?.DisableDuet,
                DisableStitch = info?.DisableStitch,
                BrandContentToggle = info?.BrandContentToggle,
                BrandOrganicToggle = info?.BrandOrganicToggle,
                IsAigc = info?.IsAigc,
                VideoCoverTimestampMs = info?.VideoCoverTimestampMs,
                VideoUrl = source.VideoUrl,
                ScriptedFailReason = TakeScriptedFailReason(state),
                Upload = file ? NewUploadSession(state, source) : null,
                PullCancellation = file ? null : new CancellationTokenSource(),
            };
            Register(state, post);
        }
        if (post.Upload is { } upload)
            return Api.Ok(state, new InitData(post.PublishId, EmulatorUrls.Upload(context, upload)));
        puller.Start(post, [post.VideoUrl!], "video_pull_failed", post.PullCancellation!.Token);
        return Api.Ok(state, new InitData(post.PublishId, null));
    }

    private static async Task<IResult> InitPhotosAsync(HttpContext context, TikTokEmulatorState state, MediaPuller puller)
    {
        var body = await WireJson.TryReadAsync<ContentInitRequest>(context.Request);
        EmulatedPost post;
        lock (state.Gate)
        {
            // The scope depends on post_mode, so it is checked once the body is known.
            var error = BearerAuth.Check(state, context, out var token, [], "content/init", state.Options.InitPerMinute)
                ?? ScriptedInitFailure(state);
            if (error is not null) return error;
            if (body is null) return Api.InvalidParam(state, "The request body is not valid JSON.");
            if (body.MediaType != "PHOTO") return Api.InvalidParam(state, "media_type must be PHOTO.");
            var direct = body.PostMode == "DIRECT_POST";
            if (!direct && body.PostMode != "MEDIA_UPLOAD") return Api.InvalidParam(state, "post_mode must be DIRECT_POST or MEDIA_UPLOAD.");
            var scope = direct ? Publish : Upload;
            if (!token.Grant.Has(scope)) return BearerAuth.ScopeMissing(state, scope);

            var source = body.SourceInfo;
            if (source?.Source != "PULL_FROM_URL") return Api.InvalidParam(state, "source_info.source must be PULL_FROM_URL for photos.");
            var images = source.PhotoImages ?? [];
            if (images.Count is < 1 or > 35 || images.Any(string.IsNullOrWhiteSpace))
                return Api.InvalidParam(state, "photo_images must hold 1 to 35 URLs.");
            if (source.PhotoCoverIndex is not { } cover || cover < 0 || cover >= images.Count)
                return Api.InvalidParam(state, "photo_cover_index is required and must point into photo_images.");
            var info = body.PostInfo;
            if (info?.Title is { Length: > 90 }) return Api.InvalidParam(state, "title must be at most 90 UTF-16 code units.");
            if (info?.Description is { Length: > 4000 }) return Api.InvalidParam(state, "description must be at most 4000 UTF-16 code units.");

            var app = state.FindApp(token.Grant.ClientKey)!;
            var creator = token.Grant.Creator;
            if (!direct && !creator.AppVersionAtLeast(31, 8))
                return Api.Error(state, 400, "app_version_check_failed", "The user's TikTok app must be version 31.8 or later to receive photo drafts.");
            var refusal = direct ? PostingRules.DirectPostRefusal(state, app, creator, info?.PrivacyLevel) : PostingRules.InboxRefusal(state, creator);
            if (refusal is { } r) return Api.Error(state, 403, r.Code, r.Message);
            if (images.Any(url => !PullUrlPolicy.IsVerified(url, state.Options))) return UrlUnverified(state);

            var sequence = state.NextSequence();
            post = new EmulatedPost
            {
                PublishId = PublishId(direct ? "p_pub_url~v2" : "p_inbox_url~v2", sequence),
                ClientKey = app.ClientKey,
                Grant = token.Grant,
                Creator = creator,
                IsDirect = direct,
                MediaType = "PHOTO",
                Source = "PULL_FROM_URL",
                CreatedAt = state.Now,
                ProcessingDelay = state.Faults.ProcessingDelay,
                ModerationDelay = state.Faults.ModerationDelay,
                PostId = PostId(sequence),
                Title = info?.Title,
                Description = info?.Description,
                // Everything but title/description applies to DIRECT_POST only (photo reference).
                PrivacyLevel = direct ? info?.PrivacyLevel : null,
                DisableComment = direct ? info?.DisableComment : null,
                BrandContentToggle = direct ? info?.BrandContentToggle : null,
                BrandOrganicToggle = direct ? info?.BrandOrganicToggle : null,
                AutoAddMusic = direct ? info?.AutoAddMusic : null,
                IsAigc = body.IsAigc ?? info?.IsAigc,
                PhotoImages = images.ToList(),
                PhotoCoverIndex = cover,
                ScriptedFailReason = TakeScriptedFailReason(state),
                PullCancellation = new CancellationTokenSource(),
            };
            Register(state, post);
        }
        puller.Start(post, post.PhotoImages, "photo_pull_failed", post.PullCancellation!.Token);
        return Api.Ok(state, new InitData(post.PublishId, null));
    }

    /// <summary>A status scripted through the control API for the next init call (any of the three). Caller holds the lock.</summary>
    private static IResult? ScriptedInitFailure(TikTokEmulatorState state)
    {
        if (state.Faults.NextInitStatus is not { } status) return null;
        state.Faults.NextInitStatus = null;
        var code = status switch
        {
            429 => "rate_limit_exceeded",
            401 => "access_token_invalid",
            403 => "spam_risk_too_many_posts",
            400 => "invalid_param",
            _ => "internal_error",
        };
        return Api.Error(state, status, code, "Scripted failure from the emulator control API.");
    }

    private static string? TakeScriptedFailReason(TikTokEmulatorState state)
    {
        var reason = state.Faults.NextFailReason;
        state.Faults.NextFailReason = null;
        return reason;
    }

    private static UploadSession NewUploadSession(TikTokEmulatorState state, SourceInfo source)
    {
        var uploadId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        return new UploadSession
        {
            UploadId = uploadId,
            UploadToken = TikTokEmulatorState.NewSecret(""),
            VideoSize = source.VideoSize!.Value,
            ChunkSize = source.ChunkSize!.Value,
            TotalChunkCount = (int)source.TotalChunkCount!.Value,
            ExpiresAt = state.Now.AddHours(1),
            FilePath = state.Options.StoreUploads ? Path.Combine(state.UploadDirectory, uploadId + ".bin") : null,
        };
    }

    private static void Register(TikTokEmulatorState state, EmulatedPost post)
    {
        state.Posts.Add(post);
        state.PostsByPublishId[post.PublishId] = post;
        post.Creator.Posts.Add(post);
        if (post.Upload is not null) state.PostsByUploadId[post.Upload.UploadId] = post;
    }

    private static IResult UrlUnverified(TikTokEmulatorState state) =>
        Api.Error(state, 403, "url_ownership_unverified", "The media URL is not on a verified domain or URL prefix of this app.");

    private static string PublishId(string kind, long sequence) => $"{kind}.{7_000_000_000_000_000 + sequence}";

    private static long PostId(long sequence) => 7_300_000_000_000_000_000 + sequence;
}
