using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Features.Posts.Publish;

/// <summary>The web app as a child process on its own data directory, talking to a standalone emulator (tests that SIGKILL it).</summary>
public static class ChildApp
{
    public static Process Start(string dataDirectory, StandaloneEmulator emulator, int port)
    {
        var webProject = Path.Combine(RepoRoot(), "src", "TikTokStudio.Web");
        var dll = Path.Combine(AppContext.BaseDirectory, "TikTokStudio.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Emulators__Enabled"] = "false";
        start.Environment["TikTok__EmulatorBaseUrl"] = emulator.TikTokBaseUrl;
        start.Environment["Publishing__ChunkSizeBytes"] = PublishTestKit.SmallChunk.ToString();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<string> GenerateCreatorAsync(HttpClient tiktok)
    {
        var response = await tiktok.PostAsJsonAsync("/emulators/tiktok/_emulator/creators/generate", new { count = 1 });
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("usernames")[0].GetString()!;
    }

    /// <summary>Connect TikTok with the consent page served by the standalone emulator instead of the app's own.</summary>
    public static async Task ConnectThroughStandaloneAsync(PublishTestKit kit, StandaloneEmulator emulator, string creator)
    {
        var page = await kit.Client.GetStringAsync("/app/connections");
        var start = await kit.Client.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var consent = start.Headers.Location!; // the standalone emulator's own consent page
        Assert.StartsWith(emulator.TikTokBaseUrl, consent.AbsoluteUri);
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var callback = await EmulatedTikTok.AnswerConsentAsync(browser, consent, creator);
        var done = await kit.Client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("connected=", done.Headers.Location!.ToString());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TikTokStudio.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
