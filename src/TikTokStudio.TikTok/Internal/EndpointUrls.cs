namespace TikTokStudio.TikTok.Internal;

/// <summary>
/// Absolute URLs built from the configured bases. Bases may carry a path (the emulator lives under
/// /emulators/tiktok), which HttpClient.BaseAddress resolution would silently drop, so URLs are concatenated.
/// </summary>
internal static class EndpointUrls
{
    public static Uri Combine(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + path, UriKind.Absolute);
}
