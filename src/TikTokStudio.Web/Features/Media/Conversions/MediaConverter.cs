using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Ffmpeg;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Web.Features.Media.Conversions;

/// <summary>
/// Runs one conversion to its end: waits its turn (earlier conversions of the workspace first, then a free slot of
/// this instance), runs ffmpeg into a temporary file with live progress, and on success moves the file into the
/// library as a new item linked to its source, probed and checked like an upload. Cancel, timeout, failure and
/// shutdown delete the temporary file, so the library never holds half a file; a run cut off by a crash starts again
/// from the beginning (ffmpeg cannot resume an MP4 it did not finish).
/// </summary>
public sealed partial class MediaConverter(
    StudioDbContext db,
    MediaStorage storage,
    FfmpegTools ffmpeg,
    MediaThumbnails thumbnails,
    ConversionSlots slots,
    ILiveNotifier live,
    IOptions<MediaOptions> options,
    TimeProvider time,
    ILogger<MediaConverter> logger,
    Activity.ActivityRecorder activity)
{
    public const string LiveEntity = "media-conversion";

    /// <summary>How long a waiting conversion sleeps before it looks for its turn again.</summary>
    public static readonly TimeSpan WaitForTurn = TimeSpan.FromSeconds(2);

    /// <summary>A Running row whose heartbeat is older than this was left by a process that died.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(750);

    public async Task<ConversionRunResult> RunAsync(Guid conversionId, CancellationToken shutdown)
    {
        // A job has no signed-in workspace: the rows are read across workspaces by id, then every other read names the row's workspace.
        var conversion = await db.Set<MediaConversion>().IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Id == conversionId, shutdown);
        if (conversion is null || !conversion.IsActive) return ConversionRunResult.Done;
        if (conversion.Status == ConversionStatus.Running && !slots.IsRunningHere(conversion.Id)
            && conversion.HeartbeatAt is { } beat && time.GetUtcNow() - beat < StaleAfter)
        {
            return ConversionRunResult.After(StaleAfter); // another instance is running it right now
        }
        if (await EarlierInLineAsync(conversion, shutdown)) return ConversionRunResult.After(WaitForTurn);
        if (!slots.TryEnter()) return ConversionRunResult.After(WaitForTurn);
        try
        {
            return await RunInSlotAsync(conversion, shutdown);
        }
        finally
        {
            slots.Leave();
        }
    }

    /// <summary>The workspace's queue: another active conversion created before this one goes first.</summary>
    private Task<bool> EarlierInLineAsync(MediaConversion conversion, CancellationToken ct) =>
        db.Set<MediaConversion>().IgnoreQueryFilters().AnyAsync(c => c.WorkspaceId == conversion.WorkspaceId && c.Id != conversion.Id
            && (c.Status == ConversionStatus.Running || c.Status == ConversionStatus.Queued && c.CreatedAt < conversion.CreatedAt), ct);

    private async Task<ConversionRunResult> RunInSlotAsync(MediaConversion conversion, CancellationToken shutdown)
    {
        var source = await db.Set<MediaFile>().IgnoreQueryFilters()
            .FirstOrDefaultAsync(m => m.Id == conversion.SourceMediaId && m.WorkspaceId == conversion.WorkspaceId, shutdown);
        if (source?.ToProbe() is not { } probe)
            return await FinishAsync(conversion, ConversionStatus.Failed, "The original file was deleted before the copy could be made.");
        if (!ffmpeg.IsAvailable) return await FinishAsync(conversion, ConversionStatus.Failed, FfmpegTools.NotInstalledMessage);
        var plan = ConversionPlanner.Plan(probe, new ConversionChoices(conversion.Fit, conversion.TrimStartMs, conversion.MaxDurationSec));
        if (!plan.CanConvert)
            return await FinishAsync(conversion, ConversionStatus.Failed, plan.CannotFix.Count > 0 ? string.Join(" ", plan.CannotFix) : "Nothing to change: the file already meets TikTok's rules.");

        var temp = storage.ConversionTempPath(conversion.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        DeleteQuietly(temp); // what an interrupted earlier attempt left

        conversion.Status = ConversionStatus.Running;
        conversion.Attempts++;
        conversion.Percent = 0;
        conversion.StartedAt = conversion.HeartbeatAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        await live.ChangedAsync(conversion.WorkspaceId, LiveEntity, conversion.Id.ToString(), CancellationToken.None);
        LogStarted(conversion.Id, conversion.WorkspaceId, conversion.Attempts);

        using var userCancel = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(options.Value.ConversionTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, userCancel.Token, timeout.Token);
        slots.Register(conversion.Id, userCancel);
        var progress = new ProgressReader(plan.DurationMs);
        using var reporter = new CancellationTokenSource();
        var reporting = ReportProgressAsync(conversion, progress, userCancel, reporter.Token);
        FfmpegRun? run = null;
        try
        {
            run = await ffmpeg.RunAsync(ConversionPlanner.Arguments(plan, storage.FullPath(source), temp, options.Value.ConversionPreset),
                progress.Read, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Which of the three stopped it decides what the row says; ffmpeg is already killed.
        }
        finally
        {
            await reporter.CancelAsync();
            await reporting;
            slots.Unregister(conversion.Id);
        }

        if (run is null || userCancel.IsCancellationRequested || shutdown.IsCancellationRequested || timeout.IsCancellationRequested)
        {
            DeleteQuietly(temp);
            if (userCancel.IsCancellationRequested) return await FinishAsync(conversion, ConversionStatus.Cancelled, null);
            if (shutdown.IsCancellationRequested)
            {
                // Back in line: the persistent trigger the job schedules fires when the app is back.
                conversion.Status = ConversionStatus.Queued;
                conversion.Percent = 0;
                await db.SaveChangesAsync(CancellationToken.None);
                LogStoppedForShutdown(conversion.Id);
                return ConversionRunResult.After(TimeSpan.Zero);
            }
            return await FinishAsync(conversion, ConversionStatus.Failed,
                $"The conversion took longer than {options.Value.ConversionTimeout.TotalMinutes:0} minutes and was stopped.");
        }
        if (!run.Succeeded || !File.Exists(temp))
        {
            DeleteQuietly(temp);
            return await FinishAsync(conversion, ConversionStatus.Failed, "ffmpeg could not convert this file: " + Clean(run.ErrorTail, source));
        }
        return await AddToLibraryAsync(conversion, source, temp);
    }

    /// <summary>Moves the finished file into the library as a new item (a rename on the same volume), probed and checked like an upload.</summary>
    private async Task<ConversionRunResult> AddToLibraryAsync(MediaConversion conversion, MediaFile source, string temp)
    {
        var length = new FileInfo(temp).Length;
        var used = await db.Set<MediaFile>().IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == conversion.WorkspaceId && m.Status != MediaStatus.Rejected)
            .SumAsync(m => m.SizeBytes + m.ThumbnailBytes, CancellationToken.None);
        if (used + length > options.Value.WorkspaceQuotaBytes)
        {
            DeleteQuietly(temp);
            return await FinishAsync(conversion, ConversionStatus.Failed,
                $"The copy ({MediaChecks.Size(length)}) does not fit in this workspace's {MediaChecks.Size(options.Value.WorkspaceQuotaBytes)} storage. Delete files you no longer need and try again.");
        }
        var copy = new MediaFile
        {
            WorkspaceId = conversion.WorkspaceId,
            OriginalFileName = CopyName(source.OriginalFileName),
            ContentType = "video/mp4",
            Kind = MediaKind.Video,
            SizeBytes = length,
            StoragePath = "",
            Status = MediaStatus.Ready,
            CreatedAt = time.GetUtcNow(),
            CompletedAt = time.GetUtcNow(),
            UploadedByUserId = conversion.RequestedByUserId,
            ConvertedFromId = source.Id,
        };
        copy.StoragePath = MediaStorage.RelativePathFor(copy.WorkspaceId, copy.Id);
        var final = storage.FullPath(copy);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        File.Move(temp, final);
        MediaProbe? probe;
        await using (var stream = new FileStream(final, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous))
        {
            copy.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            probe = MediaProber.Probe(stream);
        }
        if (probe is null)
        {
            DeleteQuietly(final);
            return await FinishAsync(conversion, ConversionStatus.Failed, "ffmpeg wrote a file that is not a readable MP4; nothing was added.");
        }
        copy.ContentType = probe.ContentType;
        copy.Container = probe.Container;
        copy.Codec = probe.Codec;
        copy.DurationMs = probe.DurationMs;
        copy.Width = probe.Width;
        copy.Height = probe.Height;
        copy.FrameRate = probe.FrameRate;
        // The same checks as an upload, stored the same way (no creator chosen); the composer re-checks per creator.
        copy.SetChecks(MediaChecks.Evaluate(probe, creatorMaxDurationSec: null));
        db.Add(copy);
        conversion.ResultMediaId = copy.Id;
        activity.Record(db, copy.WorkspaceId, Activity.ActivityKinds.MediaReady, MediaService.ReadySummary(copy), subjectId: copy.Id.ToString());
        await FinishAsync(conversion, ConversionStatus.Succeeded, null, save: false);
        await db.SaveChangesAsync(CancellationToken.None);
        await live.ChangedAsync(conversion.WorkspaceId, MediaService.LiveEntity, copy.Id.ToString(), CancellationToken.None);
        LogSucceeded(conversion.Id, copy.Id, length);

        // The copy can be posted now; its poster and strip follow (seconds on a long 1080p file, most of the job's own
        // time), and the library re-renders when they are there. Without them a card shows its placeholder.
        await thumbnails.CreateAsync(copy, CancellationToken.None);
        if (copy.HasThumbnail || copy.HasStrip)
        {
            await db.SaveChangesAsync(CancellationToken.None);
            await live.ChangedAsync(conversion.WorkspaceId, MediaService.LiveEntity, copy.Id.ToString(), CancellationToken.None);
        }
        return ConversionRunResult.Done;
    }

    private async Task<ConversionRunResult> FinishAsync(MediaConversion conversion, ConversionStatus status, string? error, bool save = true)
    {
        conversion.Status = status;
        conversion.Error = error is { Length: > 1000 } ? error[..1000] : error;
        conversion.FinishedAt = time.GetUtcNow();
        if (status == ConversionStatus.Succeeded) conversion.Percent = 100;
        if (!save) return ConversionRunResult.Done;
        await db.SaveChangesAsync(CancellationToken.None);
        await live.ChangedAsync(conversion.WorkspaceId, LiveEntity, conversion.Id.ToString(), CancellationToken.None);
        if (status == ConversionStatus.Failed) LogFailed(conversion.Id, error ?? "");
        return ConversionRunResult.Done;
    }

    /// <summary>
    /// Every <see cref="ProgressEvery"/>: writes the percent and heartbeat (one UPDATE), raises an id-only live event,
    /// and reads CancelRequested, so a cancel clicked on any instance stops this run.
    /// </summary>
    private async Task ReportProgressAsync(MediaConversion conversion, ProgressReader progress, CancellationTokenSource userCancel, CancellationToken stop)
    {
        var id = conversion.Id;
        var lastPercent = -1;
        using var timer = new PeriodicTimer(ProgressEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var percent = progress.Percent;
                var now = time.GetUtcNow();
                await db.Set<MediaConversion>().IgnoreQueryFilters().Where(c => c.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Percent, percent).SetProperty(c => c.HeartbeatAt, now), stop);
                var cancel = await db.Set<MediaConversion>().IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.CancelRequested).FirstOrDefaultAsync(stop);
                if (cancel) await userCancel.CancelAsync();
                if (percent != lastPercent)
                {
                    lastPercent = percent;
                    await live.ChangedAsync(conversion.WorkspaceId, LiveEntity, id.ToString(), stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        conversion.Percent = progress.Percent;
    }

    public static string CopyName(string original)
    {
        var name = Path.GetFileNameWithoutExtension(original);
        var result = $"{name} (TikTok-ready).mp4";
        return result.Length <= MediaFile.FileNameMaxLength ? result : result[^MediaFile.FileNameMaxLength..];
    }

    /// <summary>ffmpeg's last error line without our server paths (they mean nothing to people and should not be shown).</summary>
    private string Clean(string error, MediaFile source)
    {
        var text = error.Replace(storage.FullPath(source), source.OriginalFileName).Replace(storage.MediaDirectory, "");
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "unknown error";
        return last.Length > 300 ? last[..300] : last;
    }

    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion {ConversionId} of workspace {WorkspaceId} started (attempt {Attempt})")]
    private partial void LogStarted(Guid conversionId, Guid workspaceId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion {ConversionId} made media {MediaId} ({Bytes} bytes)")]
    private partial void LogSucceeded(Guid conversionId, Guid mediaId, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversion {ConversionId} failed: {Error}")]
    private partial void LogFailed(Guid conversionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion {ConversionId} stopped for shutdown; it starts again when the app is back")]
    private partial void LogStoppedForShutdown(Guid conversionId);
}

/// <summary>Reads ffmpeg's -progress lines (key=value): out_time_us (microseconds written) against the copy's duration.</summary>
public sealed class ProgressReader(long durationMs)
{
    private volatile int percent;

    public int Percent => percent;

    public void Read(string line)
    {
        if (line == "progress=end") { percent = 100; return; }
        // out_time_ms is also microseconds (a long-standing ffmpeg quirk); out_time_us says so in its name.
        if (!line.StartsWith("out_time_us=", StringComparison.Ordinal) || durationMs <= 0) return;
        if (!long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) || us < 0) return;
        percent = (int)Math.Clamp(us / 1000 * 100 / durationMs, 0, 99); // 100 only when ffmpeg says it ended
    }
}
