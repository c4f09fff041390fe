using System.Text;

namespace TikTokStudio.Web.Features.Media.Tus;

/// <summary>The tus Upload-Metadata header: comma-separated "key base64value" pairs (value may be absent).</summary>
public static class TusMetadata
{
    public static Dictionary<string, string> Parse(string? header)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header)) return values;
        foreach (var pair in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0) continue;
            var value = "";
            if (parts.Length == 2 && parts[1].Length > 0)
            {
                try { value = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])); }
                catch (FormatException) { throw new FormatException($"Upload-Metadata value of \"{parts[0]}\" is not base64."); }
            }
            values[parts[0]] = value;
        }
        return values;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join(",", values.Select(v => $"{v.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))}"));
}
