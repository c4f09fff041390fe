using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Posts.Compose;

/// <summary>What the composer form renders: the input so far, the rules' verdict on it, and the workspace's choices.</summary>
public sealed record ComposerModel
{
    public required ComposeInput Input { get; init; }
    public required ComposeVerdict Verdict { get; init; }
    public required ComposeContext Context { get; init; }

    /// <summary>False on first render: rules shape the form, but "required" errors are not shouted before the user acts.</summary>
    public bool ShowErrors { get; init; }

    public bool CanCompose { get; init; } = true;
    public bool CanSchedule { get; init; } = true;
    public bool CanPublishNow { get; init; } = true;

    /// <summary>Approvals apply to this member: the publish buttons submit to an approver instead (Features/Approvals).</summary>
    public bool SubmitsForApproval { get; init; }

    public IEnumerable<TikTokAccount> ConnectedAccounts => Context.Accounts.Where(a => a.Status == ConnectionStatus.Connected);
    public IEnumerable<MediaFile> Videos => Context.Media.Values.Where(m => m.Kind == Media.Probing.MediaKind.Video).OrderByDescending(m => m.CreatedAt);
    public IEnumerable<MediaFile> Photos => Context.Media.Values.Where(m => m.Kind == Media.Probing.MediaKind.Photo).OrderByDescending(m => m.CreatedAt);

    /// <summary>The same composer after a change: the rules judge the new input at once.</summary>
    public ComposerModel With(ComposeInput input) => this with { Input = input, Verdict = ComposeRules.Evaluate(input, Context) };

    /// <summary>The same input against a re-read workspace (accounts, library, creator_info).</summary>
    public ComposerModel With(ComposeContext context) => this with { Context = context, Verdict = ComposeRules.Evaluate(Input, context) };

    public IEnumerable<string> Errors(string field) => ShowErrors ? Verdict.ErrorsFor(field) : [];

    public MediaFile? SelectedVideo => Input.VideoMediaId is { } id && Context.Media.TryGetValue(id, out var m) ? m : null;

    public MediaFile? CoverPhoto =>
        Input.PhotoMediaIds.Count == 0 ? null
        : Context.Media.GetValueOrDefault(Input.PhotoMediaIds[Math.Clamp(Input.PhotoCoverIndex, 0, Input.PhotoMediaIds.Count - 1)]);
}
