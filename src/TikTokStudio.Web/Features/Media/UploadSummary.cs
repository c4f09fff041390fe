namespace TikTokStudio.Web.Features.Media;

/// <summary>The upload area's one-line status, counted from the files' current states so it never goes stale.</summary>
public static class UploadSummary
{
    public static string Text(IReadOnlyCollection<MediaUploader.UploadItem> items)
    {
        var uploading = items.Count(i => i.State == MediaUploader.UploadState.Uploading);
        var checking = items.Count(i => i.State == MediaUploader.UploadState.Checking);
        var done = items.Count(i => i.State == MediaUploader.UploadState.Done);
        var failed = items.Count(i => i.State == MediaUploader.UploadState.Failed);
        var parts = new List<string>();
        if (uploading > 0) parts.Add($"Uploading {Files(uploading)}");
        if (checking > 0) parts.Add($"checking {Files(checking)}");
        if (done > 0) parts.Add($"{Files(done)} uploaded");
        if (failed > 0) parts.Add($"{Files(failed)} not uploaded");
        if (parts.Count == 0) return "No uploads in progress.";
        var text = string.Join(", ", parts);
        text = char.ToUpperInvariant(text[0]) + text[1..];
        return uploading + checking == 0 ? text + ". All uploads finished." : text + ".";
    }

    private static string Files(int n) => n == 1 ? "1 file" : $"{n} files";
}
