namespace TikTokStudio.Web.Features.Media.Probing;

/// <summary>
/// Identifies a file from its first bytes (magic numbers), never from its name or the type the browser declared,
/// and reads its metadata with the small parsers of this folder. Null: the bytes are no video or image TikTok takes.
/// </summary>
public static class MediaProber
{
    public const string NotMediaMessage = "This file is not a video or image TikTok accepts.";

    public static MediaProbe? ProbeFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024);
        return Probe(stream);
    }

    /// <summary>Reads a seekable stream; returns null for unknown or malformed content instead of throwing.</summary>
    public static MediaProbe? Probe(Stream stream)
    {
        if (!stream.CanSeek) throw new ArgumentException("Probing needs a seekable stream.", nameof(stream));
        Span<byte> head = stackalloc byte[16];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        try
        {
            if (IsoBmffParser.LooksLikeIsoBmff(head)) return IsoBmffParser.Parse(stream);
            if (MatroskaParser.LooksLikeEbml(head)) return MatroskaParser.Parse(stream);
            if (ImageParsers.LooksLikeJpeg(head)) return ImageParsers.ParseJpeg(stream);
            if (ImageParsers.LooksLikePng(head)) return ImageParsers.ParsePng(stream);
            if (ImageParsers.LooksLikeWebP(head)) return ImageParsers.ParseWebP(stream);
            return null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentOutOfRangeException
                                       or IndexOutOfRangeException or OverflowException)
        {
            return null; // truncated or corrupt: as far as TikTok is concerned, not a video or image
        }
    }
}
