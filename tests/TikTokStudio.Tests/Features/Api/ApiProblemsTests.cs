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
    public async Task A_Workspace_Whose_Plan_Lacks_The_Api_Gets_The_Plan_Limit_Problem_With_The_Upgrade_Address()
    {
        var seat = await SeatAsync(app);
        var before = await GetAsync(seat.Client, "/api/v1/accounts");
        await Billing.BillingTestData.PutOnPlanAsync(app, seat.Workspace.Id, "starter");

        var (response, problem) = await GetAsync(seat.Client, "/api/v1/accounts");
        var (posting, _) = await PostAsync(seat.Client, "/api/v1/posts", new { caption = "hi" });

        Assert.Equal(HttpStatusCode.OK, before.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/plan-limit", problem.GetProperty("type").GetString());
        Assert.Equal("The workspace's plan does not allow this.", problem.GetProperty("title").GetString());
        Assert.Equal("The API and webhooks are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("/app/billing", problem.GetProperty("upgrade_url").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, posting.StatusCode);
    }

    [Fact]
    public async Task A_Read_Only_Workspace_Still_Answers_Reads_And_Refuses_A_New_Post_With_The_Plan_Limit_Problem()
    {
        var seat = await SeatAsync(app);
        var account = await Posts.Calendar.PostsTestData.AddAccountAsync(app, seat.Workspace.Id, "after_trial_" + Guid.NewGuid().ToString("N")[..8]);
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        await Billing.BillingTestData.EndTrialAsync(app, seat.Workspace.Id);

        var (read, _) = await GetAsync(seat.Client, "/api/v1/accounts");
        var (response, problem) = await PostAsync(seat.Client, "/api/v1/posts", new
        {
            caption = "After the trial", media = new { video_id = video.Id },
            accounts = new[] { new { id = account.Id, privacy = "SELF_ONLY" } },
            publish_at = "now",
        });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/plan-limit", problem.GetProperty("type").GetString());
        Assert.StartsWith("Your free trial has ended, so this workspace is read-only", problem.GetProperty("detail").GetString());
        Assert.Equal("/app/billing", problem.GetProperty("upgrade_url").GetString());
    }

    [Fact]
    public async Task The_Api_Ignores_The_Browsers_Cookie_Without_A_Key()
    {
        var (client, _) = await app.SignedInOwnerAsync();

        var response = await client.GetAsync("/api/v1/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
