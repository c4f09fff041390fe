using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Features.Media.Checks;

namespace TikTokStudio.Web.Features.Media;

/// <summary>The Media:UrlPull configuration keys: how a file named by its address is pulled into the library.</summary>
public sealed class MediaUrlPullOptions
{
    public const string SectionName = "Media:UrlPull";

    /// <summary>
    /// Lets a pull reach private, loopback and link-local addresses, and plain http. Only for Development and tests (where
    /// the "remote" server is this machine); otherwise an address must be https and resolve to public addresses only.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The largest file a pull downloads (TikTok's own limit for a video).</summary>
    public long MaxBytes { get; set; } = MediaChecks.MaxVideoBytes;

    /// <summary>How long a pull may take, redirects and download included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxRedirects { get; set; } = 5;
}

/// <summary>
/// Pulls a video or photo named by an address (the API's media pull, an import file's media cell) into the media
/// library, through the same pipeline as an upload (<see cref="MediaService.RefuseAsync"/> before a byte is stored,
/// then <see cref="MediaService.CompleteAsync"/>: hashing, probing, TikTok's checks, de-duplication) — without becoming
/// a way into the server's network (SSRF): every address a host resolves to is checked when connecting (the connection
/// goes to the checked address, so a DNS answer cannot change in between), redirects are followed by hand with each
/// one checked again, and the size and time are capped.
/// </summary>
public sealed partial class MediaUrlPull(IHttpClientFactory http, MediaService media, MediaStorage storage,
    IOptions<MediaUrlPullOptions> options, ILogger<MediaUrlPull> logger)
{
    public const string ClientName = "media-url-pull";

    /// <summary>The library file the address became, or why nothing was kept (<paramref name="Forbidden"/>: the member may not upload).</summary>
    public sealed record Pulled(Guid? MediaId, string? Error, bool Forbidden = false);

    public static void AddMediaUrlPull(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<MediaUrlPullOptions>()
            // On a developer's machine (and in tests) the "remote" media server is this machine.
            .Configure(o => o.AllowPrivateAddresses = environment.IsDevelopment())
            .Bind(configuration.GetSection(MediaUrlPullOptions.SectionName));
        services.AddScoped<MediaUrlPull>();
        services.AddHttpClient(ClientName, client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider.GetRequiredService<IOptions<MediaUrlPullOptions>>().Value.AllowPrivateAddresses));
    }

    public async Task<Pulled> PullAsync(string address, CancellationToken ct)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return new(null, $"{address} is not a web address.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        var client = http.CreateClient(ClientName);
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (SchemeProblem(uri, settings.AllowPrivateAddresses) is { } schemeProblem) return new(null, $"{address}: {schemeProblem}");
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= settings.MaxRedirects) return new(null, $"{address} redirected more than {settings.MaxRedirects} times, so nothing was pulled.");
                    uri = new Uri(uri, location);
                    continue;
                }
                return await KeepAsync(address, uri, response, timeout.Token);
            }
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
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, $"{address} took longer than {settings.Timeout.TotalMinutes:0.#} minutes, so nothing was pulled. Upload the file instead.");
        }
    }

    private async Task<Pulled> KeepAsync(string address, Uri uri, HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
            return new(null, $"{address} answered {(int)response.StatusCode} {response.ReasonPhrase}: nothing was pulled. Check the address.");
        // The length is needed before the first byte: the type, size and storage checks run on it, as for an upload.
        if (response.Content.Headers.ContentLength is not { } length)
            return new(null, $"{address} did not say how big the file is, so it was not pulled. Upload it to the media library instead.");
        if (length > options.Value.MaxBytes)
            return new(null, $"{address} is {MediaChecks.Size(length)}; a pull takes at most {MediaChecks.Size(options.Value.MaxBytes)}.");
        var fileName = MediaService.SafeFileName(Uri.UnescapeDataString(uri.Segments.LastOrDefault()?.Trim('/') ?? ""));
        if (string.IsNullOrWhiteSpace(fileName)) fileName = uri.Host;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (await media.RefuseAsync(fileName, type, length, ct) is { } refusal)
            return new(null, $"{address}: {refusal.Message}", Forbidden: refusal.StatusCode == StatusCodes.Status403Forbidden);

        var file = await media.StartUploadAsync(fileName, type, length, ct);
        string? problem;
        try
        {
            problem = await CopyAsync(address, response, storage.FullPath(file), length, ct);
        }
        catch
        {
            // Timed out, cancelled or the disk failed: nothing half-pulled stays in the library or holds its storage.
            await media.AbandonUploadAsync(file, CancellationToken.None);
            throw;
        }
        if (problem is not null)
        {
            await media.AbandonUploadAsync(file, CancellationToken.None);
            return new(null, problem);
        }
        var id = await media.CompleteAsync(file, ct);
        LogPulled(uri.Host, id);
        return new(id, null);
    }

    /// <summary>Copies exactly the declared length: a server that sends more cannot fill the disk past the quota check.</summary>
    private static async Task<string?> CopyAsync(string address, HttpResponseMessage response, string path, long length, CancellationToken ct)
    {
        await using var source = await response.Content.ReadAsStreamAsync(ct);
        await using var target = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        var buffer = new byte[64 * 1024];
        long written = 0;
        while (true)
        {
            int read;
            try
            {
                read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - written + 1)), ct);
            }
            catch (IOException) when (!ct.IsCancellationRequested)
            {
                break; // The server dropped the connection midway: what arrived is incomplete, said below.
            }
            if (read == 0) break;
            written += read;
            if (written > length) return $"{address} sent more bytes than it announced, so the file was not kept.";
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return written == length ? null : $"{address} stopped after {written:N0} of {length:N0} bytes, so the file was not kept. Try again.";
    }

    private static string? SchemeProblem(Uri uri, bool allowPrivate) =>
        uri.Scheme == Uri.UriSchemeHttps || (allowPrivate && uri.Scheme == Uri.UriSchemeHttp) ? null
        : $"only https addresses are pulled ({uri.Scheme}:// is not).";

    /// <summary>
    /// Connects only to public addresses unless <paramref name="allowPrivateAddresses"/>: every address a host name
    /// resolves to is checked at connect time, so a name that points into the server's own network (or is re-pointed
    /// there between a check and the connection) is never reached. Redirects are not followed here (see PullAsync).
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivateAddresses) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            if (addresses.Length == 0) throw new PrivateAddressException($"{host} does not resolve.");
            if (!allowPrivateAddresses && addresses.FirstOrDefault(IsPrivate) is { } blocked)
                throw new PrivateAddressException($"{host} resolves to {blocked}, a private, loopback, link-local or multicast address; only files on the public internet are pulled.");
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
        },
    };

    /// <summary>Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, unspecified, broadcast and multicast addresses.</summary>
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
            >= 224 => true, // multicast, reserved and broadcast
            _ => false,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled media from {Host} into the library as {MediaId}")]
    private partial void LogPulled(string host, Guid mediaId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling media from {Host} failed: {Reason}")]
    private partial void LogPullFailed(string host, string reason);
}

/// <summary>The pull client refused to connect to an address outside the public internet.</summary>
public sealed class PrivateAddressException(string message) : IOException(message);
