using System.Net;
using System.Text;
using TikTokStudio.Tests.Infrastructure;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

/// <summary>Problem details for every error under /api/v1, whoever answers it (an endpoint, routing, binding, an exception).</summary>
public sealed class ApiProblemsTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", null, null, 404, "not-found")]
    [InlineData("PUT", "/api/v1/accounts", null, null, 405, "method-not-allowed")]
    [InlineData("POST", "/api/v1/posts", "caption=hi", "application/x-www-form-urlencoded", 415, "unsupported-media-type")]
    [InlineData("POST", "/api/v1/posts", "{\"caption\": ", "application/json", 400, "malformed-request")]
    [InlineData("POST", "/api/v1/posts", "{\"accounts\": 5}", "application/json", 422, "validation")]
    [InlineData("GET", "/api/v1/posts/not-a-guid", null, null, 404, "not-found")]
    public async Task Errors_Are_Problem_Details_With_A_Stable_Type_And_The_Request_Id(string method, string path, string? body, string? contentType, int status, string type)
    {
        var seat = await SeatAsync(app);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);

        var response = await seat.Client.SendAsync(request);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://tiktokstudio.dev/problems/" + type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task The_Api_Ignores_The_Browsers_Cookie_Without_A_Key()
    {
        var (client, _) = await app.SignedInOwnerAsync();

        var response = await client.GetAsync("/api/v1/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
