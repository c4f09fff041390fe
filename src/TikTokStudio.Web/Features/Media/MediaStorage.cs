namespace TikTokStudio.Web.Features.Media;

/// <summary>
/// Where media bytes live: {media directory}/{workspaceId}/{mediaId}, the media directory being
/// <c>Storage:MediaDirectory</c> (a volume every instance mounts, when there are several) or {dataDirectory}/media.
/// Stored paths are "media/{workspaceId}/{mediaId}" either way. Names are ours, never the uploader's.
/// </summary>
public sealed class MediaStorage(string dataDirectory, string? mediaDirectory = null)
{
    public string DataDirectory { get; } = dataDirectory;

    public string MediaDirectory { get; } = Path.GetFullPath(mediaDirectory ?? Path.Combine(dataDirectory, "media"));

    public static string RelativePathFor(Guid workspaceId, Guid mediaId) => $"media/{workspaceId:N}/{mediaId:N}";

    public string FullPath(string relativePath)
    {
        var inMedia = relativePath.StartsWith("media/", StringComparison.Ordinal) ? relativePath["media/".Length..] : "../" + relativePath;
        var full = Path.GetFullPath(Path.Combine(MediaDirectory, inMedia));
        var root = MediaDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        // Stored paths are ours, but a path outside media/ must never be served or deleted.
        return full.StartsWith(root, StringComparison.Ordinal) ? full : throw new InvalidOperationException("A media path left the media folder.");
    }

    public string FullPath(MediaFile file) => FullPath(file.StoragePath);

    /// <summary>Bytes on disk so far (the tus offset); 0 when the file is missing.</summary>
    public long LengthOnDisk(MediaFile file)
    {
        var info = new FileInfo(FullPath(file));
        return info.Exists ? info.Length : 0;
    }

    public void CreateEmpty(MediaFile file)
    {
        var path = FullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var _ = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
    }

    /// <summary>The poster frame (video) or preview (photo) beside the file's bytes.</summary>
    public string ThumbnailPath(MediaFile file) => FullPath(file) + ".thumb.jpg";

    /// <summary>The cover picker's strip of frames beside a video's bytes.</summary>
    public string StripPath(MediaFile file) => FullPath(file) + ".strip.jpg";

    /// <summary>Where conversions write until they succeed: inside the media folder, so the final move is a rename.</summary>
    public string ConversionTempPath(Guid conversionId) => Path.Combine(MediaDirectory, "converting", $"{conversionId:N}.mp4");

    /// <summary>Removes the file's bytes and everything made from them (its frames).</summary>
    public void Delete(MediaFile file)
    {
        foreach (var path in new[] { FullPath(file), ThumbnailPath(file), StripPath(file) })
        {
            try { File.Delete(path); }
            catch (DirectoryNotFoundException) { }
        }
    }
}
