using System.Buffers.Binary;
using System.Text;

namespace TikTokStudio.Web.Features.Media.Probing;

/// <summary>
/// Reads MP4 and QuickTime (ISO base media file format) metadata from the box tree: ftyp brand, moov/mvhd duration,
/// and for the first video trak its coded size (stsd, turned by the tkhd matrix), timescale (mdhd), codec fourcc
/// (stsd) and frame rate (stts). Only the moov box is read into memory; media data (mdat) is skipped by seeking.
/// </summary>
public static class IsoBmffParser
{
    /// <summary>moov of a 10-minute 60 fps video is a few MB; anything far larger is not a file we should trust.</summary>
    private const long MaxMoovBytes = 64L * 1024 * 1024;

    private static readonly HashSet<string> TopLevelTypes = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "uuid", "styp", "sidx", "moof"];

    /// <summary>True when the first box of the file has a type an MP4/MOV file starts with and a plausible size.</summary>
    public static bool LooksLikeIsoBmff(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8) return false;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var type = Encoding.ASCII.GetString(head.Slice(4, 4));
        return TopLevelTypes.Contains(type) && (size is 0 or 1 || size >= 8);
    }

    public static MediaProbe? Parse(Stream stream)
    {
        var length = stream.Length;
        string? majorBrand = null;
        byte[]? moov = null;
        var position = 0L;
        Span<byte> header = stackalloc byte[16];

        while (position + 8 <= length && moov is null)
        {
            stream.Position = position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header.Slice(4, 4));
            var headerSize = 8;
            if (size == 1)
            {
                stream.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - position;
            }
            if (size < headerSize || position + size > length) return null;

            if (type == "ftyp" && position == 0 && size >= 12)
            {
                stream.ReadExactly(header[..4]);
                majorBrand = Encoding.ASCII.GetString(header[..4]);
            }
            else if (type == "moov")
            {
                var bodyLength = size - headerSize;
                if (bodyLength > MaxMoovBytes) return null;
                moov = new byte[bodyLength];
                stream.ReadExactly(moov);
            }
            position += size;
        }
        if (moov is null) return null;

        // QuickTime files say "qt  " in ftyp, or (old ones) have no ftyp at all.
        var container = majorBrand is null or "qt  " ? MediaContainer.Mov : MediaContainer.Mp4;
        return ReadMovie(moov, container, length);
    }

    private static MediaProbe ReadMovie(byte[] moov, MediaContainer container, long sizeBytes)
    {
        long? durationMs = null;
        VideoTrack? video = null;
        foreach (var (type, start, end) in Children(moov, 0, moov.Length))
        {
            if (type == "mvhd")
            {
                var box = moov.AsSpan(start, end - start);
                var version = box[0];
                uint timescale;
                ulong duration;
                if (version == 1)
                {
                    timescale = BinaryPrimitives.ReadUInt32BigEndian(box[20..]);
                    duration = BinaryPrimitives.ReadUInt64BigEndian(box[24..]);
                }
                else
                {
                    timescale = BinaryPrimitives.ReadUInt32BigEndian(box[12..]);
                    duration = BinaryPrimitives.ReadUInt32BigEndian(box[16..]);
                }
                if (timescale > 0 && duration > 0 && duration != uint.MaxValue)
                {
                    durationMs = (long)Math.Round(duration * 1000.0 / timescale);
                }
            }
            else if (type == "trak" && video is null)
            {
                video = ReadTrack(moov, start, end);
            }
        }
        return new MediaProbe
        {
            Kind = MediaKind.Video,
            Container = container,
            SizeBytes = sizeBytes,
            Codec = video?.Codec,
            Width = video?.Width,
            Height = video?.Height,
            FrameRate = video?.FrameRate,
            DurationMs = durationMs ?? video?.DurationMs,
        };
    }

    private sealed record VideoTrack(string Codec, int? Width, int? Height, double? FrameRate, long? DurationMs);

    private static VideoTrack? ReadTrack(byte[] data, int start, int end)
    {
        bool rotated = false;
        int? tkhdWidth = null, tkhdHeight = null;
        string? handler = null;
        uint timescale = 0;
        long? durationMs = null;
        string? codec = null;
        int? width = null, height = null;
        double? frameRate = null;

        foreach (var (type, s, e) in Children(data, start, end))
        {
            if (type == "tkhd")
            {
                var box = data.AsSpan(s, e - s);
                var matrixOffset = box[0] == 1 ? 4 + 32 + 8 + 8 : 4 + 20 + 8 + 8;
                if (box.Length >= matrixOffset + 44)
                {
                    var a = BinaryPrimitives.ReadInt32BigEndian(box[matrixOffset..]);
                    var d = BinaryPrimitives.ReadInt32BigEndian(box[(matrixOffset + 16)..]);
                    rotated = a == 0 && d == 0; // 90 or 270 degrees: a phone's portrait video stored landscape
                    tkhdWidth = BinaryPrimitives.ReadInt32BigEndian(box[(matrixOffset + 36)..]) >> 16;
                    tkhdHeight = BinaryPrimitives.ReadInt32BigEndian(box[(matrixOffset + 40)..]) >> 16;
                }
            }
            else if (type == "mdia")
            {
                foreach (var (mt, ms, me) in Children(data, s, e))
                {
                    var box = data.AsSpan(ms, me - ms);
                    if (mt == "hdlr" && box.Length >= 12)
                    {
                        handler = Encoding.ASCII.GetString(box.Slice(8, 4));
                    }
                    else if (mt == "mdhd")
                    {
                        ulong duration;
                        if (box[0] == 1)
                        {
                            timescale = BinaryPrimitives.ReadUInt32BigEndian(box[20..]);
                            duration = BinaryPrimitives.ReadUInt64BigEndian(box[24..]);
                        }
                        else
                        {
                            timescale = BinaryPrimitives.ReadUInt32BigEndian(box[12..]);
                            duration = BinaryPrimitives.ReadUInt32BigEndian(box[16..]);
                        }
                        if (timescale > 0 && duration > 0 && duration != uint.MaxValue) durationMs = (long)Math.Round(duration * 1000.0 / timescale);
                    }
                    else if (mt == "minf")
                    {
                        foreach (var (it, @is, ie) in Children(data, ms, me))
                        {
                            if (it != "stbl") continue;
                            foreach (var (st, ss, se) in Children(data, @is, ie))
                            {
                                var table = data.AsSpan(ss, se - ss);
                                if (st == "stsd" && table.Length >= 8 + 36 && BinaryPrimitives.ReadUInt32BigEndian(table[4..]) > 0)
                                {
                                    var entry = table[8..];
                                    codec = Encoding.ASCII.GetString(entry.Slice(4, 4));
                                    width = BinaryPrimitives.ReadUInt16BigEndian(entry[32..]);
                                    height = BinaryPrimitives.ReadUInt16BigEndian(entry[34..]);
                                }
                                else if (st == "stts" && table.Length >= 8)
                                {
                                    frameRate = FrameRateFromStts(table, timescale);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (handler != "vide" || codec is null) return null;
        if (width is null or 0 || height is null or 0) (width, height) = (tkhdWidth, tkhdHeight);
        if (rotated) (width, height) = (height, width);
        return new VideoTrack(MediaProbe.NameCodec(codec), width, height, frameRate, durationMs);
    }

    /// <summary>Average frame rate: samples per second over the track's time-to-sample table.</summary>
    private static double? FrameRateFromStts(ReadOnlySpan<byte> table, uint timescale)
    {
        if (timescale == 0) return null;
        var entries = BinaryPrimitives.ReadUInt32BigEndian(table[4..]);
        ulong samples = 0, ticks = 0;
        for (var i = 0; i < entries && 8 + (i + 1) * 8 <= table.Length; i++)
        {
            var count = BinaryPrimitives.ReadUInt32BigEndian(table[(8 + i * 8)..]);
            var delta = BinaryPrimitives.ReadUInt32BigEndian(table[(12 + i * 8)..]);
            samples += count;
            ticks += (ulong)count * delta;
        }
        if (samples == 0 || ticks == 0) return null;
        return Math.Round(samples * (double)timescale / ticks, 3);
    }

    /// <summary>The child boxes of a container box body: type and body range (after the header).</summary>
    private static List<(string Type, int Start, int End)> Children(byte[] data, int start, int end)
    {
        var children = new List<(string, int, int)>();
        var position = start;
        while (position + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
            var type = Encoding.ASCII.GetString(data, position + 4, 4);
            var headerSize = 8;
            if (size == 1)
            {
                if (position + 16 > end) break;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(position + 8));
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }
            if (size < headerSize || position + size > end) break;
            children.Add((type, position + headerSize, (int)(position + size)));
            position += (int)size;
        }
        return children;
    }
}
