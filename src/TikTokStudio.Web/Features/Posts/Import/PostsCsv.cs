using System.Text;
using CsvHelper;
using TikTokStudio.Web.Features.Analytics;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>One data row of an import file: its cells by column name, changed in place when the user fixes them.</summary>
public sealed class ImportRow
{
    /// <summary>The row's number as a spreadsheet shows it: the header is row 1, so the first post is row 2.</summary>
    public required int Number { get; init; }
    public Dictionary<string, string> Cells { get; init; } = new(StringComparer.Ordinal);

    public string this[string column]
    {
        get => Cells.TryGetValue(column, out var value) ? value : "";
        set => Cells[column] = value ?? "";
    }

    public ImportRow Copy() => new() { Number = Number, Cells = new Dictionary<string, string>(Cells, StringComparer.Ordinal) };
}

/// <summary>A parsed file, or the one reason it cannot be read at all (then <see cref="Rows"/> is empty).</summary>
public sealed record ImportFile(string FileName, string Sha256, IReadOnlyList<ImportRow> Rows, string? Error, IReadOnlyList<string> Notes, char Separator)
{
    public bool IsReadable => Error is null;
}

/// <summary>
/// The posts CSV format, both ways: the template, reading an upload (CsvHelper), and the export. One list of columns
/// serves all three, so an exported file imports as it is.
/// </summary>
public static class PostsCsv
{
    public const int MaxRows = 500;
    public const long MaxBytes = 10 * 1024 * 1024;

    public const string PublishAt = "publish_at";
    public const string TimeZone = "timezone";
    public const string Account = "account";
    public const string Caption = "caption";
    public const string Media = "media";
    public const string Privacy = "privacy";
    public const string AllowComment = "allow_comment";
    public const string AllowDuet = "allow_duet";
    public const string AllowStitch = "allow_stitch";
    public const string BrandContent = "brand_content";
    public const string BrandOrganic = "brand_organic";
    public const string AiGenerated = "ai_generated";
    public const string CoverMs = "cover_ms";

    /// <summary>Photo posts only: TikTok's photo title (90 characters); their <see cref="Caption"/> is the description.</summary>
    public const string Title = "title";

    /// <summary>The columns in the order the template and the export write them.</summary>
    public static readonly IReadOnlyList<string> Columns =
        [PublishAt, TimeZone, Account, Caption, Media, Privacy, AllowComment, AllowDuet, AllowStitch, BrandContent, BrandOrganic, AiGenerated, CoverMs, Title];

    /// <summary>Without these a row cannot become a post, so a file lacking one of them is refused as a whole.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = [Account, Media];

    /// <summary>Several photos of one carousel go in one media cell, in order, separated by this.</summary>
    public const char MediaSeparator = '|';

    public const string DateFormat = "yyyy-MM-dd HH:mm";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>What CsvHelper's injection escaping writes in front of a risky cell; an import takes it off again.</summary>
    private const char InjectionEscape = '\'';
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static byte[] Template() => CsvExport.Write([.. Columns],
    [
        ["2026-03-02 09:00", "", "@your_account", "Monday motivation ☕ #coffee", "launch.mp4", "PUBLIC_TO_EVERYONE", "true", "false", "false", "false", "false", "false", "1000", ""],
        ["2026-03-03 18:30", "Europe/Berlin", "@your_account", "Behind the scenes,\nwith a second line", "photo-1.jpg|photo-2.jpg", "Followers", "true", "", "", "false", "true", "false", "", "Our studio"],
    ]);

    /// <summary>Rows of posts in the import's format (formula injection neutralized by <see cref="CsvExport"/>).</summary>
    public static byte[] Write(IEnumerable<IReadOnlyDictionary<string, string>> rows) =>
        CsvExport.Write([.. Columns], rows.Select(row => (IReadOnlyList<string?>)Columns.Select(c => row.TryGetValue(c, out var v) ? v : "").ToList()));

    /// <summary>
    /// Reads an upload: UTF-8 with or without a byte order mark, ',' or ';' between fields (whichever the header row
    /// uses), quoted fields with line breaks. Nothing here judges the values; the checker does.
    /// </summary>
    public static ImportFile Parse(byte[] bytes, string fileName)
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        ImportFile Refuse(string why) => new(fileName, sha, [], why, [], ',');
        if (bytes.LongLength > MaxBytes) return Refuse(TooBig(fileName, bytes.LongLength));
        var body = bytes.AsSpan().StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
        if (body.Length == 0 || body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            return Refuse($"{fileName} is empty. Start from the template: its first row names the columns.");
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Refuse($"{fileName} is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\".");
        }
        var separator = DetectSeparator(text);
        var rows = new List<ImportRow>();
        var notes = new List<string>();
        try
        {
            using var reader = CsvReader.Create(Encoding.UTF8.GetBytes(text), new CsvReaderOptions
            {
                Separator = separator,
                HasHeader = true,
                AllowLineBreaksInQuotes = true,
                SkipEmptyLines = true,
                DetectSeparatorHint = false,
            });
            var headers = reader.Headers.Select(NormalizeHeader).ToList();
            var missing = RequiredColumns.Where(c => !headers.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                return Refuse($"{fileName} has no {string.Join(" or ", missing.Select(c => $"\"{c}\""))} column. The first row must name the columns: " +
                    $"{string.Join(", ", Columns)} (download the template).");
            }
            var unknown = headers.Where(h => h.Length > 0 && !Columns.Contains(h)).Distinct().ToList();
            if (unknown.Count > 0) notes.Add($"These columns are not part of the format and were ignored: {string.Join(", ", unknown)}.");
            var dataRows = 0;
            while (reader.Read())
            {
                dataRows++;
                if (dataRows > MaxRows) continue; // keep counting, to say how many there are
                var row = new ImportRow { Number = dataRows + 1 };
                for (var i = 0; i < headers.Count && i < reader.FieldCount; i++)
                {
                    if (!Columns.Contains(headers[i])) continue;
                    row[headers[i]] = Unescape(reader.GetString(i) ?? "");
                }
                if (row.Cells.Values.All(string.IsNullOrWhiteSpace)) { dataRows--; continue; }
                rows.Add(row);
            }
            if (dataRows > MaxRows)
                return Refuse($"{fileName} has {dataRows} posts; one import takes at most {MaxRows}. Split it into files of {MaxRows} rows or fewer.");
        }
        catch (CsvFormatException ex)
        {
            return Refuse($"{fileName} could not be read as CSV: {ex.Message}");
        }
        if (rows.Count == 0) return Refuse($"{fileName} names the columns but has no posts below them.");
        return new ImportFile(fileName, sha, rows, null, notes, separator);
    }

    /// <summary>Said before a byte of an oversize file is read (the page knows the size first).</summary>
    public static string TooBig(string fileName, long size) =>
        $"{fileName} is {(size / 1024.0 / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} MB; an import file can be at most 10 MB ({MaxRows} posts). Split it into smaller files.";

    /// <summary>"Publish at" and "PUBLISH_AT" name the same column.</summary>
    public static string NormalizeHeader(string header) => header.Trim().ToLowerInvariant().Replace(' ', '_');

    /// <summary>
    /// The separator of the header row (which holds no quoted commas): ';' where a spreadsheet in a comma-decimal locale
    /// (German, French...) saved it, ',' otherwise.
    /// </summary>
    private static char DetectSeparator(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
    }

    /// <summary>Our export writes '=1+1 for a cell =1+1 (so a spreadsheet does not run it); reading it back takes the ' off.</summary>
    public static string Unescape(string value) =>
        value.Length >= 2 && value[0] == InjectionEscape && FormulaStarts.Contains(value[1]) ? value[1..] : value;
}
