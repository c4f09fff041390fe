namespace TikTokStudio.Web.Features.Media;

/// <summary>
/// Says why a media file must not be deleted (e.g. "It is used by a post scheduled for 3 May, 10:00"), or null when
/// it may be. Implemented by the posts feature (Features/Posts/PostMediaUsage.cs).
/// </summary>
public interface IMediaUsage
{
    Task<string?> WhyInUseAsync(Guid mediaId, CancellationToken ct);
}
