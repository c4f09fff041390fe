using System.Net;
using TikTokStudio.Emulators.TikTok;

namespace TikTokStudio.Emulators.Tests.TikTok.Posting;

public sealed class ChunkPlanTests
{
    [Theory]
    [InlineData(50_000_123, 10_000_000, 5)]         // the media transfer guide's worked example
    [InlineData(4_194_304, 4_194_304, 1)]           // whole file under 5 MB
    [InlineData(1_000, 1_000, 1)]
    [InlineData(60_000_000, 60_000_000, 1)]         // single chunk up to 64,000,000
    [InlineData(200_000_000, 10_485_760, 19)]       // Postiz-style 10 MiB chunks, remainder in the last one
    [InlineData(5_242_880, 5_242_880, 1)]
    public void Valid_Plans_Are_Accepted(long size, long chunk, long count) =>
        Assert.Null(ChunkPlan.Validate(size, chunk, count, ChunkSizeUnit.Strict));

    [Theory]
    [InlineData(4_000_000, 1_000_000, 4)]           // under 5 MB must be one chunk
    [InlineData(50_000_123, 10_000_000, 6)]         // ceil instead of floor
    [InlineData(50_000_000, 4_000_000, 12)]         // chunk below 5 MiB
    [InlineData(100_000_000, 67_108_864, 1)]        // 64 MiB is above the stricter 64,000,000
    [InlineData(70_000_000, 70_000_000, 1)]         // over 64 MB must be chunked
    [InlineData(200_000_000, 64_000_000, 2)]        // count must be floor(size / chunk) = 3
    [InlineData(6_000_000_000, 6_000_000, 1000)]    // over 4 GB
    public void Invalid_Plans_Are_Refused(long size, long chunk, long count) =>
        Assert.NotNull(ChunkPlan.Validate(size, chunk, count, ChunkSizeUnit.Strict));

    [Fact]
    public void MiB_Reading_Accepts_A_64_MiB_Chunk_That_Strict_Refuses()
    {
        Assert.Null(ChunkPlan.Validate(134_217_728, 67_108_864, 2, ChunkSizeUnit.MiB));
        Assert.NotNull(ChunkPlan.Validate(134_217_728, 67_108_864, 2, ChunkSizeUnit.Strict));
    }

    [Fact]
    public async Task Bad_Plan_Is_400_Invalid_Params_At_Init()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");

        var reply = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: 50_000_123, chunk: 10_000_000, count: 6));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_params", reply.ErrorCode);
    }

    [Fact]
    public async Task Video_Larger_Than_4_GiB_Is_Refused_At_Init()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var token = await emulator.AccessTokenAsync("public_creator");
        const long size = 4L * 1024 * 1024 * 1024 + 10_000_000;

        var reply = await emulator.PostAsync("v2/post/publish/video/init/", token, Payloads.DirectFile(size: size, chunk: 10_000_000, count: size / 10_000_000));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalid_param", reply.ErrorCode);
    }
}
