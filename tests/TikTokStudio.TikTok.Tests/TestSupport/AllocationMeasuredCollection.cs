namespace TikTokStudio.TikTok.Tests.TestSupport;

/// <summary>
/// For tests that assert on GC.GetTotalAllocatedBytes: it counts every thread of the process, so tests running
/// alongside (the contract tests start Kestrel hosts) would be measured too. xUnit runs this collection after the
/// parallel ones, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuredCollection
{
    public const string Name = "Allocation measured, run alone";
}
