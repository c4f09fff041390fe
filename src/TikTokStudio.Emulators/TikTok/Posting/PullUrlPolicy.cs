namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// PULL_FROM_URL ownership: a configured URL prefix (exact string prefix) or domain (covers subdomains). TikTok demands
/// https; plain http is allowed only for loopback hosts so tests can serve media from an in-process server.
/// </summary>
public static class PullUrlPolicy
{
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]", "::1"];

    public static bool IsVerified(string? url, TikTokEmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var loopback = LoopbackHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && loopback)) return false;
        if (options.VerifiedUrlPrefixes.Any(prefix => url.StartsWith(prefix, StringComparison.Ordinal))) return true;
        var host = uri.Host.Trim('[', ']');
        return options.VerifiedDomains.Any(domain =>
        {
            var d = domain.Trim().Trim('[', ']').TrimEnd('.');
            return d.Length > 0 && (host.Equals(d, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
        });
    }
}
