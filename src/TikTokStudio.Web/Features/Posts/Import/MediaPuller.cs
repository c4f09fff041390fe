using System.Net;
using System.Net.Sockets;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>
/// Pulls a video or photo named by an https address in an import file into the media library, through the same
/// pipeline as an upload (<see cref="MediaService.RefuseAsync"/>, then <see cref="MediaService.CompleteAsync"/>:
/// limits, plan storage, hashing, probing, TikTok's checks, de-duplication).
/// </summary>
public sealed partial class MediaPuller(IHttpClientFactory http, MediaService media, MediaStorage storage, ILogger<MediaPuller> logger)
{
    public const string ClientName = "import-media-pull";

    public sealed record Pull(Guid? MediaId, string? Error);

    public async Task<Pull> PullAsync(string address, CancellationToken ct)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            return new(null, $"{address} is not an https address.");
        var fileName = MediaService.SafeFileName(Uri.UnescapeDataString(uri.Segments.LastOrDefault()?.Trim('/') ?? ""));
        if (string.IsNullOrWhiteSpace(fileName)) fileName = uri.Host;
        try
        {
            using var response = await http.CreateClient(ClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                return new(null, $"{address} answered {(int)response.StatusCode} {response.ReasonPhrase}: nothing was pulled. Check the address.");
            if (response.Content.Headers.ContentLength is not { } length)
                return new(null, $"{address} did not say how big the file is, so it was not pulled. Upload it to the media library instead.");
            var type = response.Content.Headers.ContentType?.MediaType;
            if (await media.RefuseAsync(fileName, type, length, ct) is { } refusal) return new(null, $"{address}: {refusal.Message}");
            var file = await media.StartUploadAsync(fileName, type, length, ct);
            await using (var source = await response.Content.ReadAsStreamAsync(ct))
            await using (var target = new FileStream(storage.FullPath(file), FileMode.Open, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                // Never more than the declared length: a server that sends more cannot fill the disk past the quota check.
                var buffer = new byte[64 * 1024];
                long written = 0;
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - written + 1)), ct)) > 0)
                {
                    written += read;
                    if (written > length) return new(null, $"{address} sent more bytes than it announced, so the file was not kept.");
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (written != length) return new(null, $"{address} stopped after {written:N0} of {length:N0} bytes. Try again.");
            }
            var id = await media.CompleteAsync(file, ct);
            LogPulled(uri.Host, id);
            return new(id, null);
        }
        catch (HttpRequestException ex) when (ex.InnerException is PrivateAddressException privateAddress)
        {
            return new(null, $"{address}: {privateAddress.Message}");
        }
        catch (HttpRequestException ex)
        {
            LogPullFailed(uri.Host, ex.Message);
            return new(null, $"{address} could not be reached ({ex.HttpRequestError}). Check the address, or upload the file instead.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, $"{address} took too long to answer. Upload the file to the media library instead.");
        }
    }

    /// <summary>
    /// The pull client connects only to public addresses (outside Development): every address a host name resolves to
    /// is checked at connect time, so a name that points into the server's own network (or is re-pointed there between
    /// a check and the connection) is never reached.
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivateAddresses) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var usable = allowPrivateAddresses ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
            if (usable.Length == 0)
                throw new PrivateAddressException($"{host} is a private or local network address; only files on the public internet are pulled.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, unspecified and multicast addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            >= 224 => true,
            _ => false,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled media from {Host} into the library as {MediaId}")]
    private partial void LogPulled(string host, Guid mediaId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling media from {Host} failed: {Reason}")]
    private partial void LogPullFailed(string host, string reason);
}

/// <summary>The pull client refused to connect to a private address.</summary>
public sealed class PrivateAddressException(string message) : IOException(message);
