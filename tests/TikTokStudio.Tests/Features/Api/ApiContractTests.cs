using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Tests.Features.Posts.Publish;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>
/// A client that knows only the OpenAPI document and a key: it finds each operation's path there, creates a post for
/// an emulated creator, and polls it until the emulator has published it (the engine's runs are driven as the publish
/// tests drive them).
/// </summary>
public sealed class ApiContractTests : IDisposable
{
    private readonly PublishTestKit kit = new();

    public void Dispose() => kit.Dispose();

    [Fact]
    public async Task A_Client_Following_The_OpenApi_Document_Takes_A_Post_From_Create_To_Published()
    {
        await kit.SignInAsync();
        var creator = await kit.NewCreatorAsync();
        var account = await kit.ConnectAsync(creator);
        var (video, _) = await kit.VideoAsync();
        // The kit's file skips the prober; give it the codec name the prober writes, which the composer's checks read.
        using (var scope = kit.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<MediaFile>().IgnoreQueryFilters()
                .Where(m => m.Id == video.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.Codec, "H.264"));
        }
        var (secret, _) = await KeyAsync(kit.App, kit.UserId);
        var client = ClientFor(kit.App, secret);

        using var anonymous = ClientFor(kit.App, null);
        var documentResponse = await anonymous.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, documentResponse.StatusCode);
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
        string PathOf(string operationId, string method)
        {
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
                if (path.Value.TryGetProperty(method, out var op) && op.TryGetProperty("operationId", out var id) && id.GetString() == operationId)
                    return path.Name;
            throw new Xunit.Sdk.XunitException($"{operationId} is not in the OpenAPI document.");
        }
        Assert.DoesNotContain(document.RootElement.GetProperty("paths").EnumerateObject(), p => !p.Name.StartsWith("/api/v1/"));
        var createSchema = document.RootElement.GetProperty("paths").GetProperty(PathOf("CreatePost", "post")).GetProperty("post").GetProperty("requestBody").GetRawText();
        Assert.Contains("publish_at", document.RootElement.GetProperty("components").GetRawText());

        var (listed, accounts) = await GetAsync(client, PathOf("ListAccounts", "get"));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var accountId = accounts.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString();
        var (created, composition) = await PostAsync(client, PathOf("CreatePost", "post"), new
        {
            accounts = new[] { new { id = accountId, privacy = "PUBLIC_TO_EVERYONE", allow_comment = true } },
            caption = "Made by a script #api",
            media = new { video_id = video.Id },
            publish_at = "now",
        }, Guid.NewGuid().ToString());
        Assert.True(created.StatusCode == HttpStatusCode.Created, composition.ToString());
        var postId = composition.GetProperty("posts")[0].GetProperty("id").GetString()!;

        // "now" gives the post a trigger at once: the app's own publishing job sends it; the client only polls.
        var getPath = PathOf("GetPost", "get").Replace("{id}", postId);
        var (got, post) = await GetAsync(client, getPath);
        for (var wait = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < wait
            && !(post.GetProperty("status").GetString() == "published" && post.TryGetProperty("public_url", out _)); )
        {
            await Task.Delay(1500); // under the key's 60 requests a minute
            (got, post) = await GetAsync(client, getPath);
        }
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("published", post.GetProperty("status").GetString());
        Assert.StartsWith($"https://www.tiktok.com/@{account.Username}/video/", post.GetProperty("public_url").GetString());
        Assert.Contains(post.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "published");
        Assert.NotEmpty(createSchema);
        var key = Assert.Single(await kit.App.RowsOfAsync<TikTokStudio.Web.Features.Api.ApiKey>(kit.Workspace.Id));
        Assert.Equal("127.0.0.1", key.LastUsedIp);
    }

    [Fact]
    public async Task The_Reference_Page_Loads_Its_Script_From_This_Server_Not_A_Cdn()
    {
        await kit.SignInAsync();
        using var anonymous = ClientFor(kit.App, null);

        var page = await anonymous.GetAsync("/api/reference");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.False(Uri.TryCreate(src, UriKind.Absolute, out var u) && u.Host != kit.App.ServerAddress!.Host, src));
        foreach (var src in scripts)
        {
            var script = await anonymous.GetAsync(new Uri(new Uri(kit.App.ServerAddress!, "/api/reference/"), src));
            Assert.True(script.IsSuccessStatusCode, $"{src}: {(int)script.StatusCode}");
        }
        Assert.DoesNotContain("cdn.jsdelivr", html);
    }
}
