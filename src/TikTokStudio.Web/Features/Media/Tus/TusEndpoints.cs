using System.Buffers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using TikTokStudio.Web.Features.Media.Checks;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Media.Tus;

/// <summary>
/// The part of tus 1.0 (https://tus.io/protocols/resumable-upload) this app needs, on minimal APIs: core (HEAD, PATCH,
/// OPTIONS), creation, termination and expiration. Uploads belong to the request's workspace (the tenant filter makes
/// another workspace's upload a 404). The group validates antiforgery on POST/PATCH/DELETE (RequestVerificationToken header).
/// Bytes stream to disk through a small buffer; the file's length on disk is the upload offset, so whatever arrived
/// before a dropped connection counts and the client resumes from there.
/// </summary>
public static partial class TusEndpoints
{
    public const string Version = "1.0.0";
    public const string Extensions = "creation,termination,expiration";
    public const string OffsetOctetStream = "application/offset+octet-stream";
    private const int BufferSize = 64 * 1024;

    /// <summary>On the PATCH that completes an upload: the id of the library file the bytes are.</summary>
    public const string MediaIdHeader = "Media-Id";

    /// <summary>Set (to 1) when the bytes were identical to a file already in the library, which is used instead.</summary>
    public const string DuplicateOfHeader = "Media-Duplicate";

    /// <summary>Set (to 1) on a refusal by the workspace's plan, so the uploader offers the upgrade with the reason.</summary>
    public const string PlanLimitHeader = "Studio-Plan-Limit";

    /// <summary>Uploads a request is writing to right now, in this process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> Writing = new();

    public static RouteGroupBuilder MapTusUploads(this RouteGroupBuilder media)
    {
        var uploads = media.MapGroup("/uploads").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // tus clients read status codes and headers; an HTML error page re-executed in their place would hide them.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages) statusCodePages.Enabled = false;
            http.Response.Headers["Tus-Resumable"] = Version;
            if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers["Tus-Resumable"] != Version)
            {
                http.Response.Headers["Tus-Version"] = Version;
                return Text(StatusCodes.Status412PreconditionFailed, "This server speaks tus 1.0.0 (send Tus-Resumable: 1.0.0).");
            }
            return await next(context);
        });

        uploads.MapMethods("", [HttpMethods.Options], (HttpContext http) =>
        {
            http.Response.Headers["Tus-Version"] = Version;
            http.Response.Headers["Tus-Extension"] = Extensions;
            http.Response.Headers["Tus-Max-Size"] = MediaChecks.MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.NoContent();
        });

        uploads.MapPost("", CreateAsync);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Head], HeadAsync);
        uploads.MapPatch("/{id:guid}", PatchAsync);
        uploads.MapDelete("/{id:guid}", TerminateAsync);
        return uploads;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MediaService media)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey("Upload-Defer-Length"))
        {
            return Text(StatusCodes.Status400BadRequest, "Uploads must say their length (Upload-Length); deferred length is not supported.");
        }
        if (!long.TryParse(request.Headers["Upload-Length"], out var length) || length < 0)
        {
            return Text(StatusCodes.Status400BadRequest, "Upload-Length must be the file's size in bytes.");
        }
        Dictionary<string, string> metadata;
        try { metadata = TusMetadata.Parse(request.Headers["Upload-Metadata"]); }
        catch (FormatException ex) { return Text(StatusCodes.Status400BadRequest, ex.Message); }

        var fileName = MediaService.SafeFileName(metadata.GetValueOrDefault("filename") ?? metadata.GetValueOrDefault("name") ?? "upload");
        var type = metadata.GetValueOrDefault("filetype") ?? metadata.GetValueOrDefault("type");
        if (length == 0)
        {
            return Text(StatusCodes.Status400BadRequest, $"\"{fileName}\" is empty.");
        }
        if (await media.RefuseAsync(fileName, type, length, http.RequestAborted) is { } refusal)
        {
            if (refusal.OverPlan) http.Response.Headers[PlanLimitHeader] = "1";
            return Text(refusal.StatusCode, refusal.Message);
        }

        var file = await media.StartUploadAsync(fileName, type, length, http.RequestAborted);
        http.Response.Headers["Upload-Expires"] = MediaService.HttpDate(file.ExpiresAt!.Value);
        return Results.Created($"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{file.Id}", null);
    }

    private static async Task<IResult> HeadAsync(Guid id, HttpContext http, MediaService media, MediaStorage storage, TimeProvider time)
    {
        var file = await media.FindAsync(id, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        if (file is null) return Text(StatusCodes.Status404NotFound, "No such upload in this workspace.");
        if (file.Status == MediaStatus.Rejected) return Text(StatusCodes.Status410Gone, file.RejectionReason ?? "This upload was rejected.");
        if (file.Status == MediaStatus.Uploading)
        {
            if (file.ExpiresAt <= time.GetUtcNow()) return Text(StatusCodes.Status410Gone, "This upload expired; start it again.");
            http.Response.Headers["Upload-Expires"] = MediaService.HttpDate(file.ExpiresAt!.Value);
        }
        var offset = file.Status == MediaStatus.Ready ? file.SizeBytes : storage.LengthOnDisk(file);
        http.Response.Headers["Upload-Offset"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Upload-Length"] = file.SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["Upload-Metadata"] = TusMetadata.Format([new("filename", file.OriginalFileName), new("filetype", file.ContentType)]);
        return Results.Ok();
    }

    private static async Task<IResult> PatchAsync(Guid id, HttpContext http, MediaService media, MediaStorage storage,
        WorkspaceContext workspace, TimeProvider time, ILoggerFactory loggers)
    {
        var request = http.Request;
        var ct = http.RequestAborted;
        if (!string.Equals(request.ContentType, OffsetOctetStream, StringComparison.OrdinalIgnoreCase))
        {
            return Text(StatusCodes.Status415UnsupportedMediaType, $"A tus PATCH sends Content-Type: {OffsetOctetStream}.");
        }
        if (!long.TryParse(request.Headers["Upload-Offset"], out var offset) || offset < 0)
        {
            return Text(StatusCodes.Status400BadRequest, "Upload-Offset must be the byte position this part starts at.");
        }
        var file = await media.FindAsync(id, ct);
        if (file is null) return Text(StatusCodes.Status404NotFound, "No such upload in this workspace.");
        if (!workspace.May(StudioAction.UploadMedia))
        {
            return Text(StatusCodes.Status403Forbidden, Permissions.Refusal(StudioAction.UploadMedia));
        }
        if (file.Status != MediaStatus.Uploading)
        {
            return Text(StatusCodes.Status409Conflict, "This upload is already complete.");
        }
        if (file.ExpiresAt <= time.GetUtcNow())
        {
            return Text(StatusCodes.Status410Gone, "This upload expired; start it again.");
        }

        // One writer per upload (file sharing flags do not lock on Linux). 423 is what tusd answers; tus clients retry it.
        if (!Writing.TryAdd(file.Id, 0))
        {
            return Text(StatusCodes.Status423Locked, "Another request is writing to this upload; retry in a moment.");
        }
        try
        {
            return await WriteAsync(http, file, offset, media, storage, loggers);
        }
        finally
        {
            Writing.TryRemove(file.Id, out _);
        }
    }

    private static async Task<IResult> WriteAsync(HttpContext http, MediaFile file, long offset, MediaService media, MediaStorage storage,
        ILoggerFactory loggers)
    {
        var request = http.Request;
        var ct = http.RequestAborted;
        var stream = new FileStream(storage.FullPath(file), FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);

        long written = 0;
        var remaining = file.SizeBytes - offset;
        await using (stream)
        {
            if (stream.Length != offset)
            {
                http.Response.Headers["Upload-Offset"] = stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Text(StatusCodes.Status409Conflict, $"Upload-Offset {offset} does not match the {stream.Length} bytes received so far.");
            }
            if (request.ContentLength > remaining)
            {
                return Text(StatusCodes.Status413PayloadTooLarge, $"This part has {request.ContentLength} bytes but only {remaining} remain of the declared length.");
            }
            // The whole remaining file may come in one PATCH (tus clients often do): allow exactly that much, no more.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = Math.Max(remaining, 1);
            }
            stream.Position = offset;

            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            var overflow = false;
            try
            {
                while (true)
                {
                    var read = await request.Body.ReadAsync(buffer.AsMemory(0, BufferSize), ct);
                    if (read == 0) break;
                    if (written + read > remaining)
                    {
                        overflow = true;
                        break;
                    }
                    await stream.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                    written += read;
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                // The connection dropped (or broke a limit) mid-part: keep what arrived; the client asks HEAD and resumes.
                await stream.FlushAsync(CancellationToken.None);
                LogPartialPatch(loggers.CreateLogger(typeof(TusEndpoints)), file.Id, written);
                if (ct.IsCancellationRequested) return Results.Empty;
                return Text(StatusCodes.Status400BadRequest, "The upload was interrupted; resume from the offset HEAD reports.");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (overflow)
            {
                stream.SetLength(offset);
                return Text(StatusCodes.Status413PayloadTooLarge, "This part has more bytes than remain of the declared length.");
            }
        }

        var newOffset = offset + written;
        http.Response.Headers["Upload-Offset"] = newOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (newOffset < file.SizeBytes)
        {
            http.Response.Headers["Upload-Expires"] = MediaService.HttpDate(file.ExpiresAt!.Value);
            return Results.NoContent();
        }

        var libraryId = await media.CompleteAsync(file, CancellationToken.None);
        if (file.Status == MediaStatus.Rejected)
        {
            return Text(StatusCodes.Status415UnsupportedMediaType, $"\"{file.OriginalFileName}\": {file.RejectionReason}");
        }
        // Which library file the bytes are (an identical earlier upload's when they were already there).
        http.Response.Headers[MediaIdHeader] = libraryId.ToString();
        if (libraryId != file.Id) http.Response.Headers[DuplicateOfHeader] = "1";
        return Results.NoContent();
    }

    private static async Task<IResult> TerminateAsync(Guid id, HttpContext http, MediaService media)
    {
        var result = await media.DeleteAsync(id, http.RequestAborted);
        return result.Deleted ? Results.NoContent() : Text(result.StatusCode, result.Message);
    }

    /// <summary>Plain words for people: tus clients show the response text in their error.</summary>
    private static IResult Text(int statusCode, string message) => Results.Text(message, "text/plain; charset=utf-8", statusCode: statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {MediaId}: part interrupted after {Bytes} bytes; the client can resume")]
    private static partial void LogPartialPatch(ILogger logger, Guid mediaId, long bytes);
}
