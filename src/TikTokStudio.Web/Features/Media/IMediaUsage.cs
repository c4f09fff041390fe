namespace TikTokStudio.Web.Features.Media;

/// <summary>
/// Says why a media file must not be deleted (e.g. "It is used by a post scheduled for 3 May, 10:00"), or null when
/// it may be. The posts feature replaces the default registration with its own implementation.
/// </summary>
public interface IMediaUsage
{
    Task<string?> WhyInUseAsync(Guid mediaId, CancellationToken ct);
}

/// <summary>Until posts exist, nothing uses media.</summary>
public sealed class NoMediaUsage : IMediaUsage
{
    public Task<string?> WhyInUseAsync(Guid mediaId, CancellationToken ct) => Task.FromResult<string?>(null);
}
