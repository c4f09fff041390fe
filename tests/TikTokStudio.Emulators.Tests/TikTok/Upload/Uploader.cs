using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace TikTokStudio.Emulators.Tests.TikTok.Upload;

/// <summary>PUTs chunks of a generated video (byte i = i mod 251) as TikTok's media transfer guide describes.</summary>
public static class Uploader
{
    public static byte ByteAt(long position) => (byte)(position % 251);

    public static string ExpectedSha256(long size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < size; offset += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, size - offset);
            for (var i = 0; i < n; i++) buffer[i] = ByteAt(offset + i);
            hash.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<HttpResponseMessage> PutChunkAsync(HttpClient http, string uploadUrl, long first, long last, long total,
        string contentType = "video/mp4")
    {
        var content = new StreamContent(new PatternStream(first, last - first + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentLength = last - first + 1;
        content.Headers.ContentRange = new ContentRangeHeaderValue(first, last, total);
        return await http.PutAsync(uploadUrl, content);
    }

    /// <summary>Uploads a whole plan in order and returns every status code.</summary>
    public static async Task<List<HttpStatusCode>> UploadAllAsync(HttpClient http, string uploadUrl, long size, long chunkSize, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var first = i * chunkSize;
            var last = i == count - 1 ? size - 1 : first + chunkSize - 1;
            using var response = await PutChunkAsync(http, uploadUrl, first, last, size);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    /// <summary>A read-only stream producing the pattern from an offset, so a test never holds a whole chunk in memory.</summary>
    private sealed class PatternStream(long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = ByteAt(start + _position + i);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
