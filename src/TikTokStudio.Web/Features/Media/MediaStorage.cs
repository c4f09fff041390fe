namespace TikTokStudio.Web.Features.Media;

/// <summary>Where media bytes live: {dataDirectory}/media/{workspaceId}/{mediaId}. Names are ours, never the uploader's.</summary>
public sealed class MediaStorage(string dataDirectory)
{
    public string DataDirectory { get; } = dataDirectory;

    public static string RelativePathFor(Guid workspaceId, Guid mediaId) => $"media/{workspaceId:N}/{mediaId:N}";

    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(DataDirectory, relativePath));
        var root = Path.GetFullPath(Path.Combine(DataDirectory, "media")) + Path.DirectorySeparatorChar;
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

    public void Delete(MediaFile file)
    {
        try { File.Delete(FullPath(file)); }
        catch (DirectoryNotFoundException) { }
    }
}
