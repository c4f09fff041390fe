using TikTokStudio.TikTok.Errors;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>ChunkPlanner's plans against the emulator's chunk rules, under each reading of TikTok's "MB".</summary>
public sealed class ChunkRuleContractTests
{
    // (video size, preferred chunk size or null for the planner's default), around every boundary of §8.1.
    private static readonly (long Size, long? Chunk)[] Cases =
    [
        (1, null), (4_999_999, null), (5_000_000, null), (5_242_879, null), (5_242_880, null), (5_242_881, 5_242_880),
        (12_000_123, 5_242_880), (63_999_999, 64_000_000), (64_000_000, 64_000_000), (64_000_001, 64_000_000),
        (67_108_865, null), (127_999_999, 64_000_000), (128_000_001, 64_000_000), (ChunkPlanner.MaxVideoSize, null),
        (ChunkPlanner.MaxVideoSize, ChunkPlanner.MinChunkSize), (ChunkPlanner.MaxVideoSize, ChunkPlanner.MaxChunkSize),
    ];

    [Theory]
    [InlineData("Strict")]
    [InlineData("MiB")]
    [InlineData("Decimal")]
    public async Task Every_Plan_The_Planner_Makes_Is_Accepted_At_Init_Whatever_MB_Means(string unit)
    {
        // Arrange
        await using var host = await ContractHost.StartAsync(emulatorSettings: new Dictionary<string, string?>
        {
            ["Emulators:TikTok:ChunkSizeUnit"] = unit,
            ["Emulators:TikTok:DailyPostCap"] = "1000",
        });
        var refused = new List<string>();

        // Act: a fresh token per plan keeps every init inside the 6-per-minute budget.
        foreach (var (size, chunk) in Cases)
        {
            var plan = ChunkPlanner.Plan(size, chunk);
            var token = await host.AccessTokenAsync("public_creator");
            try
            {
                await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan, TikTokPrivacyLevel.SelfOnly));
            }
            catch (TikTokApiException e)
            {
                refused.Add($"{size:N0} as {plan.TotalChunkCount} x {plan.ChunkSize:N0}: {e.Code} {e.TikTokMessage}");
            }
        }

        // Assert
        Assert.Empty(refused);
        Assert.Equal(Cases.Length, (await host.PostsAsync()).Length);
    }

    [Fact]
    public async Task A_Whole_Small_File_Goes_Up_In_One_Put_Answered_201()
    {
        // Arrange: §8.1's whole-file example, 4,194,304 bytes.
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");

        // Act
        var (init, upload) = await ContractSteps.DirectPostFileAsync(host, token, 4_194_304);
        var record = await host.PostRecordAsync(init.PublishId);

        // Assert
        Assert.Equal(new UploadResult(4_194_304, 1, 201), upload);
        Assert.Equal(ContractSteps.Sha256Hex(4_194_304), record.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task An_Upload_Url_With_A_Wrong_Token_Is_A_Typed_Task_Not_Found_Error()
    {
        // Arrange
        await using var host = await ContractHost.StartAsync();
        var token = await host.AccessTokenAsync("public_creator");
        var plan = ChunkPlanner.Plan(1_000);
        var init = await host.Posting.InitDirectVideoAsync(token, ContractSteps.DirectFile(plan));
        var tampered = new Uri(init.UploadUrl!.Split("upload_token=")[0] + "upload_token=not-the-token");
        await using var stream = new SyntheticStream(plan.VideoSize);

        // Act
        var error = await Assert.ThrowsAsync<TikTokUploadException>(() => host.Uploader.UploadAsync(tampered, stream, plan, options: ContractSteps.NoDelay));

        // Assert
        Assert.Equal(UploadErrorCodes.TaskNotFound, error.Code);
        Assert.Equal(404, error.HttpStatus);
        Assert.Equal(TikTokErrorClass.Permanent, error.Classification);
    }
}
