using System.Globalization;

namespace TikTokStudio.Web.Features.Posts.Compose;

public enum ComposeAction
{
    SaveDraft,
    PostNow,
    Schedule,
}

/// <summary>The per-account choices of the composer (each creator has their own privacy options and settings).</summary>
public sealed record TargetChoice(Guid AccountId, string? Privacy, bool AllowComment, bool AllowDuet, bool AllowStitch);

/// <summary>What the composer form sent, parsed without judging it (<see cref="ComposeRules"/> judges).</summary>
public sealed record ComposeInput
{
    public PostKind Kind { get; init; } = PostKind.Video;
    public Guid? VideoMediaId { get; init; }
    public IReadOnlyList<Guid> PhotoMediaIds { get; init; } = [];
    public int PhotoCoverIndex { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<TargetChoice> Targets { get; init; } = [];
    public bool DisclosureEnabled { get; init; }
    public bool YourBrand { get; init; }
    public bool BrandedContent { get; init; }
    public bool IsAiGenerated { get; init; }
    public bool AutoAddMusic { get; init; }
    public int? VideoCoverTimestampMs { get; init; }
    public ComposeAction Action { get; init; } = ComposeAction.Schedule;

    /// <summary>"yyyy-MM-ddTHH:mm" in the workspace's time zone, as a datetime-local input sends it.</summary>
    public string? ScheduleLocal { get; init; }

    /// <summary>Set when an existing draft or scheduled post is being edited.</summary>
    public Guid? EditPostId { get; init; }

    public TargetChoice? TargetFor(Guid accountId) => Targets.FirstOrDefault(t => t.AccountId == accountId);

    public static ComposeInput From(IFormCollection form)
    {
        static bool On(IFormCollection f, string name) => f[name].Any(v => v is "on" or "true");
        static Guid? GuidOf(string? value) => Guid.TryParse(value, out var id) ? id : null;
        static int? IntOf(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        var targets = form["account"].Select(GuidOf).OfType<Guid>().Distinct()
            .Select(id => new TargetChoice(id,
                NullIfEmpty(form[$"privacy.{id}"].FirstOrDefault()),
                On(form, $"comment.{id}"), On(form, $"duet.{id}"), On(form, $"stitch.{id}")))
            .ToList();

        return new ComposeInput
        {
            Kind = form["kind"].FirstOrDefault() == "photo" ? PostKind.Photo : PostKind.Video,
            VideoMediaId = GuidOf(form["video"].FirstOrDefault()),
            PhotoMediaIds = form["photo"].Select(GuidOf).OfType<Guid>().Distinct().ToList(),
            PhotoCoverIndex = IntOf(form["cover"].FirstOrDefault()) ?? 0,
            Title = form["title"].FirstOrDefault() ?? "",
            Description = form["description"].FirstOrDefault() ?? "",
            Targets = targets,
            DisclosureEnabled = On(form, "disclosure"),
            YourBrand = On(form, "yourBrand"),
            BrandedContent = On(form, "brandedContent"),
            IsAiGenerated = On(form, "aigc"),
            AutoAddMusic = On(form, "autoMusic"),
            VideoCoverTimestampMs = IntOf(form["coverMs"].FirstOrDefault()),
            Action = form["action"].FirstOrDefault() switch
            {
                "draft" => ComposeAction.SaveDraft,
                "now" => ComposeAction.PostNow,
                _ => ComposeAction.Schedule,
            },
            ScheduleLocal = NullIfEmpty(form["scheduleAt"].FirstOrDefault()),
            EditPostId = GuidOf(form["editPostId"].FirstOrDefault()),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
