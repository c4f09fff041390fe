using System.Collections.Frozen;

namespace TikTokStudio.TikTok.Errors;

/// <summary>One documented error: how to classify it and what to tell a person about it.</summary>
/// <param name="Code">The code exactly as TikTok (or our uploader) spells it.</param>
/// <param name="Source">Which vocabulary the code belongs to.</param>
/// <param name="Classification">What the app should do automatically.</param>
/// <param name="Explanation">What happened, in plain language for a creator or team member.</param>
/// <param name="WhatToDo">What the person (or the app) can do next.</param>
public sealed record TikTokErrorInfo(
    string Code,
    TikTokErrorSource Source,
    TikTokErrorClass Classification,
    string Explanation,
    string WhatToDo);

/// <summary>
/// Every error code and fail_reason documented in the API reference (§2.7, §9.2, §10), with a classification and
/// user-facing text. Unknown codes fall back on the HTTP status so new TikTok codes still get a sensible class.
/// </summary>
public static class TikTokErrorCatalog
{
    private static readonly TikTokErrorInfo[] Entries =
    [
        // §10 data-API envelope codes.
        Api("invalid_param", TikTokErrorClass.InvalidRequest,
            "TikTok rejected the post settings we sent.",
            "Check the caption length, privacy choice and media settings, then try again. If it keeps happening, report it with the log id."),
        Api("invalid_params", TikTokErrorClass.InvalidRequest,
            "TikTok rejected one of the values we sent (for uploads this is often \"The chunk size is invalid\").",
            "Check the post settings and media, then try again. If it keeps happening, report it with the log id."),
        Api("invalid_file_upload", TikTokErrorClass.ContentRejected,
            "The file does not meet TikTok's requirements.",
            "Use an MP4, MOV or WebM video (H.264 recommended), 23-60 fps, 360-4096 px per side, at most 4 GB."),
        Api("scope_permission_missed", TikTokErrorClass.NeedsReauth,
            "Some of the requested information needs a permission the creator has not granted.",
            "Reconnect the TikTok account and allow all requested permissions."),
        Api("app_version_check_failed", TikTokErrorClass.CreatorCannotPostNow,
            "Sending photos to the TikTok inbox needs TikTok app version 31.8 or newer on the creator's phone.",
            "Ask the creator to update the TikTok app, then try again, or post the photos directly instead."),
        Api("invalid_publish_id", TikTokErrorClass.InvalidRequest,
            "TikTok does not know this post upload.",
            "The upload may have expired or never started. Check TikTok before posting again to avoid a duplicate."),
        Api("token_not_authorized_for_specified_publish_id", TikTokErrorClass.InvalidRequest,
            "This post upload belongs to a different TikTok connection.",
            "Check the post with the TikTok account that created it."),
        Api("publish_not_cancellable", TikTokErrorClass.InvalidRequest,
            "The post has already finished processing, so it can no longer be cancelled.",
            "Check the post on TikTok; delete it in the TikTok app if it should not be there."),
        Api("access_token_invalid", TikTokErrorClass.NeedsReauth,
            "The TikTok connection has expired or was revoked.",
            "The app refreshes the connection automatically; if that fails, reconnect the TikTok account."),
        Api("scope_not_authorized", TikTokErrorClass.NeedsReauth,
            "The creator did not grant the permission this action needs.",
            "Reconnect the TikTok account and allow the requested permissions."),
        Api("spam_risk_too_many_posts", TikTokErrorClass.CreatorCannotPostNow,
            "This creator reached TikTok's daily limit of posts made through apps.",
            "Try again tomorrow, or post from the TikTok app."),
        Api("spam_risk_user_banned_from_posting", TikTokErrorClass.CreatorCannotPostNow,
            "TikTok does not currently allow this creator to post.",
            "Check the account's status in the TikTok app. Posting will not work until TikTok lifts the restriction."),
        Api("spam_risk_too_many_pending_share", TikTokErrorClass.CreatorCannotPostNow,
            "There are already 5 drafts waiting in this creator's TikTok inbox from the last 24 hours.",
            "Open the TikTok app and finish or discard the waiting drafts, or try again later."),
        Api("reached_active_user_cap", TikTokErrorClass.CreatorCannotPostNow,
            "Our app reached TikTok's daily limit of creators who can post through it.",
            "Try again later (the limit resets within 24 hours)."),
        Api("unaudited_client_can_only_post_to_private_accounts", TikTokErrorClass.InvalidRequest,
            "This app is not yet approved by TikTok, so it can only post as \"Only me\" to private accounts.",
            "Make the TikTok account private and choose \"Only me\", or wait until the app is approved."),
        Api("url_ownership_unverified", TikTokErrorClass.Permanent,
            "TikTok could not confirm that the media address belongs to this app.",
            "An administrator must verify the media domain or URL prefix in the TikTok developer portal."),
        Api("privacy_level_option_mismatch", TikTokErrorClass.InvalidRequest,
            "The chosen visibility is not one this creator can use right now.",
            "Pick a visibility from the list TikTok offers for this account, then try again."),
        Api("rate_limit_exceeded", TikTokErrorClass.RateLimited,
            "Too many requests were sent to TikTok for this account in the last minute.",
            "Wait a minute; the app retries automatically."),
        Api("internal_error", TikTokErrorClass.Transient,
            "TikTok had a temporary problem.",
            "Try again in a few minutes."),

        // §2.7 OAuth error values.
        OAuth("access_denied", TikTokErrorClass.NeedsReauth,
            "The TikTok sign-in was cancelled or permission was refused.",
            "Connect the account again and approve the requested permissions."),
        OAuth("invalid_client", TikTokErrorClass.Permanent,
            "TikTok did not accept this app's client key or secret.",
            "An administrator must check the TikTok client key and secret in the configuration."),
        OAuth("invalid_grant", TikTokErrorClass.NeedsReauth,
            "The sign-in code or saved TikTok connection is no longer valid.",
            "Reconnect the TikTok account."),
        OAuth("invalid_request", TikTokErrorClass.InvalidRequest,
            "The sign-in request to TikTok was malformed.",
            "Try connecting again; if it keeps failing, report it with the log id."),
        OAuth("invalid_scope", TikTokErrorClass.InvalidRequest,
            "The app asked TikTok for a permission it is not approved for.",
            "An administrator must check the app's scopes in the TikTok developer portal."),
        OAuth("unauthorized_client", TikTokErrorClass.Permanent,
            "TikTok does not allow this app to sign in this way.",
            "An administrator must check the app's Login Kit settings in the TikTok developer portal."),
        OAuth("unsupported_grant_type", TikTokErrorClass.InvalidRequest,
            "TikTok did not accept the kind of sign-in request the app sent.",
            "Report it with the log id; this is a bug in the app."),
        OAuth("unsupported_response_type", TikTokErrorClass.InvalidRequest,
            "TikTok did not accept the kind of sign-in request the app sent.",
            "Report it with the log id; this is a bug in the app."),
        OAuth("server_error", TikTokErrorClass.Transient,
            "TikTok's sign-in service had a problem.",
            "Try again in a few minutes."),
        OAuth("temporarily_unavailable", TikTokErrorClass.Transient,
            "TikTok's sign-in service is temporarily unavailable.",
            "Try again in a few minutes."),

        // §9.2 fail_reason values from status fetch and webhooks.
        Fail("file_format_check_failed", TikTokErrorClass.ContentRejected,
            "TikTok could not read the file's format.",
            "Use an MP4 (H.264), MOV or WebM video, or JPEG/WebP photos, and post again."),
        Fail("duration_check_failed", TikTokErrorClass.ContentRejected,
            "The video is too long (or too short) for this creator.",
            "Trim the video to the creator's maximum length shown when posting, then post again."),
        Fail("frame_rate_check_failed", TikTokErrorClass.ContentRejected,
            "The video's frame rate is not supported.",
            "Export the video at 23 to 60 frames per second and post again."),
        Fail("picture_size_check_failed", TikTokErrorClass.ContentRejected,
            "The picture size is not supported.",
            "Use a width and height between 360 and 4096 pixels (photos up to 1080p), then post again."),
        Fail("internal", TikTokErrorClass.Transient,
            "TikTok had a temporary problem while processing the post.",
            "Try posting again later."),
        Fail("video_pull_failed", TikTokErrorClass.Transient,
            "TikTok could not download the video, or the download took longer than an hour.",
            "Try again; if it keeps failing, check that the media address is reachable."),
        Fail("photo_pull_failed", TikTokErrorClass.Transient,
            "TikTok could not download the photos, or the download took longer than an hour.",
            "Try again; if it keeps failing, check that the media addresses are reachable."),
        Fail("publish_cancelled", TikTokErrorClass.Permanent,
            "The post was cancelled before TikTok finished it.",
            "Schedule the post again if it should still go out."),
        Fail("auth_removed", TikTokErrorClass.NeedsReauth,
            "The creator removed this app's access while the post was processing.",
            "Reconnect the TikTok account before posting again."),
        Fail("spam_risk_too_many_posts", TikTokErrorClass.CreatorCannotPostNow,
            "This creator reached TikTok's daily limit of posts made through apps.",
            "Post from the TikTok app instead, or try again tomorrow."),
        Fail("spam_risk_user_banned_from_posting", TikTokErrorClass.CreatorCannotPostNow,
            "TikTok does not currently allow this creator to post.",
            "Check the account's status in the TikTok app; do not retry."),
        Fail("spam_risk_text", TikTokErrorClass.ContentRejected,
            "TikTok judged the caption risky or spammy.",
            "Rewrite the caption (fewer hashtags, mentions and links) before posting again."),
        Fail("spam_risk", TikTokErrorClass.ContentRejected,
            "TikTok judged this post risky.",
            "Do not retry the same post; review the content against TikTok's guidelines."),

        // Upload PUT outcomes (§8.1). TikTok answers with bare statuses; these codes are ours.
        Upload(UploadErrorCodes.UrlExpired, TikTokErrorClass.Permanent,
            "The upload link expired (TikTok allows one hour from the start of the upload).",
            "Start the post again; the app needs a new upload link."),
        Upload(UploadErrorCodes.TaskNotFound, TikTokErrorClass.Permanent,
            "TikTok no longer knows this upload.",
            "Start the post again; check TikTok first so the post is not duplicated."),
        Upload(UploadErrorCodes.RangeMismatch, TikTokErrorClass.InvalidRequest,
            "TikTok received a different part of the file than it expected.",
            "The app can resume from what TikTok has; otherwise start the post again."),
        Upload(UploadErrorCodes.BadRequest, TikTokErrorClass.InvalidRequest,
            "TikTok rejected the uploaded piece of the file.",
            "Start the post again; if it keeps failing, report it."),
        Upload(UploadErrorCodes.Failed, TikTokErrorClass.Transient,
            "The upload to TikTok kept failing because of network or server problems.",
            "Try again later; the app can resume where it stopped."),
    ];

    private static readonly FrozenDictionary<(TikTokErrorSource, string), TikTokErrorInfo> ByKey =
        Entries.ToFrozenDictionary(e => (e.Source, e.Code));

    /// <summary>All documented entries, for listing in help pages.</summary>
    public static IReadOnlyList<TikTokErrorInfo> All => Entries;

    /// <summary>The documented entry for a code in one vocabulary, or null.</summary>
    public static TikTokErrorInfo? Find(TikTokErrorSource source, string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        return ByKey.GetValueOrDefault((source, code));
    }

    /// <summary>The entry for a code, or a generic one classified from the HTTP status when TikTok sent an unknown code.</summary>
    public static TikTokErrorInfo Describe(TikTokErrorSource source, string? code, int? httpStatus = null)
    {
        var known = Find(source, code);
        if (known is not null) return known;
        var classification = ClassifyUnknown(httpStatus);
        return new TikTokErrorInfo(code ?? "", source, classification, GenericExplanation(classification, source), GenericAdvice(classification));
    }

    /// <summary>Explains a fail_reason from a status fetch (null/empty gives a generic entry).</summary>
    public static TikTokErrorInfo DescribeFailReason(string? failReason) => Describe(TikTokErrorSource.FailReason, failReason);

    /// <summary>Classification of a code in a vocabulary; unknown codes are classified by HTTP status.</summary>
    public static TikTokErrorClass Classify(TikTokErrorSource source, string? code, int? httpStatus) =>
        Describe(source, code, httpStatus).Classification;

    // Status is the only signal left for codes TikTok adds later (or for 5xx with an empty code, §10).
    private static TikTokErrorClass ClassifyUnknown(int? status) => status switch
    {
        null => TikTokErrorClass.Permanent,
        429 => TikTokErrorClass.RateLimited,
        401 => TikTokErrorClass.NeedsReauth,
        408 => TikTokErrorClass.Transient,
        >= 500 => TikTokErrorClass.Transient,
        >= 400 and < 500 => TikTokErrorClass.InvalidRequest,
        _ => TikTokErrorClass.Permanent,
    };

    private static string GenericExplanation(TikTokErrorClass c, TikTokErrorSource source) => c switch
    {
        TikTokErrorClass.Transient => "TikTok had a temporary problem.",
        TikTokErrorClass.RateLimited => "Too many requests were sent to TikTok for this account in the last minute.",
        TikTokErrorClass.NeedsReauth => "The TikTok connection is no longer valid.",
        TikTokErrorClass.InvalidRequest => "TikTok rejected the request.",
        _ => source == TikTokErrorSource.FailReason ? "TikTok could not publish the post." : "TikTok reported an error.",
    };

    private static string GenericAdvice(TikTokErrorClass c) => c switch
    {
        TikTokErrorClass.Transient => "Try again in a few minutes.",
        TikTokErrorClass.RateLimited => "Wait a minute; the app retries automatically.",
        TikTokErrorClass.NeedsReauth => "Reconnect the TikTok account.",
        _ => "If it keeps happening, report it with the log id.",
    };

    private static TikTokErrorInfo Api(string code, TikTokErrorClass c, string explanation, string todo) => new(code, TikTokErrorSource.Api, c, explanation, todo);
    private static TikTokErrorInfo OAuth(string code, TikTokErrorClass c, string explanation, string todo) => new(code, TikTokErrorSource.OAuth, c, explanation, todo);
    private static TikTokErrorInfo Fail(string code, TikTokErrorClass c, string explanation, string todo) => new(code, TikTokErrorSource.FailReason, c, explanation, todo);
    private static TikTokErrorInfo Upload(string code, TikTokErrorClass c, string explanation, string todo) => new(code, TikTokErrorSource.Upload, c, explanation, todo);
}

/// <summary>Codes our uploader puts in <see cref="TikTokApiException.Code"/>; TikTok's upload host sends statuses, not codes.</summary>
public static class UploadErrorCodes
{
    /// <summary>403: the upload URL expired (one hour after init).</summary>
    public const string UrlExpired = "upload_url_expired";
    /// <summary>404: no upload task for that URL.</summary>
    public const string TaskNotFound = "upload_task_not_found";
    /// <summary>416: Content-Range did not match what TikTok had received.</summary>
    public const string RangeMismatch = "upload_range_mismatch";
    /// <summary>400 or another 4xx: headers or body rejected.</summary>
    public const string BadRequest = "upload_bad_request";
    /// <summary>Retries exhausted on 5xx, timeouts or I/O errors.</summary>
    public const string Failed = "upload_failed";
}
