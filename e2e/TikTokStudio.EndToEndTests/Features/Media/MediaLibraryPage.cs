using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Features.Media;

/// <summary>The upload area (composer and /app/media) and the library's cards, as a person uses them.</summary>
public sealed class MediaLibraryPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/app/media");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
    }

    /// <summary>Chooses files as "Browse files" does (the upload area's file input).</summary>
    public async Task UploadAsync(params string[] paths)
    {
        await page.Locator("[data-testid=upload-zone][data-ready=true]").WaitForAsync();
        await page.GetByTestId("upload-input").SetInputFilesAsync(paths);
    }

    public ILocator UploadStatus => page.GetByTestId("upload-status");

    public ILocator Upload(string fileName) => page.GetByTestId("upload").Filter(new() { HasText = fileName });

    public ILocator Card(string fileName) =>
        page.GetByTestId("media-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = fileName, Exact = true }) });

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
