namespace TikTokStudio.Web;

/// <summary>`dotnet TikTokStudio.Web.dll --healthcheck [url]`: exit 0 when /healthz answers 200, else 1.</summary>
internal static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"Health check of {url} failed: {e.Message}");
            return 1;
        }
    }
}
