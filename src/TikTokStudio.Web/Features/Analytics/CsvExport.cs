using CsvHelper;

namespace TikTokStudio.Web.Features.Analytics;

/// <summary>
/// Tables as CSV for spreadsheets (RFC 4180, UTF-8 with a byte order mark so Excel reads emoji and accents right).
/// A text cell that starts with = + - @ (or a tab or carriage return) would run as a formula in Excel, LibreOffice
/// and Sheets; CsvHelper's injection escaping puts an apostrophe in front, which those programs show as plain text.
/// </summary>
public static class CsvExport
{
    public static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    /// <summary>A header row then one row per item.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteRecord(header.ToArray());
            foreach (var row in rows) csv.WriteRecord(row.ToArray());
        }
        return buffer.ToArray();
    }

    public static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Number(double value) => value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
