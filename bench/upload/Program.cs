// Upload benchmark: the composer's browser upload (tus-js-client in headless Chromium, through modules/uploads.js) of a
// large file vs curl uploading a file of the same size to the same tus endpoint with the same session. Prints JSON.
// Run: dotnet run -c Release --project bench/upload [-- --size-mib 1024 --runs 2]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Workspaces;

internal static class UploadBenchmark
{
    public static async Task Main(string[] args)
    {
        var sizeMiB = BrowserBenchApp.ArgValue(args, "--size-mib", 1024);
        var runs = BrowserBenchApp.ArgValue(args, "--runs", 2);
        var size = sizeMiB * 1024L * 1024;

        await using var app = BrowserBenchApp.Start(withoutQuartz: true);
        var (email, _, workspace) = await app.NewMemberAsync("Bench Co");
        await AddAccountAsync(app, workspace);
        var context = await app.SignedInContextAsync(email);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/app/compose");
        await page.Locator("main[data-circuit=ready]").WaitForAsync(new() { Timeout = 60_000 });
        var zone = page.Locator("[data-testid=upload-zone][data-ready=true]").First;
        await zone.WaitForAsync(new() { Timeout = 60_000 });
        var token = await page.Locator("meta[name=request-verification-token]").GetAttributeAsync("content")
            ?? throw new InvalidOperationException("The page has no antiforgery token.");
        var cookies = string.Join("; ", (await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

        var browserSeconds = new List<double>();
        var curlSeconds = new List<double>();
        var folder = Directory.CreateTempSubdirectory("tiktok-studio-upload-bench").FullName;
        try
        {
            for (var run = 0; run < runs; run++)
            {
                // A fresh random file per upload: the library recognises identical bytes, which must not shortcut either side.
                var forBrowser = WriteRandomFile(folder, $"browser-{run}.mp4", size);
                var started = Stopwatch.GetTimestamp();
                var lastPatch = page.WaitForResponseAsync(r => r.Request.Method == "PATCH" && r.Url.Contains("/app/media/uploads/", StringComparison.Ordinal)
                    && r.Headers.TryGetValue("upload-offset", out var offset) && offset == size.ToString(CultureInfo.InvariantCulture),
                    new() { Timeout = 30 * 60_000 });
                await page.Locator("[data-testid=upload-input]").First.SetInputFilesAsync(forBrowser);
                await lastPatch;
                browserSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                File.Delete(forBrowser);

                var forCurl = WriteRandomFile(folder, $"curl-{run}.mp4", size);
                curlSeconds.Add(await CurlUploadAsync(app.BaseUrl, cookies, token, forCurl, size));
                File.Delete(forCurl);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        double MiBps(double seconds) => Math.Round(sizeMiB / seconds, 1);
        var browserBest = browserSeconds.Min();
        var curlBest = curlSeconds.Min();
        var result = new
        {
            benchmark = "upload",
            machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
            date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"),
            sizeMiB,
            runs,
            browserSeconds = browserSeconds.Select(s => Math.Round(s, 2)),
            curlSeconds = curlSeconds.Select(s => Math.Round(s, 2)),
            browserMiBps = MiBps(browserBest),
            curlMiBps = MiBps(curlBest),
            ratioBestOfRuns = Math.Round(curlBest / browserBest, 2),
            meetsTarget = curlBest / browserBest >= 0.8,
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The composer only offers an upload once an account can be picked.</summary>
    private static async Task AddAccountAsync(BrowserBenchApp app, Workspace workspace)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<WorkspaceContext>().ActFor(workspace);
        db.Add(new TikTokAccount { OpenId = Guid.NewGuid().ToString(), DisplayName = "Bench creator", Username = "bench" });
        await db.SaveChangesAsync();
    }

    private static string WriteRandomFile(string folder, string name, long size)
    {
        var path = Path.Combine(folder, name);
        var buffer = new byte[8 * 1024 * 1024];
        using var file = File.Create(path);
        for (long written = 0; written < size; written += buffer.Length)
        {
            Random.Shared.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
        }
        return path;
    }

    /// <summary>tus creation then one PATCH with the whole file, as a person with curl would; seconds for both.</summary>
    private static async Task<double> CurlUploadAsync(string baseUrl, string cookies, string token, string path, long size)
    {
        var started = Stopwatch.GetTimestamp();
        var location = (await CurlAsync("-sS", "-o", "/dev/null", "-D", "-", "-X", "POST", $"{baseUrl}/app/media/uploads",
                "-H", "Tus-Resumable: 1.0.0", "-H", $"Upload-Length: {size}", "-H", $"RequestVerificationToken: {token}", "-H", $"Cookie: {cookies}",
                "-H", "Upload-Metadata: filename " + Convert.ToBase64String("curl.mp4"u8) + ",filetype " + Convert.ToBase64String("video/mp4"u8)))
            .Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("location:", StringComparison.OrdinalIgnoreCase))?[9..].Trim()
            ?? throw new InvalidOperationException("The tus endpoint gave no Location.");
        var uploadUrl = new Uri(new Uri(baseUrl), location).AbsoluteUri;
        var headers = await CurlAsync("-sS", "-o", "/dev/null", "-D", "-", "-X", "PATCH", uploadUrl, "-T", path,
            "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream", "-H", "Expect:",
            "-H", $"RequestVerificationToken: {token}", "-H", $"Cookie: {cookies}");
        if (!headers.Contains($"upload-offset: {size}", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("curl's PATCH did not complete the upload:\n" + headers);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<string> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"curl failed ({process.ExitCode}): {error}");
        return output;
    }
}
