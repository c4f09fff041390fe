using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Media.Ffmpeg;
using TikTokStudio.Web.Features.Media.Probing;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Media;

/// <summary>The media library's rules: what may be uploaded, what happens when an upload completes, deleting.</summary>
public sealed partial class MediaService(
    StudioDbContext db,
    WorkspaceContext workspace,
    MediaStorage storage,
    MediaThumbnails thumbnails,
    IMediaUsage usage,
    ILiveNotifier live,
    IOptions<MediaOptions> options,
    Billing.PlanEntitlements plans,
    TimeProvider time,
    ILogger<MediaService> logger,
    Activity.ActivityRecorder activity)
{
    public const string LiveEntity = "media";

    /// <summary>Declared types accepted at creation. PNG is let in so people see why TikTok will refuse it.</summary>
    private static readonly Dictionary<string, MediaKind> AcceptedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["video/mp4"] = MediaKind.Video,
        ["video/quicktime"] = MediaKind.Video,
        ["video/webm"] = MediaKind.Video,
        ["image/jpeg"] = MediaKind.Photo,
        ["image/webp"] = MediaKind.Photo,
        ["image/png"] = MediaKind.Photo,
    };

    private static readonly Dictionary<string, string> TypesByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4", [".m4v"] = "video/mp4", [".mov"] = "video/quicktime", [".webm"] = "video/webm",
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".webp"] = "image/webp", [".png"] = "image/png",
    };

    /// <param name="OverPlan">Refused by the workspace's plan (its storage), so the way out is an upgrade.</param>
    public sealed record UploadRefusal(int StatusCode, string Message, bool OverPlan = false);

    public IQueryable<MediaFile> Files => db.Set<MediaFile>();

    public Task<MediaFile?> FindAsync(Guid id, CancellationToken ct) => Files.FirstOrDefaultAsync(m => m.Id == id, ct);

    public Task<List<MediaFile>> ListAsync(CancellationToken ct) =>
        Files.AsNoTracking().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).ToListAsync(ct);

    /// <summary>Bytes the workspace holds or has reserved for uploads in progress.</summary>
    public Task<long> UsedBytesAsync(CancellationToken ct) =>
        Files.Where(m => m.Status != MediaStatus.Rejected).SumAsync(m => m.SizeBytes + m.ThumbnailBytes, ct);

    public long QuotaBytes => options.Value.WorkspaceQuotaBytes;

    /// <summary>Checks what the client declared before a byte is stored; null when the upload may start.</summary>
    public async Task<UploadRefusal?> RefuseAsync(string fileName, string? declaredType, long length, CancellationToken ct)
    {
        if (!workspace.May(StudioAction.UploadMedia))
        {
            return new(StatusCodes.Status403Forbidden, Permissions.Refusal(StudioAction.UploadMedia));
        }
        var type = NormalizeType(fileName, declaredType);
        if (type is null || !AcceptedTypes.TryGetValue(type, out var kind))
        {
            var what = string.IsNullOrWhiteSpace(declaredType) ? $"\"{fileName}\"" : $"\"{fileName}\" ({declaredType})";
            return new(StatusCodes.Status415UnsupportedMediaType,
                $"{what} is not a file TikTok accepts: upload an MP4, MOV or WebM video, or a JPEG or WebP photo.");
        }
        if (kind == MediaKind.Video && length > MediaChecks.MaxVideoBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge,
                $"\"{fileName}\" is {MediaChecks.Size(length)}: TikTok accepts videos up to 4 GiB.");
        }
        if (kind == MediaKind.Photo && length > MediaChecks.MaxPhotoBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge,
                $"\"{fileName}\" is {MediaChecks.Size(length)}: TikTok accepts photos up to 20 MiB.");
        }
        if (await plans.MayStoreAsync(length, ct) is { Allowed: false } plan) return new(StatusCodes.Status413PayloadTooLarge, plan.Reason!, OverPlan: true);
        var used = await UsedBytesAsync(ct);
        if (used + length > QuotaBytes)
        {
            return new(StatusCodes.Status413PayloadTooLarge,
                $"\"{fileName}\" ({MediaChecks.Size(length)}) does not fit: this workspace uses {MediaChecks.Size(used)} of its " +
                $"{MediaChecks.Size(QuotaBytes)} storage. Delete files you no longer need and try again.");
        }
        return null;
    }

    /// <summary>Starts an upload: a row in Uploading state and an empty file. Call <see cref="RefuseAsync"/> first.</summary>
    public async Task<MediaFile> StartUploadAsync(string fileName, string? declaredType, long length, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var type = NormalizeType(fileName, declaredType)!;
        var workspaceId = workspace.Current.Id;
        var file = new MediaFile
        {
            WorkspaceId = workspaceId,
            OriginalFileName = SafeFileName(fileName),
            ContentType = type,
            Kind = AcceptedTypes[type],
            SizeBytes = length,
            StoragePath = "",
            Status = MediaStatus.Uploading,
            CreatedAt = now,
            ExpiresAt = now + options.Value.UploadExpiry,
            UploadedByUserId = workspace.UserId!,
        };
        file.StoragePath = MediaStorage.RelativePathFor(workspaceId, file.Id);
        storage.CreateEmpty(file);
        db.Add(file);
        await db.SaveChangesAsync(ct);
        LogUploadStarted(file.Id, workspaceId, length);
        return file;
    }

    /// <summary>An upload this server started itself (a URL pull) that failed midway: its row and bytes go at once, not at expiry.</summary>
    public async Task AbandonUploadAsync(MediaFile file, CancellationToken ct)
    {
        storage.Delete(file);
        db.Remove(file);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// All bytes arrived: hash them, read what they are, apply TikTok's rules. Bytes that are no video or image are
    /// deleted and the row is marked Rejected with the reason. Bytes identical (same SHA-256) to a file already in the
    /// library are not kept twice: the new row and its bytes go, and the existing file's id is returned instead.
    /// </summary>
    /// <returns>The id of the library file these bytes now are: the upload's own, or the identical existing one.</returns>
    public async Task<Guid> CompleteAsync(MediaFile file, CancellationToken ct)
    {
        var path = storage.FullPath(file);
        MediaProbe? probe;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous))
        {
            file.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            probe = MediaProber.Probe(stream);
        }
        var sha = file.Sha256;
        var identical = await Files.AsNoTracking()
            .Where(m => m.Id != file.Id && m.Status == MediaStatus.Ready && m.Sha256 == sha)
            .OrderBy(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        if (identical is { } existingId)
        {
            db.Remove(file);
            await db.SaveChangesAsync(ct);
            storage.Delete(file);
            LogDuplicateUpload(file.Id, file.WorkspaceId, existingId);
            await live.ChangedAsync(file.WorkspaceId, LiveEntity, existingId.ToString(), ct);
            return existingId;
        }
        file.CompletedAt = time.GetUtcNow();
        file.ExpiresAt = null;
        if (probe is null)
        {
            file.Status = MediaStatus.Rejected;
            file.RejectionReason = MediaProber.NotMediaMessage;
            storage.Delete(file);
        }
        else
        {
            file.Status = MediaStatus.Ready;
            file.Kind = probe.Kind;
            file.ContentType = probe.ContentType;
            file.Container = probe.Container;
            file.Codec = probe.Codec;
            file.DurationMs = probe.DurationMs;
            file.Width = probe.Width;
            file.Height = probe.Height;
            file.FrameRate = probe.FrameRate;
            file.SetChecks(MediaChecks.Evaluate(probe, creatorMaxDurationSec: null));
            await thumbnails.CreateAsync(file, ct);
        }
        if (file.Status == MediaStatus.Rejected)
            activity.Record(db, file.WorkspaceId, Activity.ActivityKinds.MediaRejected, $"\"{file.OriginalFileName}\" was refused: {file.RejectionReason}", subjectId: file.Id.ToString());
        else
            activity.Record(db, file.WorkspaceId, Activity.ActivityKinds.MediaReady, ReadySummary(file), subjectId: file.Id.ToString());
        await db.SaveChangesAsync(ct);
        LogUploadCompleted(file.Id, file.WorkspaceId, file.Status, file.HasFailedCheck);
        await live.ChangedAsync(file.WorkspaceId, LiveEntity, file.Id.ToString(), ct);
        return file.Id;
    }

    /// <summary>The activity line of a file that reached the library, saying whether TikTok would take it as it is.</summary>
    public static string ReadySummary(MediaFile file) => file.HasFailedCheck
        ? $"\"{file.OriginalFileName}\" is in the library, but TikTok would refuse it as it is (see its checks)."
        : $"\"{file.OriginalFileName}\" is in the library and ready to post.";

    public sealed record DeleteResult(bool Deleted, int StatusCode, string Message);

    /// <summary>Deletes a file and its bytes unless a post uses it (then says why in words).</summary>
    public async Task<DeleteResult> DeleteAsync(Guid id, CancellationToken ct)
    {
        if (!workspace.May(StudioAction.DeleteMedia))
        {
            return new(false, StatusCodes.Status403Forbidden, Permissions.Refusal(StudioAction.DeleteMedia));
        }
        var file = await FindAsync(id, ct);
        if (file is null) return new(false, StatusCodes.Status404NotFound, "That file is not in this workspace's library.");
        if (await usage.WhyInUseAsync(id, ct) is { } reason)
        {
            return new(false, StatusCodes.Status409Conflict, $"\"{file.OriginalFileName}\" was not deleted: {reason}");
        }
        db.Remove(file);
        await db.SaveChangesAsync(ct);
        storage.Delete(file);
        LogDeleted(file.Id, file.WorkspaceId);
        await live.ChangedAsync(file.WorkspaceId, LiveEntity, file.Id.ToString(), ct);
        return new(true, StatusCodes.Status200OK, $"\"{file.OriginalFileName}\" was deleted.");
    }

    private static string? NormalizeType(string fileName, string? declaredType)
    {
        var type = declaredType?.Split(';')[0].Trim();
        if (string.IsNullOrEmpty(type) || type == "application/octet-stream")
        {
            return TypesByExtension.GetValueOrDefault(Path.GetExtension(fileName));
        }
        return type.ToLowerInvariant();
    }

    /// <summary>Only a display name: never used as a path. Control characters and folders are dropped.</summary>
    public static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "upload";
        return name.Length > MediaFile.FileNameMaxLength ? name[..MediaFile.FileNameMaxLength] : name;
    }

    internal static string HttpDate(DateTimeOffset instant) => instant.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media upload {MediaId} started in workspace {WorkspaceId} ({Length} bytes)")]
    private partial void LogUploadStarted(Guid mediaId, Guid workspaceId, long length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media upload {MediaId} in workspace {WorkspaceId} completed: {Status}, failed checks: {HasFailedCheck}")]
    private partial void LogUploadCompleted(Guid mediaId, Guid workspaceId, MediaStatus status, bool hasFailedCheck);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media upload {MediaId} in workspace {WorkspaceId} is identical to {ExistingId}; the existing file is used")]
    private partial void LogDuplicateUpload(Guid mediaId, Guid workspaceId, Guid existingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media {MediaId} deleted from workspace {WorkspaceId}")]
    private partial void LogDeleted(Guid mediaId, Guid workspaceId);
}
