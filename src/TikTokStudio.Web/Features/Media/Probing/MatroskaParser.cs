using System.Buffers.Binary;
using System.Text;

namespace TikTokStudio.Web.Features.Media.Probing;

/// <summary>
/// Reads WebM and Matroska (EBML) metadata: DocType from the EBML header, Duration × TimecodeScale from Segment/Info,
/// and for the first video TrackEntry its CodecID, PixelWidth/PixelHeight and DefaultDuration (→ frame rate).
/// Walks the Segment's top-level elements by seeking and stops at the first Cluster once Info and Tracks were read.
/// </summary>
public static class MatroskaParser
{
    private const uint EbmlId = 0x1A45DFA3, DocTypeId = 0x4282;
    private const uint SegmentId = 0x18538067, InfoId = 0x1549A966, TracksId = 0x1654AE6B, ClusterId = 0x1F43B675;
    private const uint TimecodeScaleId = 0x2AD7B1, DurationId = 0x4489;
    private const uint TrackEntryId = 0xAE, TrackTypeId = 0x83, CodecIdId = 0x86, DefaultDurationId = 0x23E383, VideoId = 0xE0;
    private const uint PixelWidthId = 0xB0, PixelHeightId = 0xBA;
    private const long MaxMasterBytes = 16L * 1024 * 1024;

    public static bool LooksLikeEbml(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) == EbmlId;

    public static MediaProbe? Parse(Stream stream)
    {
        var length = stream.Length;
        stream.Position = 0;
        var (id, size) = ReadElementHeader(stream);
        if (id != EbmlId || size is null or > 4096) return null;
        var header = new byte[size.Value];
        stream.ReadExactly(header);
        string? docType = null;
        foreach (var (childId, s, e) in Children(header, 0, header.Length))
        {
            if (childId == DocTypeId) docType = Encoding.ASCII.GetString(header, s, e - s).TrimEnd('\0');
        }
        if (docType is not ("webm" or "matroska")) return null;

        (id, size) = ReadElementHeader(stream);
        if (id != SegmentId) return null;
        var segmentEnd = size is { } known ? Math.Min(length, stream.Position + known) : length;

        byte[]? info = null, tracks = null;
        while (stream.Position < segmentEnd && (info is null || tracks is null))
        {
            (id, size) = ReadElementHeader(stream);
            if (id == ClusterId || size is null) break; // media data (or a live stream's unknown-size element): the header part is over
            if (size > segmentEnd - stream.Position) break;
            if (id is InfoId or TracksId)
            {
                if (size > MaxMasterBytes) return null;
                var body = new byte[size.Value];
                stream.ReadExactly(body);
                if (id == InfoId) info = body; else tracks = body;
            }
            else
            {
                stream.Position += size.Value;
            }
        }
        if (tracks is null) return null;

        long? durationMs = null;
        if (info is not null)
        {
            ulong timecodeScale = 1_000_000;
            double? duration = null;
            foreach (var (childId, s, e) in Children(info, 0, info.Length))
            {
                if (childId == TimecodeScaleId) timecodeScale = ReadUnsigned(info.AsSpan(s, e - s));
                else if (childId == DurationId) duration = ReadFloat(info.AsSpan(s, e - s));
            }
            if (duration is > 0) durationMs = (long)Math.Round(duration.Value * timecodeScale / 1_000_000.0);
        }

        string? codec = null;
        int? width = null, height = null;
        double? frameRate = null;
        foreach (var (entryId, es, ee) in Children(tracks, 0, tracks.Length))
        {
            if (entryId != TrackEntryId) continue;
            ulong trackType = 0, defaultDuration = 0;
            string? codecId = null;
            int? w = null, h = null;
            foreach (var (childId, s, e) in Children(tracks, es, ee))
            {
                var value = tracks.AsSpan(s, e - s);
                switch (childId)
                {
                    case TrackTypeId: trackType = ReadUnsigned(value); break;
                    case CodecIdId: codecId = Encoding.ASCII.GetString(value).TrimEnd('\0'); break;
                    case DefaultDurationId: defaultDuration = ReadUnsigned(value); break;
                    case VideoId:
                        foreach (var (videoId, vs, ve) in Children(tracks, s, e))
                        {
                            if (videoId == PixelWidthId) w = (int)ReadUnsigned(tracks.AsSpan(vs, ve - vs));
                            else if (videoId == PixelHeightId) h = (int)ReadUnsigned(tracks.AsSpan(vs, ve - vs));
                        }
                        break;
                }
            }
            if (trackType != 1 || codecId is null) continue; // 1 = video
            codec = MediaProbe.NameCodec(codecId);
            (width, height) = (w, h);
            if (defaultDuration > 0) frameRate = Math.Round(1_000_000_000.0 / defaultDuration, 3);
            break;
        }

        return new MediaProbe
        {
            Kind = MediaKind.Video,
            Container = docType == "webm" ? MediaContainer.WebM : MediaContainer.Matroska,
            SizeBytes = length,
            Codec = codec,
            Width = width,
            Height = height,
            FrameRate = frameRate,
            DurationMs = durationMs,
        };
    }

    /// <summary>Element ID (marker bits kept, as the spec writes IDs) and data size (null: unknown size).</summary>
    private static (uint Id, long? Size) ReadElementHeader(Stream stream)
    {
        var first = stream.ReadByte();
        if (first <= 0) throw new EndOfStreamException();
        var idLength = LengthOf((byte)first);
        if (idLength > 4) throw new InvalidDataException("EBML ID longer than 4 bytes.");
        uint id = (uint)first;
        for (var i = 1; i < idLength; i++) id = (id << 8) | (uint)ReadByte(stream);

        var sizeFirst = ReadByte(stream);
        var sizeLength = LengthOf((byte)sizeFirst);
        if (sizeLength > 8) throw new InvalidDataException("EBML size longer than 8 bytes.");
        ulong size = (ulong)(sizeFirst & (0xFF >> sizeLength));
        var allOnes = size == (ulong)(0xFF >> sizeLength);
        for (var i = 1; i < sizeLength; i++)
        {
            var b = ReadByte(stream);
            allOnes &= b == 0xFF;
            size = (size << 8) | (uint)b;
        }
        return (id, allOnes ? null : (long)size);
    }

    private static int ReadByte(Stream stream) => stream.ReadByte() is var b and >= 0 ? b : throw new EndOfStreamException();

    /// <summary>Bytes in a variable-length integer, from the position of the first set bit of its first byte.</summary>
    private static int LengthOf(byte first) => first == 0 ? 9 : System.Numerics.BitOperations.LeadingZeroCount((uint)first) - 24 + 1;

    private static List<(uint Id, int Start, int End)> Children(byte[] data, int start, int end)
    {
        var children = new List<(uint, int, int)>();
        var position = start;
        while (position < end)
        {
            var idLength = LengthOf(data[position]);
            if (idLength > 4 || position + idLength >= end) break;
            uint id = 0;
            for (var i = 0; i < idLength; i++) id = (id << 8) | data[position + i];
            position += idLength;
            var sizeLength = LengthOf(data[position]);
            if (sizeLength > 8 || position + sizeLength > end) break;
            ulong size = (ulong)(data[position] & (0xFF >> sizeLength));
            for (var i = 1; i < sizeLength; i++) size = (size << 8) | data[position + i];
            position += sizeLength;
            if (size > (ulong)(end - position)) break;
            children.Add((id, position, position + (int)size));
            position += (int)size;
        }
        return children;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> value)
    {
        ulong result = 0;
        foreach (var b in value[..Math.Min(8, value.Length)]) result = (result << 8) | b;
        return result;
    }

    private static double? ReadFloat(ReadOnlySpan<byte> value) => value.Length switch
    {
        4 => BinaryPrimitives.ReadSingleBigEndian(value),
        8 => BinaryPrimitives.ReadDoubleBigEndian(value),
        _ => null,
    };
}
