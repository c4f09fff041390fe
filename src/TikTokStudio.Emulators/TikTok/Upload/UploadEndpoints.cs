using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// The opaque upload URL handed out by FILE_UPLOAD inits: sequential PUT chunks on the planned boundaries. Bytes are
/// streamed through a small buffer into a SHA-256 (and optionally a file), never held whole in memory.
/// </summary>
public static class UploadEndpoints
{
    private static readonly string[] VideoTypes = ["video/mp4", "video/quicktime", "video/webm"];

    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapPut("/upload/", PutChunkAsync);
    }

    private static async Task<IResult> PutChunkAsync(HttpContext context, TikTokEmulatorState state)
    {
        // Chunks go up to 128 MB; the host's default request limit (30 MB) must not apply here.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        var request = context.Request;
        UploadSession upload;
        EmulatedPost post;
        long first, last;
        lock (state.Gate)
        {
            if (!state.PostsByUploadId.TryGetValue(request.Query["upload_id"].ToString(), out var found)
                || found.Upload!.UploadToken != request.Query["upload_token"].ToString())
                return Results.NotFound();
            post = found;
            upload = found.Upload!;
            if (state.Now > upload.ExpiresAt || post.Cancelled) return Results.StatusCode(403);
            if (state.Faults.FailNextChunkPuts > 0)
            {
                state.Faults.FailNextChunkPuts--;
                return Results.StatusCode(503);
            }
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType : null;
            if (mediaType is null || !VideoTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)) return BadRequest(context, upload);
            if (!TryParseContentRange(request.Headers.ContentRange.ToString(), out first, out last, out var total)
                || total != upload.VideoSize || request.ContentLength != last - first + 1)
                return BadRequest(context, upload);
            var index = upload.NextChunkIndex;
            if (upload.Busy || upload.Complete || first != upload.ChunkStart(index) || last != upload.ChunkEnd(index))
                return Answer(context, upload, 416);
            upload.Busy = true;
        }

        // Outside the lock: hash (and store) the chunk into a clone so a broken chunk leaves the committed hash intact.
        var chunkHash = upload.Hash.Clone();
        long received = 0;
        var ok = false;
        try
        {
            await using var file = upload.FilePath is null ? null : OpenAt(upload.FilePath, first);
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                chunkHash.AppendData(buffer, 0, read);
                if (file is not null) await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                received += read;
            }
            ok = received == last - first + 1;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            ok = false;
        }

        lock (state.Gate)
        {
            upload.Busy = false;
            if (!ok)
            {
                chunkHash.Dispose();
                return BadRequest(context, upload);
            }
            upload.Hash.Dispose();
            upload.Hash = chunkHash;
            upload.ReceivedBytes = last + 1;
            upload.NextChunkIndex++;
            if (!upload.Complete) return Answer(context, upload, 206);
            post.TransferredBytes = upload.ReceivedBytes;
            post.Sha256Hex = Convert.ToHexStringLower(upload.Hash.GetCurrentHash());
            post.TransferCompletedAt = state.Now;
            return Answer(context, upload, 201);
        }
    }

    private static FileStream OpenAt(string path, long offset)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        file.SetLength(offset); // drop whatever a failed attempt at this chunk left behind
        file.Position = offset;
        return file;
    }

    private static IResult BadRequest(HttpContext context, UploadSession upload) => Answer(context, upload, 400);

    /// <summary>Every reply reports progress as <c>Content-Range: bytes 0-{received-1}/{total}</c>.</summary>
    private static IResult Answer(HttpContext context, UploadSession upload, int status)
    {
        context.Response.Headers.ContentRange = upload.ReceivedBytes > 0
            ? $"bytes 0-{upload.ReceivedBytes - 1}/{upload.VideoSize}"
            : $"bytes */{upload.VideoSize}";
        return Results.StatusCode(status);
    }

    private static bool TryParseContentRange(string header, out long first, out long last, out long total)
    {
        first = last = total = 0;
        if (!ContentRangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes"
            || range.From is not { } from || range.To is not { } to || range.Length is not { } length)
            return false;
        (first, last, total) = (from, to, length);
        return first <= last && last < total;
    }
}
