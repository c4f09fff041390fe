using Microsoft.EntityFrameworkCore;
using Quartz;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media.Ffmpeg;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>A conversion as a card shows it: the row, and its place in the workspace's line while queued (1 = next).</summary>
public sealed record ConversionView(MediaConversion Conversion, int QueuePosition);

public sealed record CreatorLimit(string Name, int MaxDurationSec);

public sealed record ConversionOutcome(bool Done, string Message, Guid? ConversionId = null);

/// <summary>
/// The "Make a TikTok-ready copy" handlers: what a file's card offers, starting and cancelling (Editor or higher, this
/// workspace's files only; another workspace's id is "not found"), and what the library shows about conversions.
/// </summary>
public sealed partial class ConversionService(
    StudioDbContext db,
    WorkspaceContext workspace,
    FfmpegTools ffmpeg,
    ConversionSlots slots,
    ISchedulerFactory schedulers,
    ILiveNotifier live,
    TimeProvider time,
    ILogger<ConversionService> logger)
{
    public bool FfmpegAvailable => ffmpeg.IsAvailable;

    /// <summary>
    /// Whether a card offers the button: a ready video that fails a check, is not H.264 in MP4, or is landscape or
    /// square (so a 9:16 copy can be made). The dialog then shows the plan, including what cannot be fixed.
    /// </summary>
    public static bool Offers(MediaFile file) => file.ToProbe() is { Kind: MediaKind.Video } probe
        && (file.HasFailedCheck || probe.Container != MediaContainer.Mp4 || probe.Codec != "H.264"
            || probe is { Width: { } w, Height: { } h } && ConversionPlanner.IsLandscapeOrSquare(w, h));

    public async Task<ConversionOutcome> StartAsync(Guid sourceMediaId, ConversionChoices choices, CancellationToken ct)
    {
        // A copy is a new library item: whoever may upload may make one.
        if (!workspace.May(StudioAction.UploadMedia)) return new(false, Permissions.Refusal(StudioAction.UploadMedia));
        if (!ffmpeg.IsAvailable) return new(false, FfmpegTools.NotInstalledMessage);
        var source = await db.Set<MediaFile>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == sourceMediaId, ct);
        if (source?.ToProbe() is not { } probe) return new(false, "That file is not in this workspace's library.");
        if (choices.CreatorMaxDurationSec is < 1)
            return new(false, "The creator's maximum duration must be at least one second.");
        // Only a trimmed copy uses the start; the planner keeps it inside the video (the last stretch at most).
        if (choices.TrimStartMs < 0) return new(false, "The trim start cannot be before the beginning of the video.");
        var plan = ConversionPlanner.Plan(probe, choices);
        if (plan.CannotFix.Count > 0) return new(false, string.Join(" ", plan.CannotFix));
        if (!plan.CanConvert) return new(false, "Nothing to change: this file already meets TikTok's rules.");
        if (await db.Set<MediaConversion>().AnyAsync(c => c.SourceMediaId == sourceMediaId
                && (c.Status == ConversionStatus.Queued || c.Status == ConversionStatus.Running), ct))
            return new(false, $"A copy of \"{source.OriginalFileName}\" is already being made; wait for it or cancel it first.");

        var conversion = new MediaConversion
        {
            WorkspaceId = workspace.Current.Id,
            SourceMediaId = sourceMediaId,
            Status = ConversionStatus.Queued,
            Fit = choices.Fit,
            TrimStartMs = plan.StartMs,
            MaxDurationSec = choices.CreatorMaxDurationSec ?? Checks.MediaChecks.ApiMaxDurationSec,
            RequestedByUserId = workspace.UserId!,
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(conversion);
        await db.SaveChangesAsync(ct);
        var scheduler = await schedulers.GetScheduler(ct);
        await ConversionScheduler.RunAtAsync(scheduler, conversion.Id, time.GetUtcNow(), ct);
        await live.ChangedAsync(conversion.WorkspaceId, MediaConverter.LiveEntity, conversion.Id.ToString(), ct);
        LogRequested(conversion.Id, conversion.WorkspaceId, sourceMediaId);
        return new(true, $"Making a TikTok-ready copy of \"{source.OriginalFileName}\". It appears in the library when done.", conversion.Id);
    }

    public async Task<ConversionOutcome> CancelAsync(Guid conversionId, CancellationToken ct)
    {
        if (!workspace.May(StudioAction.UploadMedia)) return new(false, Permissions.Refusal(StudioAction.UploadMedia));
        var conversion = await db.Set<MediaConversion>().FirstOrDefaultAsync(c => c.Id == conversionId, ct);
        if (conversion is null) return new(false, "That conversion is not in this workspace.");
        if (!conversion.IsActive) return new(false, "That conversion has already finished.");
        if (conversion.Status == ConversionStatus.Queued)
        {
            conversion.Status = ConversionStatus.Cancelled;
            conversion.FinishedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await ConversionScheduler.ForgetAsync(await schedulers.GetScheduler(ct), conversionId, ct);
        }
        else
        {
            // The run sees the flag at its next progress write, wherever it runs; here it stops at once.
            conversion.CancelRequested = true;
            await db.SaveChangesAsync(ct);
            slots.Cancel(conversionId);
        }
        await live.ChangedAsync(conversion.WorkspaceId, MediaConverter.LiveEntity, conversionId.ToString(), ct);
        return new(true, "The copy was cancelled; nothing was added to the library.");
    }

    /// <summary>The latest conversion of each of these files (what its card shows), with queue positions.</summary>
    public async Task<Dictionary<Guid, ConversionView>> LatestBySourceAsync(CancellationToken ct)
    {
        var rows = await db.Set<MediaConversion>().AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var line = rows.Where(c => c.IsActive).OrderBy(c => c.Status == ConversionStatus.Running ? 0 : 1).ThenBy(c => c.CreatedAt).ToList();
        return rows.GroupBy(c => c.SourceMediaId)
            .ToDictionary(g => g.Key, g => g.Last() is var last ? new ConversionView(last, last.IsActive ? line.IndexOf(last) + 1 : 0) : null!);
    }

    /// <summary>The workspace's connected creators with the longest video each may post, for "trim to the creator's maximum".</summary>
    public async Task<IReadOnlyList<CreatorLimit>> CreatorLimitsAsync(CancellationToken ct) =>
        (await db.Set<Connections.TikTokAccount>().AsNoTracking()
            .Where(a => a.Status == Connections.ConnectionStatus.Connected && a.MaxVideoPostDurationSec != null).ToListAsync(ct))
        .Select(a => new CreatorLimit(a.Username is { Length: > 0 } u ? "@" + u : a.DisplayName, a.MaxVideoPostDurationSec!.Value))
        .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion {ConversionId} of workspace {WorkspaceId} requested for media {MediaId}")]
    private partial void LogRequested(Guid conversionId, Guid workspaceId, Guid mediaId);
}
