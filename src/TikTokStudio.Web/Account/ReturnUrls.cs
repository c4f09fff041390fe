namespace TikTokStudio.Web.Account;

/// <summary>Where to go after signing in or out: only a path on this site, else the app's home. Never an exception.</summary>
public static class ReturnUrls
{
    public const string Home = "/app";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains("\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    /// <summary>The URL when it is a local path; otherwise <see cref="Home"/>. Relative paths without a slash are made local.</summary>
    public static string LocalOrHome(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return Home;
        var candidate = url.StartsWith('/') ? url : "/" + url;
        // "app/x" is fine, "javascript:..." or "https://..." is not: a scheme before the first slash means another site.
        var firstSegment = url.Split('/', 2)[0];
        if (!url.StartsWith('/') && firstSegment.Contains(':')) return Home;
        return IsLocal(candidate) ? candidate : Home;
    }
}
