using TikTokStudio.TikTok.Upload;

namespace TikTokStudio.TikTok.Tests.Upload;

public class ChunkPlannerTests
{
    [Fact]
    public void Chunk_Plan_Follows_The_Worked_Example()
    {
        // Arrange: §8.1's example, 50,000,123 bytes in 10,000,000-byte chunks.
        const long size = 50_000_123;

        // Act
        var plan = ChunkPlanner.Plan(size, 10_000_000);

        // Assert
        Assert.Equal(size, plan.VideoSize);
        Assert.Equal(10_000_000, plan.ChunkSize);
        Assert.Equal(5, plan.TotalChunkCount);
        Assert.Equal(
            [(0L, 9_999_999L), (10_000_000L, 19_999_999L), (20_000_000L, 29_999_999L), (30_000_000L, 39_999_999L), (40_000_000L, 50_000_122L)],
            plan.Chunks.Select(c => (c.First, c.Last)).ToArray());
        Assert.Equal(10_000_123, plan.GetChunk(4).Length);
        Assert.Equal(10_000_123, plan.LastChunkSize);
    }

    [Fact]
    public void Whole_File_Example_Is_One_Chunk_Of_Its_Own_Size()
    {
        // Act: §8.1's 4,194,304-byte example.
        var plan = ChunkPlanner.Plan(4_194_304);

        // Assert
        Assert.Equal(1, plan.TotalChunkCount);
        Assert.Equal(4_194_304, plan.ChunkSize);
        var only = Assert.Single(plan.Chunks);
        Assert.Equal(0, only.First);
        Assert.Equal(4_194_303, only.Last);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(4_999_999L)]
    [InlineData(5_000_000L)] // 5 MB in the 10^6 reading, still under 5 MiB
    [InlineData(5_242_879L)]
    public void Files_Under_5_MB_Go_In_One_Piece(long size)
    {
        // Act
        var plan = ChunkPlanner.Plan(size, 5_242_880);

        // Assert
        Assert.Equal(1, plan.TotalChunkCount);
        Assert.Equal(size, plan.ChunkSize);
        Assert.Equal(size - 1, plan.GetChunk(0).Last);
    }

    [Fact]
    public void Exactly_5_MiB_Is_One_Chunk()
    {
        // Act
        var plan = ChunkPlanner.Plan(5_242_880);

        // Assert
        Assert.Equal(1, plan.TotalChunkCount);
        Assert.Equal(5_242_880, plan.ChunkSize);
    }

    [Fact]
    public void File_Of_64_Million_Bytes_May_Be_Sent_Whole()
    {
        // Act: the largest single chunk inside both readings of "64 MB".
        var plan = ChunkPlanner.Plan(64_000_000, 64_000_000);

        // Assert
        Assert.Equal(1, plan.TotalChunkCount);
        Assert.Equal(64_000_000, plan.ChunkSize);
    }

    [Fact]
    public void File_Of_64_MiB_Is_Chunked_Because_It_Is_Over_64_Million_Bytes()
    {
        // Act
        var plan = ChunkPlanner.Plan(64L * 1024 * 1024);

        // Assert: default 10,000,000 → 6 chunks, the last absorbs the 7,108,864 left over.
        Assert.Equal(6, plan.TotalChunkCount);
        Assert.Equal(10_000_000, plan.ChunkSize);
        Assert.Equal(17_108_864, plan.LastChunkSize);
    }

    [Theory]
    [InlineData(64_000_001L, 64_000_000L)]
    [InlineData(100_000_001L, 60_000_000L)]
    [InlineData(127_999_999L, 64_000_000L)]
    public void Files_Over_64_MB_Are_Chunked_Even_With_A_Large_Requested_Chunk(long size, long requested)
    {
        // Act
        var plan = ChunkPlanner.Plan(size, requested);

        // Assert
        Assert.True(plan.TotalChunkCount >= 2);
        Assert.InRange(plan.ChunkSize, ChunkPlanner.MinChunkSize, ChunkPlanner.MaxChunkSize);
        Assert.InRange(plan.LastChunkSize, plan.ChunkSize, ChunkPlanner.MaxLastChunkSize);
        Assert.Equal(size / plan.ChunkSize, plan.TotalChunkCount);
        Assert.Equal(size - 1, plan.GetChunk(plan.TotalChunkCount - 1).Last);
    }

    [Fact]
    public void Four_GiB_Is_Accepted_And_Stays_Inside_Every_Limit()
    {
        // Act
        var plan = ChunkPlanner.Plan(ChunkPlanner.MaxVideoSize);

        // Assert
        Assert.Equal(429, plan.TotalChunkCount);
        Assert.Equal(14_967_296, plan.LastChunkSize);
        Assert.Equal(ChunkPlanner.MaxVideoSize - 1, plan.Chunks.Last().Last);
    }

    [Fact]
    public void Smallest_Chunk_On_The_Largest_File_Stays_Under_1000_Chunks()
    {
        // Act
        var plan = ChunkPlanner.Plan(ChunkPlanner.MaxVideoSize, ChunkPlanner.MinChunkSize);

        // Assert
        Assert.Equal(819, plan.TotalChunkCount);
        Assert.True(plan.TotalChunkCount <= ChunkPlanner.MaxChunkCount);
        Assert.True(plan.LastChunkSize <= ChunkPlanner.MaxLastChunkSize);
    }

    [Fact]
    public void Chunks_Are_Contiguous_And_Cover_The_File()
    {
        // Arrange
        var plan = ChunkPlanner.Plan(987_654_321, 7_777_777);

        // Act
        var chunks = plan.Chunks.ToArray();

        // Assert
        Assert.Equal(0, chunks[0].First);
        for (var i = 1; i < chunks.Length; i++) Assert.Equal(chunks[i - 1].Last + 1, chunks[i].First);
        Assert.Equal(plan.VideoSize - 1, chunks[^1].Last);
        Assert.All(chunks[..^1], c => Assert.Equal(7_777_777, c.Length));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(4L * 1024 * 1024 * 1024 + 1)]
    public void Impossible_Sizes_Are_Rejected(long size)
    {
        // Act + Assert
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlanner.Plan(size));
        Assert.Equal("videoSize", ex.ParamName);
    }

    [Theory]
    [InlineData(5_242_879L)]
    [InlineData(64_000_001L)]
    [InlineData(67_108_864L)]
    public void Chunk_Sizes_Outside_Both_Readings_Are_Rejected(long chunkSize)
    {
        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPlanner.Plan(500_000_000, chunkSize));
    }

    [Fact]
    public void Resume_Offset_Must_Be_A_Chunk_Boundary()
    {
        // Arrange
        var plan = ChunkPlanner.Plan(50_000_123, 10_000_000);

        // Act + Assert
        Assert.Equal(3, plan.ChunkIndexAt(30_000_000));
        Assert.Equal(5, plan.ChunkIndexAt(50_000_123));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ChunkIndexAt(30_000_001));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ChunkIndexAt(50_000_000));
    }
}
