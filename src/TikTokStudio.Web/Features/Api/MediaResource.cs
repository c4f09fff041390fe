using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Web.Features.Api;

/// <summary>
/// The media resource: a file pulled from an https URL into the library (then checked like any upload), and a file's
/// check results. Uploads by tus with the API key go through the same tus endpoint as the app's (mounted under the API).
/// </summary>
public sealed class MediaResource(MediaService media, MediaUrlPull puller)
{
    public async Task<MediaResource.Result> PullAsync(ApiMediaPullRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Url))
            return ApiProblems.Validation("Send url: the https address of the video or photo.", PostsResource.Group([("url", "Required.")]));
        var pulled = await puller.PullAsync(request.Url, ct);
        if (pulled.Forbidden) return ApiProblems.Forbidden(pulled.Error!);
        if (pulled.MediaId is not { } id) return ApiProblems.Validation("The media URL was refused: " + pulled.Error, PostsResource.Group([("url", pulled.Error!)]));
        var stored = await media.Files.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        return new Result(ToApi(stored), null, StatusCodes.Status201Created);
    }

    public async Task<ApiMedia?> GetAsync(Guid id, CancellationToken ct) =>
        await media.Files.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } file ? ToApi(file) : null;

    public static ApiMedia ToApi(MediaFile file) => new(
        file.Id, file.OriginalFileName, file.ContentType, file.Kind.ToString().ToLowerInvariant(),
        file.Status.ToString().ToLowerInvariant(), file.SizeBytes, file.DurationMs, file.Width, file.Height, file.FrameRate, file.Codec,
        file.CanBePosted, file.RejectionReason,
        file.Checks.Select(c => new ApiMediaCheck(c.Name, c.Outcome.ToString().ToLowerInvariant(), c.Reason)).ToList(),
        file.CreatedAt);

    public sealed record Result(ApiMedia? Value, ApiProblem? Problem, int Status = 200)
    {
        public static implicit operator Result(ApiProblem problem) => new(null, problem, problem.Status);
    }
}
