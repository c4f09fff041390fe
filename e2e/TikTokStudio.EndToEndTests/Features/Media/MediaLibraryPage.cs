using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Features.Media;

/// <summary>The /app/media page as a person uses it: the Uppy dashboard, the upload status line, the library's cards.</summary>
public sealed class MediaLibraryPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/app/media");

    /// <summary>Chooses a file as the dashboard's "browse files" would (Uppy's hidden file input).</summary>
    public async Task UploadAsync(string path) =>
        await page.Locator("#media-uploader input.uppy-Dashboard-input[type=file]:not([webkitdirectory])").First.SetInputFilesAsync(path);

    public ILocator UploadStatus => page.Locator("#media-upload-status");

    public ILocator Card(string fileName) => page.GetByRole(AriaRole.Article, new() { Name = fileName, Exact = true });

    public ILocator Check(string fileName, string checkName) => Card(fileName).Locator($"li[data-check=\"{checkName}\"]");

    /// <summary>The committed fixtures of the in-process tests (real files made once with ffmpeg).</summary>
    public static string Fixture(string name)
    {
        // The repository root is the first folder above the test binaries that holds the solution.
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TikTokStudio.sln"))) folder = folder.Parent;
        if (folder is null) throw new InvalidOperationException("TikTokStudio.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine(folder.FullName, "tests", "TikTokStudio.Tests", "Features", "Media", "Fixtures", name);
    }
}
