using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// Absolute URLs back into the emulator, built from the incoming request so they work on whatever host and mount
/// point (/emulators/tiktok in the web app, a random loopback port in tests) the caller used.
/// </summary>
public static class EmulatorUrls
{
    /// <summary>scheme://host[pathbase]{prefix}/tiktok — everything before TikTok's own /v2/... path.</summary>
    public static string Base(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var tiktok = context.GetEndpoint()?.Metadata.GetMetadata<TikTokMountMetadata>()?.Prefix;
        if (tiktok is null)
        {
            var v2 = path.IndexOf("/v2/", StringComparison.Ordinal);
            tiktok = v2 >= 0 ? path[..v2] : path.TrimEnd('/');
        }
        return $"{request.Scheme}://{request.Host}{request.PathBase}{tiktok}";
    }

    public static string Upload(HttpContext context, UploadSession upload) =>
        $"{Base(context)}/upload/?upload_id={upload.UploadId}&upload_token={Uri.EscapeDataString(upload.UploadToken)}";

    public static string Avatar(HttpContext context, EmulatedCreator creator) =>
        $"{Base(context)}/avatars/{Uri.EscapeDataString(creator.Username)}.svg";

    public static string Cover(HttpContext context, long videoId, DateTimeOffset now) =>
        // x-expires imitates TikTok's 6-hour cover URL lifetime; video/query hands out a fresh one.
        $"{Base(context)}/covers/{videoId}.svg?x-expires={now.AddHours(6).ToUnixTimeSeconds()}";
}

/// <summary>Endpoint metadata carrying the TikTok emulator's mount path (e.g. /emulators/tiktok).</summary>
public sealed record TikTokMountMetadata(string Prefix);
