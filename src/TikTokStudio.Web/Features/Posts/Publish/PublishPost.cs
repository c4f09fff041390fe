using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.TikTok.Auth;
using TikTokStudio.TikTok.Display;
using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.RateLimiting;
using TikTokStudio.TikTok.Upload;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Posts.Publish;

/// <summary>
/// The publishing state machine (architecture §5). Each run reads the row, advances it as far as it can, saving the
/// row, a timeline event and a live signal at every step, and says when it wants to run again. The row alone decides
/// what happens next, so a run may die anywhere and the next one resumes:
/// <list type="bullet">
/// <item>no publish_id and no init asked: pre-flight, then init (InitRequestedAt saved before asking);</item>
/// <item>init asked, no publish_id: a video init without bytes cannot become a post, so it is asked again; a photo
///   init may have started a pull, so the post becomes Unconfirmed;</item>
/// <item>publish_id, upload not complete: resume the upload (416 says where), or replace a dead upload URL with a new
///   init after TikTok confirms it never got the whole file;</item>
/// <item>upload complete (or photo): poll status only; init is never asked again.</item>
/// </list>
/// Background work for every workspace: rows are read across the tenant filter on purpose (the row names its
/// workspace) and written with no workspace current, which the save guard allows.
/// </summary>
public sealed partial class PublishPost(
    StudioDbContext db,
    IServiceScopeFactory scopes,
    TikTokPostingClient posting,
    TikTokDisplayClient display,
    ChunkedUploader uploader,
    ITikTokRequestBudget limiter,
    MediaStorage storage,
    MediaUrls mediaUrls,
    TikTokAppSettings app,
    PublishGate gate,
    PublishHooks hooks,
    Billing.PlanPause planPause,
    ILiveNotifier live,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<PublishPost> logger,
    Activity.ActivityRecorder activity)
{
    /// <summary>TikTok's upload URLs live one hour; we stop trusting them a little earlier.</summary>
    public static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(55);

    /// <summary>PULL_FROM_URL photo links must outlive TikTok's one-hour download window.</summary>
    public static readonly TimeSpan PhotoUrlLifetime = TimeSpan.FromHours(2);

    /// <summary>Added to a wait for a per-token budget: our window opens a moment before TikTok's, which counts from when the call arrived.</summary>
    public static readonly TimeSpan BudgetMargin = TimeSpan.FromSeconds(2);

    private PublishingOptions Options => options.Value;

    /// <summary>The creator's lane while this run holds it (confirmed before init: a lane lost to another instance stops the run).</summary>
    private PublishLane? heldLane;

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<PublishRunResult> RunAsync(Guid postId, CancellationToken ct)
    {
        var post = await LoadPostAsync(postId, ct);
        if (post is null) return PublishRunResult.Done;

        switch (post.Status)
        {
            case PostStatus.Draft or PostStatus.Failed or PostStatus.Unconfirmed or PostStatus.Missed or PostStatus.Paused or PostStatus.NotApprovedInTime:
                return PublishRunResult.Done;
            case PostStatus.PendingApproval:
                return await NotApprovedInTimeAsync(post, ct);
            case PostStatus.Published or PostStatus.SentToInbox:
                return await WatchAsync(post, ct);
        }

        if (post.Status == PostStatus.Scheduled)
        {
            if (post.PublishAt is not { } slot) return PublishRunResult.Done;
            if (slot - Now > TimeSpan.FromSeconds(2)) return PublishRunResult.At(slot); // moved later meanwhile
            if (Now - slot > Options.MisfireGrace)
            {
                post.Status = PostStatus.Missed;
                post.Stage = PublishStage.None;
                post.FailMessage = $"The app was not running at the scheduled time and the post is now more than {Describe(Options.MisfireGrace)} late, so it was not sent on its own. Publish it now, reschedule it, or leave it.";
                await SaveAsync(post, PostEventKinds.Missed, post.FailMessage, ct);
                return PublishRunResult.Done;
            }
        }

        // A read-only workspace (trial over, payment lapsed) sends nothing new; what TikTok already has is followed to its end.
        if (post.PublishId is null && post.InitRequestedAt is null && await planPause.PauseReasonAsync(post.WorkspaceId, ct) is { } planReason)
        {
            post.Status = PostStatus.Paused;
            post.Stage = PublishStage.None;
            post.FailMessage = planReason;
            await SaveAsync(post, PostEventKinds.PlanPaused, planReason, ct);
            return PublishRunResult.Done;
        }

        var account = await LoadAccountAsync(post.AccountId, ct);
        if (account is null || account.Status != ConnectionStatus.Connected)
        {
            if (post.PublishId is not null && post.UploadCompletedAt is not null)
            {
                // TikTok has the post; only its outcome is unknown to us.
                return await WaitForReconnectAsync(post, "The account was disconnected while TikTok processed the post. Reconnect it to see how the post ended.", ct);
            }
            post.Status = PostStatus.Paused;
            post.Stage = PublishStage.None;
            await SaveAsync(post, PostEventKinds.Reconnect, "The TikTok account was disconnected, so the post is paused. Reconnect the account, then publish it.", ct);
            return PublishRunResult.Done;
        }

        if (post.PublishId is null && post.InitRequestedAt is not null && post.Kind == PostKind.Photo)
        {
            return await UnconfirmedAsync(post,
                "TikTok was asked to pull the photos, but the app stopped before it heard back, so it cannot tell whether the post was created. Check the creator's TikTok profile before posting again.", ct);
        }

        if (post.PublishId is null || (post.Kind == PostKind.Video && post.UploadCompletedAt is null))
        {
            await using var lane = await gate.TryEnterAsync(account.OpenId, TimeSpan.FromSeconds(1), ct);
            if (lane is null)
            {
                // Another post of this creator is between pre-flight and upload (here or on another instance): one at a time per creator.
                return PublishRunResult.At(Now.AddSeconds(3));
            }
            heldLane = lane;
            var step = post.PublishId is null
                ? await PreflightAndInitAsync(post, account, ct)
                : await UploadAsync(post, account, ct);
            if (step is not null) return step;
        }
        return await PollAsync(post, account, ct);
    }

    /// <summary>
    /// The re-check at the minute (Features/Approvals): a post still pending is never sent; it becomes Not approved in
    /// time with the reason, and the author and approvers are told. An approval that won the race (the version check)
    /// makes this run read the row again.
    /// </summary>
    private async Task<PublishRunResult> NotApprovedInTimeAsync(Post post, CancellationToken ct)
    {
        if (post.PublishAt is not { } slot) return PublishRunResult.Done; // "post when approved": there is no slot to miss
        if (slot - Now > TimeSpan.FromSeconds(2)) return PublishRunResult.At(slot);
        using var scope = scopes.CreateScope();
        var zone = await db.Workspaces.IgnoreQueryFilters().AsNoTracking().Where(w => w.Id == post.WorkspaceId).Select(w => w.TimeZoneId).FirstAsync(ct);
        var message = Approvals.ApprovalService.Expire(post, db, scope.ServiceProvider.GetRequiredService<Activity.ActivityRecorder>(), zone);
        try
        {
            await SaveAsync(post, Approvals.ApprovalEvents.NotApprovedInTime, message, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PublishRunResult.At(Now);
        }
        var workspaceContext = scope.ServiceProvider.GetRequiredService<Workspaces.WorkspaceContext>();
        var workspace = await db.Workspaces.IgnoreQueryFilters().AsNoTracking().FirstAsync(w => w.Id == post.WorkspaceId, ct);
        using (workspaceContext.ActFor(workspace))
        {
            await scope.ServiceProvider.GetRequiredService<Approvals.ApprovalService>().TellNotApprovedInTimeAsync(post, ct);
        }
        return PublishRunResult.Done;
    }

    // ---------------------------------------------------------------- pre-flight and init

    /// <summary>Null means "go on to polling" (the upload is complete or the post is a photo).</summary>
    private async Task<PublishRunResult?> PreflightAndInitAsync(Post post, TikTokAccount account, CancellationToken ct)
    {
        if (post.Status != PostStatus.Publishing || post.Stage != PublishStage.Preflight)
        {
            post.Status = PostStatus.Publishing;
            post.Stage = PublishStage.Preflight;
            post.FailCode = null;
            post.FailMessage = null;
            post.FailClass = null;
            post.FailLogId = null;
            // Saved with the next step (init or an outcome): one commit fewer per post when a thousand fall on one minute.
            AddEvent(post, PostEventKinds.Preflight, "Checking the account, the creator's settings and the media.");
        }

        var token = await FreshTokenAsync(account.Id, ct);
        account = await LoadAccountAsync(account.Id, ct) ?? account;
        if (token is null && account.CreatorCannotPostReason is { } cannotPost)
        {
            // Not a connection problem: TikTok said the creator may not post (e.g. banned); a reconnect would not help.
            return await FailAsync(post, "studio:creator-cannot-post", cannotPost,
                "Check the account's status in the TikTok app; send the post again once TikTok allows the creator to post.", ct);
        }
        if (token is null)
        {
            return await WaitForReconnectAsync(post, account is { Health: AccountHealth.ReconnectNeeded, HealthReason: { Length: > 0 } why }
                ? why + " The post goes out right after the reconnect."
                : "TikTok no longer accepts this account's connection. Reconnect the account; the post goes out right after.", ct);
        }

        var mode = account.Mode(app.Audited);
        // Our own count of the creator's inits comes first: when it says the day is full, TikTok is not even asked.
        if (mode != PostingMode.CannotPost && await NextSlotUnderCapsAsync(account, mode, ct) is { } limit)
            return await WaitForDailyLimitAsync(post, account, limit.Until, limit.Why, ct);

        CreatorInfo? info = null;
        if (account.HasScope(TikTokScopes.VideoPublish))
        {
            var wait = await limiter.GetWaitTimeAsync(token, TikTokEndpoint.CreatorInfo, ct);
            if (wait > TimeSpan.FromSeconds(2)) return PublishRunResult.At(Now + wait + BudgetMargin);
            try
            {
                info = await CallTikTokAsync(account.Id, token, t => posting.QueryCreatorInfoAsync(t, ct), ct);
            }
            catch (TikTokApiException e)
            {
                return await HandlePreInitErrorAsync(post, account, e, ct);
            }
        }

        var media = await LoadMediaAsync(post, ct);
        var check = PreflightRules.Check(post, account, mode, info, media, FileIsComplete, mediaUrls.PhotoPostingAvailable);
        if (check.Problem is { } problem) return await FailAsync(post, problem.Code, problem.Explanation, problem.WhatToDo, ct);
        foreach (var note in check.Notes) AddEvent(post, PostEventKinds.Notice, note);

        var endpoint = post.Kind == PostKind.Photo ? TikTokEndpoint.ContentInit
            : mode == PostingMode.Draft ? TikTokEndpoint.InboxVideoInit : TikTokEndpoint.VideoInit;
        var initWait = await limiter.GetWaitTimeAsync(token, endpoint, ct);
        // The 6-per-minute window frees up then; TikTok timestamps the oldest call a little after we did, hence the margin.
        if (initWait > TimeSpan.Zero) return PublishRunResult.At(Now + initWait + BudgetMargin);

        ChunkPlan? plan = null;
        if (post.Kind == PostKind.Video)
        {
            plan = ChunkPlanner.Plan(media[0].SizeBytes, Options.ChunkSizeBytes);
            post.TotalBytes = plan.VideoSize;
        }
        if (heldLane is { } held && !await held.ConfirmAsync(ct))
        {
            // Paused past the lease's expiry and another instance took the creator's lane: it decides now, not us.
            return PublishRunResult.At(Now.AddSeconds(3));
        }
        post.Stage = PublishStage.Init;
        post.InitRequestedAt = Now;
        post.UploadedBytes = 0;
        post.Attempts++;
        // TikTok counts this init toward the creator's day even if its answer never reaches us: recorded with the row.
        var sent = new PublishInit
        {
            WorkspaceId = post.WorkspaceId, PostId = post.Id, AccountId = account.Id, OpenId = account.OpenId, At = Now,
            Direct = mode != PostingMode.Draft,
        };
        db.Set<PublishInit>().Add(sent);
        await SaveAsync(post, PostEventKinds.Init, InitMessage(post, mode), ct);
        await hooks.AtAsync(PublishCheckpoint.InitRequestSaved, post);

        PublishInitResult result;
        try
        {
            // A 401 here created nothing on TikTok, so the renewed call is the same init, not a second one.
            result = await CallTikTokAsync(account.Id, token, t => InitAsync(post, mode, check.PrivacyLevel, info, plan, media, t, ct), ct);
        }
        catch (TikTokApiException e)
        {
            if (post.Kind == PostKind.Photo && e.HttpStatus is null && e.Classification == TikTokErrorClass.Transient)
            {
                return await UnconfirmedAsync(post,
                    "TikTok did not answer when asked to pull the photos, so it cannot be known whether the post was created. Check the creator's TikTok profile before posting again.", ct);
            }
            // TikTok answered with an error (no post exists), or a video init got no answer (without bytes it can never
            // become a post, but TikTok may have counted it: the record stays counted).
            sent.Refused = e.HttpStatus is not null || e.Classification == TikTokErrorClass.RateLimited;
            post.InitRequestedAt = null;
            return await HandlePreInitErrorAsync(post, account, e, ct);
        }
        await hooks.AtAsync(PublishCheckpoint.InitAnswered, post);

        post.PublishId = result.PublishId;
        sent.PublishId = result.PublishId;
        post.UploadUrl = result.UploadUrl;
        post.UploadUrlExpiresAt = result.UploadUrl is null ? null : Now + UploadUrlLifetime;
        AddEvent(post, PostEventKinds.Init, $"TikTok accepted the post (publish id {result.PublishId}).");
        if (post.Kind == PostKind.Photo)
        {
            post.Stage = PublishStage.Processing;
            await SaveAsync(post, PostEventKinds.Processing, "TikTok is fetching the photos.", ct);
        }
        else
        {
            // The same commit that stores the publish_id (before any byte) opens the upload.
            post.Stage = PublishStage.Uploading;
            await SaveAsync(post, PostEventKinds.Uploading, $"Uploading {Size(plan!.VideoSize)} in {plan.TotalChunkCount} part(s).", ct);
        }
        await hooks.AtAsync(PublishCheckpoint.PublishIdSaved, post);

        return post.Kind == PostKind.Photo ? null : await UploadAsync(post, account, ct);
    }

    private Task<PublishInitResult> InitAsync(Post post, PostingMode mode, string? privacy, CreatorInfo? info, ChunkPlan? plan,
        IReadOnlyList<MediaFile> media, string token, CancellationToken ct)
    {
        var disclosure = post.DisclosureEnabled;
        if (post.Kind == PostKind.Photo)
        {
            var direct = mode != PostingMode.Draft;
            return posting.InitPhotoAsync(token, new PhotoInitRequest
            {
                PostMode = direct ? TikTokPostMode.DirectPost : TikTokPostMode.MediaUpload,
                PostInfo = new PhotoPostInfo
                {
                    Title = NullIfEmpty(post.Title),
                    Description = NullIfEmpty(post.Description),
                    PrivacyLevel = direct ? privacy : null,
                    DisableComment = direct ? !post.AllowComment || info?.CommentDisabled == true : null,
                    AutoAddMusic = post.AutoAddMusic,
                    BrandContentToggle = direct ? disclosure && post.BrandedContent : null,
                    BrandOrganicToggle = direct ? disclosure && post.YourBrand : null,
                },
                SourceInfo = new PhotoSourceInfo
                {
                    PhotoImages = media.Select(m => mediaUrls.CreatePublicUrl(m.Id, PhotoUrlLifetime)).ToList(),
                    PhotoCoverIndex = Math.Clamp(post.PhotoCoverIndex, 0, media.Count - 1),
                },
                IsAigc = post.IsAiGenerated,
            }, ct);
        }

        var source = VideoSourceInfo.FileUpload(plan!);
        if (mode == PostingMode.Draft)
            return posting.InitInboxVideoAsync(token, new InboxVideoInitRequest { SourceInfo = source }, ct);

        return posting.InitDirectVideoAsync(token, new DirectVideoInitRequest
        {
            PostInfo = new VideoPostInfo
            {
                PrivacyLevel = privacy!,
                Title = NullIfEmpty(post.Title),
                DisableComment = !post.AllowComment || info?.CommentDisabled == true,
                DisableDuet = !post.AllowDuet || info?.DuetDisabled == true,
                DisableStitch = !post.AllowStitch || info?.StitchDisabled == true,
                VideoCoverTimestampMs = post.VideoCoverTimestampMs,
                BrandContentToggle = disclosure && post.BrandedContent,
                BrandOrganicToggle = disclosure && post.YourBrand,
                IsAigc = post.IsAiGenerated,
            },
            SourceInfo = source,
        }, ct);
    }

    // ---------------------------------------------------------------- upload

    private async Task<PublishRunResult?> UploadAsync(Post post, TikTokAccount account, CancellationToken ct)
    {
        if (post.UploadUrl is null || post.UploadUrlExpiresAt is not { } expires || expires <= Now)
            return await ReplaceDeadUploadAsync(post, account, "The upload link expired before the upload finished.", ct);

        var media = await LoadMediaAsync(post, ct);
        if (media.Count != 1 || !FileIsComplete(media[0]) || media[0].SizeBytes != post.TotalBytes)
            return await FailAsync(post, PublishFailures.MediaMissing, ct);
        var file = media[0];
        var plan = ChunkPlanner.Plan(post.TotalBytes, Options.ChunkSizeBytes);

        // Resume at the chunk that holds the last saved byte; a 416 corrects it either way.
        var start = StartOfChunk(plan, post.UploadedBytes);
        if (post.Stage != PublishStage.Uploading || start != 0)
        {
            post.Stage = PublishStage.Uploading;
            await SaveAsync(post, start == 0 ? PostEventKinds.Uploading : PostEventKinds.UploadResumed,
                start == 0 ? $"Uploading {Size(plan.VideoSize)} in {plan.TotalChunkCount} part(s)." : $"Resuming the upload at {Percent(start, plan.VideoSize)}%.", ct);
        }

        await using (var stream = new FileStream(storage.FullPath(file), new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0, // the uploader copies through its own pooled buffer
        }))
        await using (var progress = new UploadProgressSaver(post, scopes, live, hooks))
        {
            for (var corrections = 0; ; corrections++)
            {
                try
                {
                    await uploader.UploadAsync(new Uri(post.UploadUrl), stream, plan, ContentTypeOf(file), new UploadOptions
                    {
                        StartOffset = start,
                        RetryBaseDelay = Options.ChunkRetryBaseDelay,
                    }, progress, ct);
                    progress.Completed = true;
                    break;
                }
                catch (TikTokUploadException e) when (e.Code == UploadErrorCodes.RangeMismatch && e.ServerReceivedBytes is { } held && corrections < 3)
                {
                    if (held >= plan.VideoSize)
                    {
                        progress.Completed = true;
                        break; // TikTok already has everything
                    }
                    var resumeAt = StartOfChunk(plan, held);
                    if (resumeAt != held) return await FailAsync(post, "upload:" + e.Code, PublishFailures.Describe(e), ct, e.Classification);
                    start = resumeAt;
                    AddEvent(post, PostEventKinds.UploadResumed, $"TikTok already has {Percent(held, plan.VideoSize)}% of the file; continuing from there.");
                }
                catch (TikTokUploadException e) when (e.Code is UploadErrorCodes.UrlExpired or UploadErrorCodes.TaskNotFound)
                {
                    await progress.DisposeAsync();
                    return await ReplaceDeadUploadAsync(post, account, "TikTok closed the upload link before the upload finished.", ct);
                }
                catch (TikTokUploadException e) when (e.Classification == TikTokErrorClass.Transient)
                {
                    await progress.DisposeAsync();
                    post.UploadedBytes = progress.Saved;
                    return await RetryLaterAsync(post, "upload:" + e.Code,
                        $"The upload was interrupted by network or TikTok problems at {Percent(post.UploadedBytes, plan.VideoSize)}%; it resumes from there.", ct);
                }
                catch (TikTokUploadException e)
                {
                    return await FailAsync(post, "upload:" + e.Code, PublishFailures.Describe(e), ct, e.Classification);
                }
            }
        }

        post.UploadedBytes = post.TotalBytes;
        post.UploadCompletedAt = Now;
        post.UploadUrl = null; // used; a completed upload is never sent again
        post.Stage = PublishStage.Processing;
        await SaveAsync(post, PostEventKinds.Uploaded, "Upload complete. TikTok is processing the video (this can take a few minutes).", ct);
        await hooks.AtAsync(PublishCheckpoint.UploadCompleted, post);
        return null;
    }

    /// <summary>
    /// An upload URL died before the upload finished. An init whose upload never completed cannot have produced a
    /// post, so it may be replaced, but only after TikTok confirms it does not have the whole file.
    /// </summary>
    private async Task<PublishRunResult?> ReplaceDeadUploadAsync(Post post, TikTokAccount account, string why, CancellationToken ct)
    {
        var token = await FreshTokenAsync(account.Id, ct);
        if (token is null)
            return await WaitForReconnectAsync(post, "TikTok no longer accepts this account's connection. Reconnect the account; the upload starts again right after.", ct);
        try
        {
            var status = await CallTikTokAsync(account.Id, token, t => posting.FetchStatusAsync(t, post.PublishId!, ct), ct);
            var complete = status.Status is TikTokPublishStatus.PublishComplete or TikTokPublishStatus.SendToUserInbox
                || (status.Status == TikTokPublishStatus.ProcessingUpload && status.UploadedBytes >= post.TotalBytes && post.TotalBytes > 0);
            if (complete)
            {
                post.UploadedBytes = post.TotalBytes;
                post.UploadCompletedAt = Now;
                post.UploadUrl = null;
                post.Stage = PublishStage.Processing;
                await SaveAsync(post, PostEventKinds.Uploaded, "TikTok already has the whole file; watching it being processed.", ct);
                return null;
            }
        }
        catch (TikTokApiException e) when (e.Code is "invalid_publish_id")
        {
            // TikTok forgot the unfinished upload: nothing was posted.
        }
        catch (TikTokApiException e) when (e.Classification is TikTokErrorClass.Transient or TikTokErrorClass.RateLimited)
        {
            return await RetryLaterAsync(post, "api:" + e.Code, "Could not ask TikTok about the unfinished upload; trying again shortly.", ct);
        }

        post.PublishId = null;
        post.UploadUrl = null;
        post.UploadUrlExpiresAt = null;
        post.InitRequestedAt = null;
        post.UploadedBytes = 0;
        post.Stage = PublishStage.Preflight;
        await SaveAsync(post, PostEventKinds.UploadResumed, why + " TikTok never got the whole file, so no post was created; starting a fresh upload.", ct);
        if (post.Attempts >= Options.MaxAttempts) return await FailAsync(post, PublishFailures.TooManyAttempts, ct);
        return await PreflightAndInitAsync(post, account, ct);
    }

    // ---------------------------------------------------------------- processing

    private async Task<PublishRunResult> PollAsync(Post post, TikTokAccount account, CancellationToken ct)
    {
        if (post.Stage != PublishStage.Processing)
        {
            post.Stage = PublishStage.Processing;
            await SaveAsync(post, PostEventKinds.Processing, "TikTok is processing the post.", ct);
        }
        var deadline = Now + Options.InlinePollLimit;
        var delay = TimeSpan.FromSeconds(1);
        var transientFailures = 0;
        while (true)
        {
            var token = await FreshTokenAsync(account.Id, ct);
            if (token is null)
                return await WaitForReconnectAsync(post, "TikTok has the post, but the account's connection stopped working before the outcome was known. Reconnect the account to see how it ended.", ct);

            var budget = await limiter.GetWaitTimeAsync(token, TikTokEndpoint.StatusFetch, ct);
            if (budget > TimeSpan.Zero)
            {
                if (Now + budget + BudgetMargin > deadline) return PublishRunResult.At(Now + budget + BudgetMargin);
                await Task.Delay(budget + BudgetMargin, time, ct);
            }

            PublishStatusResult status;
            try
            {
                status = await CallTikTokAsync(account.Id, token, t => posting.FetchStatusAsync(t, post.PublishId!, ct), ct);
            }
            catch (TikTokApiException e) when (e.Classification == TikTokErrorClass.Transient && ++transientFailures < 5)
            {
                await Task.Delay(delay, time, ct);
                delay = Next(delay);
                continue;
            }
            catch (TikTokApiException e) when (e.Classification is TikTokErrorClass.Transient or TikTokErrorClass.RateLimited)
            {
                return PublishRunResult.At(Now + (e.RetryAfter ?? TimeSpan.FromSeconds(30)));
            }
            catch (TikTokApiException e) when (e.Classification == TikTokErrorClass.NeedsReauth)
            {
                await MarkAccountAsync(account.Id, e, ct);
                return await WaitForReconnectAsync(post, "TikTok has the post, but stopped accepting the account's connection before the outcome was known. Reconnect the account to see how it ended.", ct);
            }
            catch (TikTokApiException e)
            {
                return await UnconfirmedAsync(post,
                    $"TikTok no longer answers about this post ({e.Describe().Explanation}) after it received the whole upload, so its outcome cannot be known. Check the creator's TikTok profile before posting again.", ct);
            }
            await hooks.AtAsync(PublishCheckpoint.StatusFetched, post);

            switch (status.Status)
            {
                case TikTokPublishStatus.PublishComplete:
                    return await PublishedAsync(post, account, status, token, ct);
                case TikTokPublishStatus.SendToUserInbox:
                    post.Status = PostStatus.SentToInbox;
                    post.Stage = PublishStage.None;
                    post.CompletedAt = Now;
                    await SaveAsync(post, PostEventKinds.Inbox,
                        $"Sent to {Handle(account)}'s TikTok inbox. Open TikTok to finish posting it; until then it counts toward the 5 drafts TikTok allows waiting per day.", ct);
                    return PublishRunResult.At(Now + WatchDelay(post));
                case TikTokPublishStatus.Failed:
                    return await ProcessingFailedAsync(post, account, status.FailReason, status.LogId, ct);
            }

            if (Now + delay > deadline) return PublishRunResult.At(Now + Options.PollHandOverDelay);
            await Task.Delay(delay, time, ct);
            delay = Next(delay);
        }
    }

    private TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Options.PollMaxDelay.Ticks));

    private async Task<PublishRunResult> PublishedAsync(Post post, TikTokAccount account, PublishStatusResult status, string token, CancellationToken ct)
    {
        var wasInbox = post.Status == PostStatus.SentToInbox;
        post.Status = PostStatus.Published;
        post.Stage = PublishStage.None;
        post.CompletedAt ??= Now;
        if (wasInbox) post.CompletedAt = Now;
        var message = wasInbox ? $"{Handle(account)} finished the draft in TikTok: it is published." : $"Published on {Handle(account)}'s profile.";
        if (await StorePublicIdAsync(post, account, status, token, ct)) message += " " + PublicPostMessage(post);
        else if (ExpectsPublicId(post)) message += " TikTok shows the public link after its moderation; it appears here when ready.";
        await SaveAsync(post, PostEventKinds.Published, message, ct);
        return post.PublicPostId is null && ExpectsPublicId(post) ? PublishRunResult.At(Now + WatchDelay(post)) : PublishRunResult.Done;
    }

    /// <summary>
    /// TikTok's webhook said the public post is gone (the creator removed it or made it private, or moderation took it
    /// down): its timeline says so. Status fetch cannot tell this apart from "not public yet", so only the webhook does.
    /// </summary>
    public async Task RecordNoLongerPublicAsync(Guid postId, CancellationToken ct)
    {
        var post = await LoadPostAsync(postId, ct);
        if (post is null || post.Status != PostStatus.Published || post.PublicPostId is null) return;
        await SaveAsync(post, PostEventKinds.PublicLinkRemoved,
            "TikTok reports that the post is no longer publicly available: the creator removed it or made it private, or TikTok's moderation took it down. Its public link no longer opens it.", ct);
    }

    /// <summary>After the outcome: keeps asking (slowly) for the public post id, and whether an inbox draft was posted.</summary>
    private async Task<PublishRunResult> WatchAsync(Post post, CancellationToken ct)
    {
        if (post.PublishId is null) return PublishRunResult.Done;
        if (post.Status == PostStatus.Published && (post.PublicPostId is not null || !ExpectsPublicId(post))) return PublishRunResult.Done;
        if (Now - (post.CompletedAt ?? Now) > Options.PublicIdWatchWindow) return PublishRunResult.Done;
        var account = await LoadAccountAsync(post.AccountId, ct);
        if (account is null || account.Status != ConnectionStatus.Connected) return PublishRunResult.Done;
        var token = await FreshTokenAsync(account.Id, ct);
        if (token is null) return PublishRunResult.Done;
        if (await limiter.GetWaitTimeAsync(token, TikTokEndpoint.StatusFetch, ct) is { } wait && wait > TimeSpan.Zero) return PublishRunResult.At(Now + wait + BudgetMargin);
        PublishStatusResult status;
        try
        {
            status = await CallTikTokAsync(account.Id, token, t => posting.FetchStatusAsync(t, post.PublishId, ct), ct);
        }
        catch (TikTokApiException)
        {
            return PublishRunResult.At(Now + WatchDelay(post));
        }

        if (post.Status == PostStatus.SentToInbox)
        {
            if (status.Status == TikTokPublishStatus.PublishComplete) return await PublishedAsync(post, account, status, token, ct);
            return PublishRunResult.At(Now + WatchDelay(post));
        }
        if (await StorePublicIdAsync(post, account, status, token, ct))
        {
            await SaveAsync(post, PostEventKinds.PublicLink, "TikTok finished moderation; the post is public. " + PublicPostMessage(post), ct);
            return PublishRunResult.Done;
        }
        return PublishRunResult.At(Now + WatchDelay(post));
    }

    private TimeSpan WatchDelay(Post post)
    {
        var age = Now - (post.CompletedAt ?? Now);
        return age < TimeSpan.FromMinutes(2) ? TimeSpan.FromSeconds(3)
            : age < TimeSpan.FromMinutes(15) ? TimeSpan.FromSeconds(30)
            : age < TimeSpan.FromHours(2) ? TimeSpan.FromMinutes(5)
            : TimeSpan.FromMinutes(30);
    }

    private bool ExpectsPublicId(Post post) =>
        post.Status == PostStatus.Published && (post.PrivacyLevel == TikTokPrivacyLevel.PublicToEveryone || post.PrivacyLevel is null)
        && Now - (post.CompletedAt ?? Now) <= Options.PublicIdWatchWindow;

    /// <summary>Stores the public post id TikTok reported, and its link when one can be had (see <see cref="PublicPostLink"/>).</summary>
    private async Task<bool> StorePublicIdAsync(Post post, TikTokAccount account, PublishStatusResult status, string token, CancellationToken ct)
    {
        var id = status.PublicalyAvailablePostIds.FirstOrDefault();
        if (string.IsNullOrEmpty(id)) return false;
        post.PublicPostId = id;
        post.PublicUrl = PublicPostLink.For(account.Username, id)
            ?? PublicPostLink.For(null, id, await ShareUrlAsync(account, token, id, ct));
        return true;
    }

    /// <summary>Without the creator's username the post's URL cannot be built; TikTok's share_url needs video.list.</summary>
    private async Task<string?> ShareUrlAsync(TikTokAccount account, string token, string postId, CancellationToken ct)
    {
        if (!account.HasScope(TikTokScopes.VideoList)) return null;
        try
        {
            var videos = await CallTikTokAsync(account.Id, token, t => display.QueryVideosAsync(t, [postId], ["id", "share_url"], ct), ct);
            return videos.FirstOrDefault(v => v.Id == postId)?.ShareUrl;
        }
        catch (TikTokApiException e)
        {
            LogShareUrlUnavailable(logger, account.Id, e.Code);
            return null; // the post is shown without a link rather than with a broken one
        }
    }

    private static string PublicPostMessage(Post post) => post.PublicUrl is { } link
        ? "Link: " + link
        : $"TikTok's post id is {post.PublicPostId}; TikTok gave no link because the creator did not share their TikTok username with this app.";

    private async Task<PublishRunResult> ProcessingFailedAsync(Post post, TikTokAccount account, string? failReason, string? logId, CancellationToken ct)
    {
        var info = TikTokErrorCatalog.DescribeFailReason(failReason);
        if (info.Classification == TikTokErrorClass.NeedsReauth)
            await MarkAccountAsync(account.Id, new TikTokApiException(failReason ?? "", null, null, null, TikTokErrorClass.NeedsReauth, TikTokErrorSource.FailReason), ct);
        return await FailAsync(post, "fail:" + (failReason ?? ""), info.Explanation, info.WhatToDo, ct, info.Classification, logId);
    }

    // ---------------------------------------------------------------- errors before a post exists on TikTok

    private async Task<PublishRunResult> HandlePreInitErrorAsync(Post post, TikTokAccount account, TikTokApiException e, CancellationToken ct)
    {
        var info = e.Describe();
        LogTikTokRefused(logger, post.Id, e.Code, e.Classification, e.LogId);
        switch (e.Classification)
        {
            case TikTokErrorClass.Transient:
                return await RetryLaterAsync(post, "api:" + e.Code, "TikTok had a temporary problem before the post was created; trying again shortly.", ct);
            case TikTokErrorClass.RateLimited:
                // A 429 is a planning bug (architecture §5.6); the limiter now treats the window as full, and we wait it out.
                post.Stage = PublishStage.Preflight;
                await SaveAsync(post, PostEventKinds.Waiting, "TikTok asked to slow down for this account; waiting for its one-minute window.", ct);
                return PublishRunResult.At(Now + (e.RetryAfter ?? TikTokRateLimiter.Window));
            case TikTokErrorClass.NeedsReauth:
                await MarkAccountAsync(account.Id, e, ct);
                return await WaitForReconnectAsync(post, $"{info.Explanation} Reconnect the account; the post goes out right after.", ct);
            case TikTokErrorClass.CreatorCannotPostNow when e.Code is "spam_risk_too_many_posts" or "reached_active_user_cap" or "spam_risk_too_many_pending_share":
                await MarkAccountAsync(account.Id, e, ct);
                var until = await OldestRecentInitAsync(account, ct) is { } oldest ? oldest + TimeSpan.FromDays(1) : Now + TimeSpan.FromDays(1);
                return await WaitForDailyLimitAsync(post, account, until < Now + TimeSpan.FromMinutes(30) ? Now + TimeSpan.FromMinutes(30) : until, info.Explanation, ct);
            case TikTokErrorClass.CreatorCannotPostNow:
                await MarkAccountAsync(account.Id, e, ct);
                return await FailAsync(post, "api:" + e.Code, info.Explanation, info.WhatToDo, ct, e.Classification, e.LogId);
            default:
                return await FailAsync(post, "api:" + e.Code, info.Explanation, info.WhatToDo, ct, e.Classification, e.LogId);
        }
    }

    /// <summary>
    /// Daily direct posts and pending inbox drafts are planned from the inits we sent (<see cref="PublishInit"/>), so
    /// TikTok's cap errors never come back: every init counts, including one whose answer was lost in a crash and one
    /// whose dead upload was replaced, because TikTok counted them too.
    /// </summary>
    private async Task<(DateTimeOffset Until, string Why)?> NextSlotUnderCapsAsync(TikTokAccount account, PostingMode mode, CancellationToken ct)
    {
        var inits = await RecentInitsAsync(account, ct);
        if (mode == PostingMode.Draft)
        {
            // A draft stops waiting in the inbox once the creator posted it or TikTok failed it; an orphan init never does.
            var postIds = inits.Where(i => !i.Direct && i.PublishId is not null).Select(i => i.PostId).Distinct().ToList();
            var settled = (await db.Set<Post>().IgnoreQueryFilters().AsNoTracking()
                    .Where(p => postIds.Contains(p.Id) && p.PublishId != null
                        && (p.Status == PostStatus.Published || (p.Status == PostStatus.Failed && p.FailCode != null && p.FailCode.StartsWith("fail:"))))
                    .Select(p => p.PublishId!).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            var pending = inits.Where(i => !i.Direct && (i.PublishId is null || !settled.Contains(i.PublishId))).Select(i => i.At).ToList();
            if (pending.Count >= Options.PendingInboxCap)
                return (pending.Min() + TimeSpan.FromDays(1), $"{Handle(account)} already has {pending.Count} drafts waiting in their TikTok inbox from the last 24 hours (TikTok allows {Options.PendingInboxCap}).");
            return null;
        }
        var posted = inits.Where(i => i.Direct).Select(i => i.At).Order().ToList();
        if (posted.Count >= Options.DailyPostCap)
            return (posted[posted.Count - Options.DailyPostCap] + TimeSpan.FromDays(1),
                $"TikTok's daily limit for {Handle(account)} is reached ({Options.DailyPostCap} posts through apps in 24 hours).");
        return null;
    }

    private async Task<DateTimeOffset?> OldestRecentInitAsync(TikTokAccount account, CancellationToken ct) =>
        (await RecentInitsAsync(account, ct)).Select(i => (DateTimeOffset?)i.At).Min();

    /// <summary>Inits of the last 24 h that may exist at TikTok, for this creator in every workspace (TikTok counts them all).</summary>
    private async Task<List<PublishInit>> RecentInitsAsync(TikTokAccount account, CancellationToken ct)
    {
        var since = Now - TimeSpan.FromDays(1);
        return await db.Set<PublishInit>().IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.OpenId == account.OpenId && i.At >= since && !i.Refused)
            .ToListAsync(ct);
    }

    // ---------------------------------------------------------------- outcomes

    private async Task<PublishRunResult> FailAsync(Post post, PublishFailure failure, CancellationToken ct) =>
        await FailAsync(post, failure.Code, failure.Explanation, failure.WhatToDo, ct);

    private async Task<PublishRunResult> FailAsync(Post post, string code, (string Explanation, string WhatToDo) text, CancellationToken ct,
        TikTokErrorClass? errorClass = null) =>
        await FailAsync(post, code, text.Explanation, text.WhatToDo, ct, errorClass);

    private async Task<PublishRunResult> FailAsync(Post post, string code, string explanation, string whatToDo, CancellationToken ct,
        TikTokErrorClass? errorClass = null, string? logId = null)
    {
        post.Status = PostStatus.Failed;
        post.Stage = PublishStage.None;
        post.FailCode = code;
        post.FailMessage = $"{explanation} What to do: {whatToDo}";
        post.FailClass = errorClass?.ToString();
        post.FailLogId = string.IsNullOrEmpty(logId) ? null : Truncate(logId, 128);
        post.CompletedAt = Now;
        LogPostFailed(logger, post.Id, code, post.FailClass, post.FailLogId);
        // The notification and the email carry what support asks for; the post page shows the same from the row.
        await SaveAsync(post, PostEventKinds.Failed, post.FailMessage + FailureView.Reference(post), ct);
        return PublishRunResult.Done;
    }

    private async Task<PublishRunResult> UnconfirmedAsync(Post post, string message, CancellationToken ct)
    {
        post.Status = PostStatus.Unconfirmed;
        post.Stage = PublishStage.None;
        post.FailCode = "studio:unconfirmed";
        post.FailMessage = "Unconfirmed — check TikTok before reposting. " + message;
        post.CompletedAt = Now;
        await SaveAsync(post, PostEventKinds.Unconfirmed, post.FailMessage, ct);
        return PublishRunResult.Done;
    }

    private async Task<PublishRunResult> WaitForReconnectAsync(Post post, string message, CancellationToken ct)
    {
        post.Status = PostStatus.WaitingForReconnect;
        post.FailMessage = message;
        await SaveAsync(post, PostEventKinds.Reconnect, message, ct);
        return PublishRunResult.Done; // the reconcile job resumes it once the account is healthy again
    }

    private async Task<PublishRunResult> WaitForDailyLimitAsync(Post post, TikTokAccount account, DateTimeOffset until, string why, CancellationToken ct)
    {
        post.Status = PostStatus.WaitingForDailyLimit;
        post.Stage = PublishStage.None;
        post.FailCode = "studio:daily-limit";
        post.FailMessage = $"{why} The post waits and goes out automatically at the next possible slot, {until:u}.";
        await SaveAsync(post, PostEventKinds.DailyLimit, post.FailMessage, ct);
        return PublishRunResult.At(until);
    }

    private async Task<PublishRunResult> RetryLaterAsync(Post post, string code, string message, CancellationToken ct)
    {
        post.Attempts++;
        if (post.Attempts >= Options.MaxAttempts)
        {
            var failure = PublishFailures.TooManyAttempts;
            return await FailAsync(post, failure.Code, failure.Explanation, failure.WhatToDo, ct);
        }
        var wait = Backoff(post.Attempts);
        post.FailCode = code;
        await SaveAsync(post, PostEventKinds.Retry, $"{message} (attempt {post.Attempts} of {Options.MaxAttempts}, next in {Describe(wait)}).", ct);
        return PublishRunResult.At(Now + wait);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>The job's catch-all: an exception the state machine did not expect. Never repeats an init blindly.</summary>
    public async Task<PublishRunResult> RecordUnexpectedAsync(Guid postId, Exception error, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var post = await LoadPostAsync(postId, ct);
        if (post is null || post.IsTerminal || post.Status is PostStatus.Draft or PostStatus.Missed or PostStatus.Paused or PostStatus.NotApprovedInTime) return PublishRunResult.Done;
        post.Attempts++;
        if (post.Attempts < Options.MaxAttempts)
        {
            var wait = Backoff(post.Attempts);
            await SaveAsync(post, PostEventKinds.Retry, $"Publishing was interrupted by an unexpected error ({error.GetType().Name}); resuming in {Describe(wait)} from the last saved step.", ct);
            return PublishRunResult.At(Now + wait);
        }
        var mayExist = post.PublishId is not null && (post.Kind == PostKind.Photo || post.UploadCompletedAt is not null);
        if (mayExist) return await UnconfirmedAsync(post, "Publishing kept failing after TikTok received the post, so its outcome is unknown.", ct);
        var failure = PublishFailures.TooManyAttempts;
        return await FailAsync(post, failure.Code, failure.Explanation, failure.WhatToDo, ct);
    }

    // ---------------------------------------------------------------- persistence

    private async Task<Post?> LoadPostAsync(Guid postId, CancellationToken ct) =>
        await db.Set<Post>().IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == postId, ct);

    private async Task<TikTokAccount?> LoadAccountAsync(Guid accountId, CancellationToken ct) =>
        await db.Set<TikTokAccount>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);

    private async Task<IReadOnlyList<MediaFile>> LoadMediaAsync(Post post, CancellationToken ct)
    {
        var ids = post.Kind == PostKind.Video ? (post.VideoMediaId is { } v ? [v] : []) : post.Photos.ToList();
        var files = await db.Set<MediaFile>().IgnoreQueryFilters().AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.WorkspaceId == post.WorkspaceId).ToListAsync(ct);
        return ids.Select(id => files.FirstOrDefault(f => f.Id == id)).OfType<MediaFile>().ToList() is var found && found.Count == ids.Count ? found : [];
    }

    private bool FileIsComplete(MediaFile file)
    {
        try
        {
            return storage.LengthOnDisk(file) == file.SizeBytes && file.SizeBytes > 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void AddEvent(Post post, string kind, string message) =>
        db.Set<PostEvent>().Add(new PostEvent { WorkspaceId = post.WorkspaceId, PostId = post.Id, At = Now, Kind = kind, Message = Truncate(message, 1000) });

    /// <summary>Saves the row with one timeline event and tells the workspace's browsers. Version guards against an editor's concurrent save.</summary>
    private async Task SaveAsync(Post post, string kind, string message, CancellationToken ct)
    {
        post.UpdatedAt = Now;
        post.Version++;
        AddEvent(post, kind, message);
        // The activity entry (and with it the webhooks' outbox rows) commits in this same SaveChanges as the status.
        if (ActivityKindOf(post, kind) is { } activityKind) activity.Record(db, post.WorkspaceId, activityKind, message, post.Id, post.AccountId);
        await db.SaveChangesAsync(ct);
        LogStep(logger, post.Id, post.Status, post.Stage, kind);
        await live.ChangedAsync(post.WorkspaceId, "post", post.Id.ToString(), ct);
        if (kind is PostEventKinds.Failed or PostEventKinds.Unconfirmed or PostEventKinds.Reconnect or PostEventKinds.Inbox or PostEventKinds.Missed)
            await EmailAuthorAsync(post, kind, message, ct);
    }

    /// <summary>
    /// The lifecycle event a save is, judged by the status the row had when it was loaded or last saved and the one it
    /// gets now, so that a retry or a resumed run (the same status again) is not announced twice. Null: no event.
    /// </summary>
    private string? ActivityKindOf(Post post, string kind)
    {
        var before = db.Entry(post).Property(p => p.Status).OriginalValue;
        var after = post.Status;
        if (kind == PostEventKinds.PublicLink) return Activity.ActivityKinds.PostPublished; // again, now with the public link
        if (kind == PostEventKinds.Uploaded) return Activity.ActivityKinds.PostUploaded;
        if (before == after) return null;
        return after switch
        {
            PostStatus.Publishing => Activity.ActivityKinds.PostPublishing,
            PostStatus.Published when before == PostStatus.SentToInbox => Activity.ActivityKinds.PostInboxPosted,
            PostStatus.Published => Activity.ActivityKinds.PostPublished,
            PostStatus.SentToInbox => Activity.ActivityKinds.PostSentToInbox,
            PostStatus.Failed => Activity.ActivityKinds.PostFailed,
            PostStatus.Unconfirmed => Activity.ActivityKinds.PostUnconfirmed,
            PostStatus.Missed => Activity.ActivityKinds.PostMissed,
            _ => null,
        };
    }

    /// <summary>Failures, drafts sent to the inbox and reconnects needed also go by email to whoever scheduled the post.</summary>
    private async Task EmailAuthorAsync(Post post, string kind, string message, CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var scopedDb = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var email = await scopedDb.Users.Where(u => u.Id == post.CreatedByUserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
            if (string.IsNullOrEmpty(email)) return;
            var subject = kind switch
            {
                PostEventKinds.Failed => "A TikTok post failed",
                PostEventKinds.Unconfirmed => "Check TikTok: a post's outcome is unconfirmed",
                PostEventKinds.Reconnect => "Reconnect a TikTok account to publish a post",
                PostEventKinds.Inbox => "A draft is waiting in the creator's TikTok inbox",
                _ => "A scheduled TikTok post was missed",
            };
            var title = string.IsNullOrWhiteSpace(post.Title) ? "Your post" : post.Title.Length > 80 ? post.Title[..80] + "…" : post.Title;
            var link = System.Net.WebUtility.HtmlEncode(EmailLinks.ForJob(scope.ServiceProvider, $"app/posts/{post.Id}"));
            var body = $"<p><strong>{System.Net.WebUtility.HtmlEncode(title)}</strong></p><p>{System.Net.WebUtility.HtmlEncode(message)}</p>"
                + $"<p>Open it in TikTok Studio: <a href=\"{link}\">{link}</a></p>";
            await scope.ServiceProvider.GetRequiredService<TikTokStudio.Web.Email.IEmailTransport>().SendAsync(new TikTokStudio.Web.Email.EmailMessage(email, subject, body), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEmailFailed(logger, post.Id, e.GetType().Name); // the in-app notification list still has it
        }
    }

    /// <summary>
    /// A call with the account's access token. TikTok refusing the token before we expected renews the connection once
    /// and calls again (<see cref="AccountTokens.RetryRefusedAsync"/>, in its own scope like <see cref="FreshTokenAsync"/>);
    /// only a renewal TikTok refuses ends in a reconnect.
    /// </summary>
    private async Task<T> CallTikTokAsync<T>(Guid accountId, string token, Func<string, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(token);
        }
        catch (TikTokApiException e) when (AccountTokens.IsRefusedAccessToken(e))
        {
            using var scope = scopes.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AccountTokens>().RetryRefusedAsync(accountId, token, e, call, ct);
        }
    }

    /// <summary>In its own scope: a token refresh may clear its context's tracker, which must not drop our tracked post.</summary>
    private async Task<string?> FreshTokenAsync(Guid accountId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AccountTokens>().GetFreshAccessTokenAsync(accountId, ct);
    }

    private async Task MarkAccountAsync(Guid accountId, TikTokApiException e, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var scopedDb = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var account = await scopedDb.Set<TikTokAccount>().IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return;
        var before = account.Health;
        AccountHealthRules.Apply(account, e);
        AccountHealthRules.RecordIfReconnectNeeded(scope.ServiceProvider.GetRequiredService<Activity.ActivityRecorder>(), scopedDb, account, before);
        try
        {
            await scopedDb.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return; // tokens rotated meanwhile; the account's own checks will classify it again
        }
        await live.ChangedAsync(account.WorkspaceId, "account", account.Id.ToString(), ct);
    }

    // ---------------------------------------------------------------- small helpers

    private static long StartOfChunk(ChunkPlan plan, long offset)
    {
        if (offset <= 0) return 0;
        if (offset >= plan.VideoSize) return plan.VideoSize;
        var index = (int)Math.Min(offset / plan.ChunkSize, plan.TotalChunkCount - 1);
        return plan.GetChunk(index).First;
    }

    private static string ContentTypeOf(MediaFile file) =>
        file.ContentType is "video/mp4" or "video/quicktime" or "video/webm" ? file.ContentType
        : file.Container switch
        {
            Media.Probing.MediaContainer.Mov => "video/quicktime",
            Media.Probing.MediaContainer.WebM => "video/webm",
            _ => "video/mp4",
        };

    private static string InitMessage(Post post, PostingMode mode) => (post.Kind, mode) switch
    {
        (PostKind.Photo, PostingMode.Draft) => "Asking TikTok to fetch the photos into the creator's inbox.",
        (PostKind.Photo, _) => "Asking TikTok to fetch and publish the photos.",
        (_, PostingMode.Draft) => "Asking TikTok for an upload to the creator's inbox.",
        (_, PostingMode.PrivateOnly) => "Asking TikTok for an upload (private, \"Only me\": the app is not audited yet).",
        _ => "Asking TikTok for an upload to publish directly.",
    };

    private static string Handle(TikTokAccount account) =>
        account.Username is { Length: > 0 } u ? "@" + u : string.IsNullOrEmpty(account.DisplayName) ? "the creator" : account.DisplayName;

    internal static int Percent(long bytes, long total) => total <= 0 ? 0 : (int)Math.Clamp(bytes * 100 / total, 0, 100);

    private static string Size(long bytes) => Media.Checks.MediaChecks.Size(bytes);

    private static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h" : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0} min" : $"{Math.Max(1, span.TotalSeconds):0} s";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId}: {Status}/{Stage} ({Event})")]
    private static partial void LogStep(ILogger logger, Guid postId, PostStatus status, PublishStage stage, string @event);

    [LoggerMessage(Level = LogLevel.Information, Message = "TikTok's share link for a post of account {AccountId} is unavailable: {Code}")]
    private static partial void LogShareUrlUnavailable(ILogger logger, Guid accountId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing about post {PostId} failed ({Error})")]
    private static partial void LogEmailFailed(ILogger logger, Guid postId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TikTok refused post {PostId}: {Code} ({Classification}), log_id {LogId}")]
    private static partial void LogTikTokRefused(ILogger logger, Guid postId, string code, TikTokErrorClass classification, string? logId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} failed: {Code} ({Classification}), TikTok log_id {LogId}")]
    private static partial void LogPostFailed(ILogger logger, Guid postId, string code, string? classification, string? logId);
}
