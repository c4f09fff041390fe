using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Posts;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

public sealed class ApiIdempotencyTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private static string Handle() => "idem" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_Retry_With_The_Same_Key_Replays_The_First_Response_And_Creates_Nothing_More()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        var body = PostBody(app, video.Id, pia);

        var (first, firstBody) = await PostAsync(seat.Client, "/api/v1/posts", body, "retry-1");
        var (second, secondBody) = await PostAsync(seat.Client, "/api/v1/posts", body, "retry-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains(ApiMiddleware.ReplayedHeader));
        Assert.Equal("true", second.Headers.GetValues(ApiMiddleware.ReplayedHeader).Single());
        Assert.Equal(firstBody.GetRawText(), secondBody.GetRawText());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Single(await app.RowsOfAsync<Post>(seat.Workspace.Id));
    }

    [Fact]
    public async Task A_Refusal_Is_Replayed_Too_And_The_Same_Key_With_Another_Body_Is_409()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);

        var (refused, _) = await PostAsync(seat.Client, "/api/v1/posts", new { accounts = new[] { new { id = pia.Id } }, publish_at = "now" }, "k-2");
        var (replayed, _) = await PostAsync(seat.Client, "/api/v1/posts", new { accounts = new[] { new { id = pia.Id } }, publish_at = "now" }, "k-2");
        var (conflict, problem) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia), "k-2");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains(ApiMiddleware.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/idempotency-key-reused", problem.GetProperty("type").GetString());
        Assert.Empty(await app.RowsOfAsync<Post>(seat.Workspace.Id));
    }

    [Fact]
    public async Task Two_Concurrent_Requests_With_One_Key_Create_One_Post()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        var body = PostBody(app, video.Id, pia);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(ClientFor(app, seat.Secret), "/api/v1/posts", body, "same-key")));

        Assert.Single(await app.RowsOfAsync<Post>(seat.Workspace.Id));
        Assert.All(answers, a => Assert.True(a.Response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.Response.StatusCode.ToString()));
        Assert.Contains(answers, a => a.Response.StatusCode == HttpStatusCode.Created && !a.Response.Headers.Contains(ApiMiddleware.ReplayedHeader));
        var ids = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Created).Select(a => a.Body.GetProperty("posts")[0].GetProperty("id").GetString()).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public async Task Records_Are_Removed_After_24_Hours_And_The_Key_Then_Runs_Again()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia), "old-key");
        Assert.Single(await app.RowsOfAsync<IdempotencyRecord>(seat.Workspace.Id));

        app.Clock.Advance(TimeSpan.FromHours(25));
        try
        {
            var removed = await app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<IdempotencyCleanup>().Single().RunOnceAsync(CancellationToken.None);
            Assert.True(removed >= 1);
            Assert.Empty(await app.RowsOfAsync<IdempotencyRecord>(seat.Workspace.Id));
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromHours(-25));
        }
    }
}

public sealed class ApiRateLimitTests : IDisposable
{
    private readonly StudioAppFactory app = new(settings: new() { ["Api:RateLimits:RequestsPerMinute"] = "5", ["Api:RateLimits:PostCreationsPerMinute"] = "2" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Every_Response_Says_The_Budget_And_Past_It_Comes_429_With_Retry_After()
    {
        var seat = await SeatAsync(app);
        // Start at the top of a fresh minute window, so the five requests are in one window.
        var now = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(60 - now.Second + 1));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) answers.Add((await GetAsync(seat.Client, "/api/v1/accounts")).Response);

        Assert.All(answers.Take(5), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["5"], answers[0].Headers.GetValues("RateLimit-Limit"));
        Assert.Equal(["4"], answers[0].Headers.GetValues("RateLimit-Remaining"));
        Assert.Equal(["0"], answers[4].Headers.GetValues("RateLimit-Remaining"));
        var limited = answers[5];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var reset = int.Parse(limited.Headers.GetValues("RateLimit-Reset").Single());
        Assert.InRange(reset, 1, 60);
        Assert.Equal(reset.ToString(), limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);

        // Another key of the same workspace has a budget of its own.
        var (other, _) = await KeyAsync(app, seat.Owner.Id);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(ClientFor(app, other), "/api/v1/accounts")).Response.StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(reset));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(seat.Client, "/api/v1/accounts")).Response.StatusCode);
    }

    [Fact]
    public async Task Post_Creation_Has_Its_Own_Tighter_Budget()
    {
        var seat = await SeatAsync(app);
        var now = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(60 - now.Second + 1));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) answers.Add((await PostAsync(seat.Client, "/api/v1/posts", new { accounts = Array.Empty<object>() })).Response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answers[0].StatusCode);
        Assert.Equal(["2"], answers[0].Headers.GetValues("RateLimit-Limit"));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].StatusCode);
    }
}
