using System.Net.Http.Headers;
using System.Text;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>Speaks tus 1.0 to /app/media/uploads the way tus-js-client does, with the page's antiforgery token.</summary>
internal sealed class TusTestClient(HttpClient client, string? antiforgeryToken)
{
    public const string Endpoint = "/app/media/uploads";

    public HttpClient Http => client;
    public string? Token => antiforgeryToken;

    public static async Task<TusTestClient> SignInAsync(StudioAppFactory app, string email)
    {
        var client = await app.SignInAsync(email);
        var token = StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app/media"));
        return new TusTestClient(client, token);
    }

    public TusTestClient WithoutAntiforgery() => new(client, null);

    public Task<HttpResponseMessage> CreateAsync(long length, string fileName, string? fileType)
    {
        var request = Request(HttpMethod.Post, Endpoint);
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var metadata = $"filename {B64(fileName)}" + (fileType is null ? "" : $",filetype {B64(fileType)}");
        request.Headers.Add("Upload-Metadata", metadata);
        return client.SendAsync(request);
    }

    /// <summary>Creates an upload and returns its URL (asserting 201).</summary>
    public async Task<string> StartAsync(byte[] bytes, string fileName, string fileType)
    {
        var response = await CreateAsync(bytes.Length, fileName, fileType);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Create failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    public Task<HttpResponseMessage> PatchAsync(string location, long offset, ReadOnlyMemory<byte> bytes) =>
        PatchAsync(location, offset, new ReadOnlyMemoryContent(bytes));

    public Task<HttpResponseMessage> PatchAsync(string location, long offset, HttpContent content, CancellationToken ct = default)
    {
        var request = Request(HttpMethod.Patch, location);
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Content = content;
        return client.SendAsync(request, ct);
    }

    public Task<HttpResponseMessage> HeadAsync(string location) => client.SendAsync(Request(HttpMethod.Head, location));

    public Task<HttpResponseMessage> DeleteAsync(string location) => client.SendAsync(Request(HttpMethod.Delete, location));

    public Task<HttpResponseMessage> OptionsAsync() => client.SendAsync(new HttpRequestMessage(HttpMethod.Options, Endpoint));

    /// <summary>Uploads a whole file in one PATCH and returns the upload URL.</summary>
    public async Task<string> UploadAsync(byte[] bytes, string fileName, string fileType)
    {
        var location = await StartAsync(bytes, fileName, fileType);
        var response = await PatchAsync(location, 0, bytes);
        Assert.True(response.IsSuccessStatusCode, $"PATCH failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return location;
    }

    public static Guid IdOf(string location) => Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);

    public static long OffsetOf(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("Upload-Offset").Single());

    private HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        if (antiforgeryToken is not null) request.Headers.Add("RequestVerificationToken", antiforgeryToken);
        return request;
    }

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}

/// <summary>Request content that sends some bytes and then stalls until the request is cancelled: a dropped connection.</summary>
internal sealed class DroppingContent(byte[] bytes, int sendBeforeDrop) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes.AsMemory(0, sendBeforeDrop), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
