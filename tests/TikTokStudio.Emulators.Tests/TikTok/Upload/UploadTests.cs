using System.Net;
using System.Text;

namespace TikTokStudio.Emulators.Tests.TikTok.Upload;

public sealed class UploadTests
{
    private static async Task<(string Token, string PublishId, string UploadUrl)> InitAsync(EmulatorHost emulator, long size, long chunk, long count)
    {
        var token = await emulator.AccessTokenAsync("public_creator");
        var init = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: size, chunk: chunk, count: count));
        Assert.Equal(HttpStatusCode.OK, init.Status);
        return (token, init.Data.GetProperty("publish_id").GetString()!, init.Data.GetProperty("upload_url").GetString()!);
    }

    [Fact]
    public async Task Worked_Example_Upload_Returns_206_Four_Times_Then_201_And_Records_The_Sha256()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const long size = 50_000_123, chunk = 10_000_000;
        var (token, publishId, uploadUrl) = await InitAsync(emulator, size, chunk, 5);

        var statuses = await Uploader.UploadAllAsync(emulator.Http, uploadUrl, size, chunk, 5);
        var status = await emulator.StatusAsync(token, publishId);
        var record = (await emulator.PostsAsync()).Single();

        Assert.Equal([HttpStatusCode.PartialContent, HttpStatusCode.PartialContent, HttpStatusCode.PartialContent,
            HttpStatusCode.PartialContent, HttpStatusCode.Created], statuses);
        Assert.Equal(size, status.GetProperty("uploaded_bytes").GetInt64());
        Assert.Equal(Uploader.ExpectedSha256(size), record.GetProperty("sha256").GetString());
        Assert.Equal(size, record.GetProperty("bytes_received").GetInt64());
    }

    [Fact]
    public async Task Every_Reply_Reports_Progress_In_Content_Range()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const long size = 12_000_000, chunk = 6_000_000;
        var (_, _, uploadUrl) = await InitAsync(emulator, size, chunk, 2);

        using var first = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, chunk - 1, size);
        using var last = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, chunk, size - 1, size);

        Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
        Assert.Equal("bytes 0-5999999/12000000", first.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.Equal("bytes 0-11999999/12000000", last.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Out_Of_Order_Or_Off_Plan_Chunk_Is_416()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const long size = 12_000_000, chunk = 6_000_000;
        var (_, _, uploadUrl) = await InitAsync(emulator, size, chunk, 2);

        using var secondFirst = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, chunk, size - 1, size);
        using var offPlan = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999_999, size);
        using var inOrder = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, chunk - 1, size);
        using var repeated = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, chunk - 1, size);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, secondFirst.StatusCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, offPlan.StatusCode);
        Assert.Equal(HttpStatusCode.PartialContent, inOrder.StatusCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, repeated.StatusCode);
        Assert.Equal("bytes 0-5999999/12000000", repeated.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Wrong_Content_Type_Or_Total_Is_400()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var (_, _, uploadUrl) = await InitAsync(emulator, 1000, 1000, 1);

        using var wrongType = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000, "application/octet-stream");
        using var wrongTotal = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 2000);
        using var ok = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000, "video/webm");

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongTotal.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task Upload_Url_Expires_An_Hour_After_Init()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var (_, _, uploadUrl) = await InitAsync(emulator, 1000, 1000, 1);

        await emulator.AdvanceClockAsync(3601);
        using var response = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_Upload_Is_404()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var (_, _, uploadUrl) = await InitAsync(emulator, 1000, 1000, 1);

        using var unknownId = await Uploader.PutChunkAsync(emulator.Http, "upload/?upload_id=nope&upload_token=nope", 0, 999, 1000);
        using var wrongToken = await Uploader.PutChunkAsync(emulator.Http, uploadUrl.Replace("upload_token=", "upload_token=x"), 0, 999, 1000);

        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
    }

    [Fact]
    public async Task Injected_Server_Errors_Fail_Chunks_And_A_Retry_Succeeds()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var (token, publishId, uploadUrl) = await InitAsync(emulator, 1000, 1000, 1);
        await emulator.ControlAsync("faults", new { fail_next_chunk_puts = 2 });

        using var first = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000);
        using var second = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000);
        using var third = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal("PUBLISH_COMPLETE", (await emulator.StatusAsync(token, publishId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stored_Uploads_Are_Written_To_The_Upload_Directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tiktok-emulator-store-test", Guid.NewGuid().ToString("N"));
        await using var emulator = await EmulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Emulators:TikTok:StoreUploads"] = "true",
            ["Emulators:TikTok:UploadDirectory"] = directory,
        });
        var (_, _, uploadUrl) = await InitAsync(emulator, 1000, 1000, 1);

        using var response = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, 999, 1000);

        var file = Assert.Single(Directory.GetFiles(directory));
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => Uploader.ByteAt(i)).ToArray(), bytes);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_60_MB_Single_Chunk_Passes_The_Hosts_Request_Size_Limit()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        const long size = 60_000_000;
        var (_, _, uploadUrl) = await InitAsync(emulator, size, size, 1);

        using var response = await Uploader.PutChunkAsync(emulator.Http, uploadUrl, 0, size - 1, size);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(size, (await emulator.PostsAsync()).Single().GetProperty("bytes_received").GetInt64());
    }
}
