using System.Text;
using TikTokStudio.Web.Features.Analytics;

namespace TikTokStudio.Tests.Features.Analytics;

public sealed class CsvExportTests
{
    [Fact]
    public void Formula_Cells_Get_A_Leading_Apostrophe_And_Other_Text_Is_Kept()
    {
        var bytes = CsvExport.Write(["post", "views"],
        [
            ["=HYPERLINK(\"http://evil\")", "10"],
            ["+1+1", "-5"],
            ["@SUM(A1)", "0"],
            ["Line one\nline two, with \"quotes\" 🎉", "7"],
        ]);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("post,views", lines[0]);
        // Escaped cells are also quoted, so the apostrophe cannot be split off by a separator.
        Assert.StartsWith("\"'=HYPERLINK", lines[1]);
        Assert.Equal("\"'+1+1\",\"'-5\"", lines[2]);
        Assert.Equal("\"'@SUM(A1)\",0", lines[3]);
        Assert.Contains("\"Line one\nline two, with \"\"quotes\"\" 🎉\",7", text);
    }
}
