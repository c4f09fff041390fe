using System.Text;
using TikTokStudio.Web.Features.Posts.Import;

namespace TikTokStudio.Tests.Features.Posts.Import;

/// <summary>Reading and writing the posts CSV: what spreadsheets really save, and what must never reach one as a formula.</summary>
public sealed class PostsCsvTests
{
    private static byte[] Utf8(string text, bool bom = false) =>
        bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_Semicolon_File_With_A_Byte_Order_Mark_Quoted_Line_Breaks_And_Emoji_Is_Read_Exactly()
    {
        var file = PostsCsv.Parse(Utf8("publish_at;account;caption;media\r\n2026-11-23 09:00;@pia;\"Line one\nLine two 🎉; with a semicolon, and \"\"quotes\"\"\";clip.mp4\r\n", bom: true), "plan.csv");

        Assert.Null(file.Error);
        Assert.Equal(';', file.Separator);
        var row = Assert.Single(file.Rows);
        Assert.Equal(2, row.Number);
        Assert.Equal("2026-11-23 09:00", row[PostsCsv.PublishAt]);
        Assert.Equal("@pia", row[PostsCsv.Account]);
        Assert.Equal("Line one\nLine two 🎉; with a semicolon, and \"quotes\"", row[PostsCsv.Caption]);
        Assert.Equal("clip.mp4", row[PostsCsv.Media]);
    }

    [Fact]
    public void A_Comma_File_Without_A_Byte_Order_Mark_Reads_Headers_Written_As_Words_And_Skips_Empty_Lines()
    {
        var file = PostsCsv.Parse(Utf8("Publish At,Account,Caption,Media,Privacy,Extra\n2026-11-23 09:00,@pia,\"Hi, there\",clip.mp4,Everyone,x\n\n,,,,,\n2026-11-24 09:00,@pia,Second,clip.mp4,Only me,y\n"), "plan.csv");

        Assert.Null(file.Error);
        Assert.Equal(',', file.Separator);
        Assert.Equal([2, 3], file.Rows.Select(r => r.Number));
        Assert.Equal("Hi, there", file.Rows[0][PostsCsv.Caption]);
        Assert.Equal("Only me", file.Rows[1][PostsCsv.Privacy]);
        Assert.Contains("extra", Assert.Single(file.Notes));
    }

    [Fact]
    public void A_File_Over_10_MB_Is_Refused_With_Its_Size()
    {
        var big = new byte[PostsCsv.MaxBytes + 1];
        Array.Fill(big, (byte)'a');

        var file = PostsCsv.Parse(big, "huge.csv");

        Assert.Empty(file.Rows);
        Assert.Equal("huge.csv is 10 MB; an import file can be at most 10 MB (500 posts). Split it into smaller files.", file.Error);
        Assert.StartsWith("huge.csv is 12.5 MB", PostsCsv.TooBig("huge.csv", 13_107_200));
    }

    [Fact]
    public void More_Than_500_Rows_Are_Refused_With_The_Count()
    {
        var text = new StringBuilder("publish_at,account,media\n");
        for (var i = 0; i < 501; i++) text.Append("2026-11-23 09:00,@pia,clip.mp4\n");

        var file = PostsCsv.Parse(Utf8(text.ToString()), "big.csv");

        Assert.Empty(file.Rows);
        Assert.Equal("big.csv has 501 posts; one import takes at most 500. Split it into files of 500 rows or fewer.", file.Error);
    }

    [Fact]
    public void A_File_Without_The_Account_Or_Media_Column_Says_Which_Is_Missing()
    {
        var file = PostsCsv.Parse(Utf8("when,who,caption\n2026-11-23 09:00,@pia,Hi\n"), "odd.csv");

        Assert.StartsWith("odd.csv has no \"account\" or \"media\" column.", file.Error);
    }

    [Fact]
    public void Empty_Files_Header_Only_Files_And_Files_That_Are_Not_Utf8_Are_Refused_In_Words()
    {
        Assert.StartsWith("empty.csv is empty.", PostsCsv.Parse(Utf8("\r\n", bom: true), "empty.csv").Error);
        Assert.Equal("head.csv names the columns but has no posts below them.", PostsCsv.Parse(Utf8("account,media\n"), "head.csv").Error);
        Assert.StartsWith("latin.csv is not UTF-8 text.", PostsCsv.Parse([.. Encoding.ASCII.GetBytes("account,media\n@pia,caf"), 0xE9, (byte)'\n'], "latin.csv").Error);
    }

    [Fact]
    public void An_Export_Neutralizes_Formulas_And_Reading_It_Back_Restores_The_Captions()
    {
        string[] captions = ["=HYPERLINK(\"https://evil.example\",\"click\")", "+1 for Mondays", "-5% today", "@pia says hi", "Plain, with a comma"];
        var bytes = PostsCsv.Write(captions.Select(c => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            [PostsCsv.Account] = "@pia", [PostsCsv.Media] = "clip.mp4", [PostsCsv.Caption] = c,
        }));

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("publish_at,timezone,account,caption,media,", text.TrimStart('\uFEFF'));
        // No cell starts with a formula character: a spreadsheet shows them as text.
        Assert.Contains("'=HYPERLINK", text);
        Assert.Contains("'+1 for Mondays", text);
        Assert.Contains("'-5% today", text);
        Assert.DoesNotContain(",=", text);
        Assert.DoesNotContain(",\"=", text);

        var file = PostsCsv.Parse(bytes, "export.csv");
        Assert.Null(file.Error);
        Assert.Equal(captions, file.Rows.Select(r => r[PostsCsv.Caption]));
        // The account "@pia" starts with @ too and comes back as written.
        Assert.All(file.Rows, r => Assert.Equal("@pia", r[PostsCsv.Account]));
    }

    [Fact]
    public void The_Template_Reads_Back_As_Two_Posts_With_Every_Column()
    {
        var file = PostsCsv.Parse(PostsCsv.Template(), "template.csv");

        Assert.Null(file.Error);
        Assert.Empty(file.Notes);
        Assert.Equal(2, file.Rows.Count);
        Assert.Equal("Behind the scenes,\nwith a second line", file.Rows[1][PostsCsv.Caption]);
        Assert.Equal("photo-1.jpg|photo-2.jpg", file.Rows[1][PostsCsv.Media]);
    }
}
