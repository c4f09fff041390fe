using System.Net;
using System.Net.Sockets;

namespace TikTokStudio.Web.Features.Webhooks;

/// <summary>
/// Where the app may send webhooks: https URLs on public addresses. A receiver on loopback or a private network would
/// let a workspace member probe the server's own network (SSRF), so such addresses are refused, both when the URL is
/// saved (a literal address, "localhost") and when connecting (<see cref="ConnectAsync"/> checks the address DNS gave).
/// <see cref="WebhookOptions.AllowPrivateUrls"/> lifts both, and allows plain http, for development and tests.
/// </summary>
public static class WebhookUrlRules
{
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url)) return "Enter the URL the events should be sent to.";
        url = url.Trim();
        if (url.Length > WebhookEndpoint.UrlMaxLength) return $"The URL is longer than {WebhookEndpoint.UrlMaxLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
            return "Enter a full URL starting with https://, for example https://example.com/webhooks/tiktok-studio.";
        if (uri.Scheme == "http" && !allowPrivate) return "The URL must start with https://: events are only sent encrypted.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "Leave the user name and password out of the URL; verify the signature instead.";
        if (!allowPrivate)
        {
            if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
                return "The URL points at this server itself (loopback); use an address on the public internet.";
            if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsPrivate(address))
                return "The URL points at a private network address; use an address on the public internet.";
        }
        return null;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] >= 64 && b[1] <= 127, // carrier-grade NAT
            169 => b[1] == 254, // link-local, cloud metadata services
            172 => b[1] >= 16 && b[1] <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] == 18 || b[1] == 19,
            >= 224 => true, // multicast and reserved
            _ => false,
        };
    }

    /// <summary>The sender's connect step: resolves the host and refuses private addresses unless allowed, so DNS cannot point a public name inward.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to private or loopback addresses, which webhooks may not be sent to.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
