using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;
using Xunit.Abstractions;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Measures the whole process's allocations, so it runs alone (see <see cref="AllocationMeasuredCollection"/>).</summary>
[Collection(AllocationMeasuredCollection.Name)]
public sealed class LargeUploadContractTests(ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;
    private const long AllocationBudget = 100L * 1024 * 1024;

    [Fact]
    public async Task A_1_GiB_Upload_Streams_Through_Client_And_Emulator_Allocating_Far_Less_Than_The_File()
    {
        // Arrange: client and emulator share this process, so the measurement covers both ends of every PUT.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(OneGiB, ChunkPlanner.MaxChunkSize);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan, TikTokPrivacyLevel.SelfOnly));
        var expectedSha256 = ContractSteps.Sha256Hex(OneGiB);
        await using var video = new SyntheticStream(OneGiB);

        // Act
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var upload = await host.Uploader.UploadAsync(new Uri(init.UploadUrl!), video, plan, "video/mp4", ContractSteps.NoDelay);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var record = await host.PostRecordAsync(init.PublishId);
        output.WriteLine($"Allocated {allocated:N0} bytes while uploading {OneGiB:N0} bytes in {plan.TotalChunkCount} chunks.");

        // Assert
        Assert.True(upload.Completed);
        Assert.Equal(plan.TotalChunkCount, upload.ChunksSent);
        Assert.Equal(OneGiB, record.GetProperty("bytes_received").GetInt64());
        Assert.Equal(expectedSha256, record.GetProperty("sha256").GetString());
        Assert.True(allocated < AllocationBudget, $"Uploading {OneGiB:N0} bytes allocated {allocated:N0} bytes (budget {AllocationBudget:N0}).");
    }
}
