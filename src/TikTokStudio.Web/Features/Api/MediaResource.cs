using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Api;

/// <summary>
/// The media resource: a file pulled from an https URL into the library (then checked like any upload), and a file's
/// check results. Uploads by tus with the API key go through the same tus endpoint as the app's (mounted under the API).
/// </summary>
public sealed class MediaResource(MediaService media, MediaStorage storage, MediaPuller puller)
{
    public async Task<MediaResource.Result> PullAsync(ApiMediaPullRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Url))
            return ApiProblems.Validation("Send url: the https address of the video or photo.", PostsResource.Group([("url", "Required.")]));
        var download = await puller.DownloadAsync(request.Url, ct);
        if (download.Problem is { } problem) return problem;
        try
        {
            var (path, fileName, contentType, length) = download.File!.Value;
            if (await media.RefuseAsync(fileName, contentType, length, ct) is { } refusal)
            {
                return refusal.StatusCode == StatusCodes.Status403Forbidden ? ApiProblems.Forbidden(refusal.Message)
                    : ApiProblems.Validation(refusal.Message, PostsResource.Group([("url", refusal.Message)]));
            }
            var file = await media.StartUploadAsync(fileName, contentType, length, ct);
            File.Copy(path, storage.FullPath(file), overwrite: true);
            var id = await media.CompleteAsync(file, ct);
            var stored = await media.Files.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            return new Result(ToApi(stored), null, StatusCodes.Status201Created);
        }
        finally
        {
            File.Delete(download.File!.Value.Path);
        }
    }

    public async Task<ApiMedia?> GetAsync(Guid id, CancellationToken ct) =>
        await media.Files.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } file ? ToApi(file) : null;

    public static ApiMedia ToApi(MediaFile file) => new(
        file.Id, file.OriginalFileName, file.ContentType, file.Kind.ToString().ToLowerInvariant(),
        file.Status.ToString().ToLowerInvariant(), file.SizeBytes, file.DurationMs, file.Width, file.Height, file.FrameRate, file.Codec,
        file.CanBePosted, file.RejectionReason,
        file.Checks.Select(c => new ApiMediaCheck(c.Name, c.Outcome.ToString().ToLowerInvariant(), c.Reason)).ToList(),
        file.CreatedAt);

    public sealed record Result(ApiMedia? Value, ApiProblem? Problem, int Status = 200)
    {
        public static implicit operator Result(ApiProblem problem) => new(null, problem, problem.Status);
    }
}

/// <summary>
/// Downloads a URL for the media pull without becoming a way into the server's network (SSRF): only http(s), the host
/// resolved and every address checked before connecting (the connection goes to the checked address, so a DNS answer
/// cannot change in between), redirects followed by hand and each one checked again, a size cap and a time cap.
/// </summary>
public sealed class MediaPuller(IOptions<ApiOptions> options)
{
    public readonly record struct Download(ApiProblem? Problem, (string Path, string FileName, string? ContentType, long Length)? File);

    public async Task<Download> DownloadAsync(string url, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.MediaPullTimeout);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = (context, token) => ConnectCheckedAsync(context, settings.AllowPrivateMediaUrls, token),
        }) { Timeout = Timeout.InfiniteTimeSpan };

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Refused("url is not an absolute URL.");
        for (var hop = 0; ; hop++)
        {
            if (SchemeProblem(uri, settings.AllowPrivateMediaUrls) is { } schemeProblem) return Refused(schemeProblem);
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (HttpRequestException ex) when (ex.InnerException is RefusedAddressException refused)
            {
                return Refused(refused.Message);
            }
            catch (HttpRequestException ex)
            {
                return Refused($"{uri.Host} could not be reached: {ex.Message}");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Refused($"The download took longer than {settings.MediaPullTimeout.TotalMinutes:0.#} minutes.");
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= settings.MaxRedirects) return Refused($"More than {settings.MaxRedirects} redirects.");
                    uri = new Uri(uri, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode) return Refused($"{uri.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                if (response.Content.Headers.ContentLength is { } declared && declared > settings.MaxPulledMediaBytes)
                    return Refused($"The file is {declared:N0} bytes; a pull takes at most {settings.MaxPulledMediaBytes:N0}.");

                var path = Path.Combine(Path.GetTempPath(), "tts-pull-" + Guid.NewGuid().ToString("N"));
                long length = 0;
                try
                {
                    await using var source = await response.Content.ReadAsStreamAsync(timeout.Token);
                    await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                    var buffer = new byte[64 * 1024];
                    int read;
                    while ((read = await source.ReadAsync(buffer, timeout.Token)) > 0)
                    {
                        length += read;
                        if (length > settings.MaxPulledMediaBytes)
                        {
                            target.Close();
                            File.Delete(path);
                            return Refused($"The file is larger than {settings.MaxPulledMediaBytes:N0} bytes, the most a pull takes.");
                        }
                        await target.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    File.Delete(path);
                    return Refused($"The download took longer than {settings.MediaPullTimeout.TotalMinutes:0.#} minutes.");
                }
                var name = Path.GetFileName(Uri.UnescapeDataString(uri.AbsolutePath));
                return new(null, (path, name.Length == 0 ? "pulled" : name, response.Content.Headers.ContentType?.MediaType, length));
            }
        }
    }

    private static Download Refused(string why) => new(ApiProblems.Validation("The media URL was refused: " + why, PostsResource.Group([("url", why)])), null);

    private static string? SchemeProblem(Uri uri, bool allowPrivate) =>
        uri.Scheme == Uri.UriSchemeHttps || (allowPrivate && uri.Scheme == Uri.UriSchemeHttp) ? null
        : $"only https URLs are pulled ({uri.Scheme}:// is not).";

    private static async ValueTask<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new RefusedAddressException($"{host} does not resolve.");
        if (!allowPrivate && addresses.FirstOrDefault(IsNonPublic) is { } blocked)
            throw new RefusedAddressException($"{host} resolves to {blocked}, a private, loopback, link-local or multicast address.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Addresses a pull must never reach in Production: this machine, its networks, and no-one's.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b6[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
            || b[0] >= 224; // multicast and reserved
    }

    private sealed class RefusedAddressException(string message) : Exception(message);
}
