using System.Buffers.Binary;

namespace TikTokStudio.Web.Features.Media.Probing;

/// <summary>Dimensions of JPEG (start-of-frame segment), PNG (IHDR) and WebP (VP8, VP8L or VP8X chunk) images.</summary>
public static class ImageParsers
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool LooksLikeJpeg(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;
    public static bool LooksLikePng(ReadOnlySpan<byte> head) => head.StartsWith(PngSignature);
    public static bool LooksLikeWebP(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8);

    public static MediaProbe? ParseJpeg(Stream stream)
    {
        stream.Position = 2;
        Span<byte> segment = stackalloc byte[7];
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return null;
            if (b != 0xFF) continue; // tolerate garbage between segments, as decoders do
            int marker;
            do { marker = stream.ReadByte(); } while (marker == 0xFF); // fill bytes
            if (marker < 0) return null;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7) or 0x00) continue; // stand-alone markers carry no length
            if (marker is 0xD9 or 0xDA) return null; // end of image / start of scan before any frame header
            stream.ReadExactly(segment[..2]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(segment);
            if (length < 2) return null;
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                stream.ReadExactly(segment[..5]);
                return Photo(MediaContainer.Jpeg, stream.Length,
                    width: BinaryPrimitives.ReadUInt16BigEndian(segment[3..]),
                    height: BinaryPrimitives.ReadUInt16BigEndian(segment[1..]));
            }
            stream.Position += length - 2;
        }
    }

    public static MediaProbe? ParsePng(Stream stream)
    {
        Span<byte> head = stackalloc byte[24];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (!head.Slice(12, 4).SequenceEqual("IHDR"u8)) return null;
        return Photo(MediaContainer.Png, stream.Length,
            width: (int)BinaryPrimitives.ReadUInt32BigEndian(head[16..]),
            height: (int)BinaryPrimitives.ReadUInt32BigEndian(head[20..]));
    }

    public static MediaProbe? ParseWebP(Stream stream)
    {
        Span<byte> head = stackalloc byte[30];
        stream.Position = 0;
        stream.ReadExactly(head);
        var chunk = head.Slice(12, 4);
        var data = head[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Lossy: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height (2 scale bits above each).
            if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A) return null;
            return Photo(MediaContainer.WebP, stream.Length,
                width: BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF,
                height: BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then 14 bits width-1 and 14 bits height-1.
            if (data[0] != 0x2F) return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return Photo(MediaContainer.WebP, stream.Length, width: (int)(bits & 0x3FFF) + 1, height: (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Extended: 4 bytes of flags, then 24-bit canvas width-1 and height-1.
            var width = data[4] | (data[5] << 8) | (data[6] << 16);
            var height = data[7] | (data[8] << 8) | (data[9] << 16);
            return Photo(MediaContainer.WebP, stream.Length, width + 1, height + 1);
        }
        return null;
    }

    private static MediaProbe Photo(MediaContainer container, long size, int width, int height) => new()
    {
        Kind = MediaKind.Photo,
        Container = container,
        SizeBytes = size,
        Width = width,
        Height = height,
    };
}
