using System.Security.Cryptography;
using TikTokStudio.TikTok.Posting;
using TikTokStudio.TikTok.Tests.TestSupport;
using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>Request builders and multi-call steps shared by the contract tests.</summary>
public static class ContractSteps
{
    /// <summary>No backoff between chunk retries: the emulator answers at once.</summary>
    public static readonly UploadOptions NoDelay = new() { RetryBaseDelay = TimeSpan.Zero };

    public static DirectVideoInitRequest DirectFile(ChunkPlan plan, string privacyLevel = TikTokPrivacyLevel.PublicToEveryone, string? title = null) => new()
    {
        PostInfo = new VideoPostInfo
        {
            PrivacyLevel = privacyLevel,
            Title = title,
            DisableComment = false,
            DisableDuet = true,
            DisableStitch = false,
            VideoCoverTimestampMs = 1_500,
            IsAigc = true,
        },
        SourceInfo = VideoSourceInfo.FileUpload(plan),
    };

    /// <summary>Lower-case hex SHA-256 of the first <paramref name="size"/> bytes of a <see cref="SyntheticStream"/>.</summary>
    public static string Sha256Hex(long size)
    {
        using var stream = new SyntheticStream(size);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Direct-posts a synthetic video of <paramref name="size"/> bytes: plan, init, upload every chunk.</summary>
    public static async Task<(PublishInitResult Init, UploadResult Upload)> DirectPostFileAsync(ContractHost host, string token, long size,
        string privacyLevel = TikTokPrivacyLevel.PublicToEveryone, long? chunkSize = null)
    {
        var plan = ChunkPlanner.Plan(size, chunkSize);
        var init = await host.Posting.InitDirectVideoAsync(token, DirectFile(plan, privacyLevel));
        await using var stream = new SyntheticStream(size);
        var upload = await host.Uploader.UploadAsync(new Uri(init.UploadUrl!), stream, plan, options: NoDelay);
        return (init, upload);
    }

    /// <summary>A one-chunk FILE_UPLOAD source of <paramref name="size"/> bytes (for inits whose bytes a test never sends).</summary>
    public static VideoSourceInfo SmallFile(long size = 1_000) => VideoSourceInfo.FileUpload(ChunkPlanner.Plan(size));
}
