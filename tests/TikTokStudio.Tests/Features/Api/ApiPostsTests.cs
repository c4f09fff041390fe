using System.Net;
using System.Text.Json;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Workspaces;
using static TikTokStudio.Tests.Features.Api.ApiTestKit;

namespace TikTokStudio.Tests.Features.Api;

public sealed class ApiPostsTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private static string Handle() => "api" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_Post_For_Two_Accounts_Is_Scheduled_Through_The_Composer_And_Read_Back_With_Its_Timeline()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var max = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);

        var (created, body) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia, max));

        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        var posts = body.GetProperty("posts").EnumerateArray().ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal("scheduled", p.GetProperty("status").GetString()));
        var rows = await app.RowsOfAsync<Post>(seat.Workspace.Id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(PostStatus.Scheduled, r.Status));
        // 09:00 in Berlin three days on, stored as UTC.
        var expected = new DateTimeOffset(DateTime.Parse(app.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd") + "T09:00"),
            TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(DateTime.Parse(app.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd") + "T09:00")));
        Assert.All(rows, r => Assert.Equal(expected.UtcDateTime, r.PublishAt!.Value.UtcDateTime));

        var id = posts[0].GetProperty("id").GetString();
        var (got, post) = await GetAsync(seat.Client, $"/api/v1/posts/{id}");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("Launch day #api", post.GetProperty("caption").GetString());
        Assert.Equal("PUBLIC_TO_EVERYONE", post.GetProperty("privacy").GetString());
        Assert.Contains(post.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "scheduled");
    }

    [Fact]
    public async Task A_Request_The_Rules_Refuse_Is_422_With_Each_Problem_By_Field_And_Saves_Nothing()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var quiet = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle(), a => a.CommentDisabled = true);
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);

        var (response, problem) = await PostAsync(seat.Client, "/api/v1/posts", new
        {
            accounts = new object[] { new { id = pia.Id, privacy = "PUBLIC_TO_EVERYONE" }, new { id = quiet.Id, allow_comment = true } },
            caption = new string('x', 2201),
            media = new { video_id = video.Id },
            publish_at = "now",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://tiktokstudio.dev/problems/validation", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("caption", out _));
        Assert.True(errors.TryGetProperty("accounts[1].privacy", out _));
        Assert.True(errors.TryGetProperty("accounts[1].allow_comment", out _));
        Assert.False(errors.TryGetProperty("accounts[0].privacy", out _));
        Assert.Empty(await app.RowsOfAsync<Post>(seat.Workspace.Id));
    }

    [Fact]
    public async Task A_Full_Day_Is_422_With_The_Time_The_Account_Can_Post_Next_Never_429()
    {
        var seat = await SeatAsync(app);
        var member = new Member(null!, "", seat.Owner, seat.Workspace);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        var day = app.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var at = new DateTimeOffset(DateTime.Parse(day + "T12:00"), zone.GetUtcOffset(DateTime.Parse(day + "T12:00")));
        for (var i = 0; i < 15; i++) await PostsTestData.AddPostAsync(app, member, pia, PostStatus.Scheduled, at.AddMinutes(i));

        var (response, problem) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/planned-limit", problem.GetProperty("type").GetString());
        var next = problem.GetProperty("next_available_at").GetDateTimeOffset();
        Assert.Equal(DateOnly.Parse(day).AddDays(1), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, zone).DateTime));
        Assert.True(problem.GetProperty("errors").TryGetProperty("accounts[0]", out _));
    }

    [Fact]
    public async Task List_Filters_By_Status_And_Account_And_Pages_With_A_Cursor()
    {
        var seat = await SeatAsync(app);
        var member = new Member(null!, "", seat.Owner, seat.Workspace);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var max = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var soon = app.Clock.GetUtcNow().AddDays(2);
        var scheduled = new List<Guid>();
        for (var i = 0; i < 5; i++) scheduled.Add((await PostsTestData.AddPostAsync(app, member, pia, PostStatus.Scheduled, soon.AddHours(i))).Id);
        await PostsTestData.AddPostAsync(app, member, pia, PostStatus.Draft, null);
        await PostsTestData.AddPostAsync(app, member, max, PostStatus.Scheduled, soon);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (response, page) = await GetAsync(seat.Client, $"/api/v1/posts?status=scheduled&account_id={pia.Id}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        var (bad, problem) = await GetAsync(seat.Client, "/api/v1/posts?status=sleeping");

        Assert.Equal(scheduled.Select(g => g.ToString()).Order(), seen.Order());
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Patch_Reschedule_Cancel_And_Delete_Use_The_Apps_Handlers()
    {
        var seat = await SeatAsync(app);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);
        var (_, created) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia));
        var id = created.GetProperty("posts")[0].GetProperty("id").GetString();

        var (patched, patchedBody) = await SendAsync(seat.Client, HttpMethod.Patch, $"/api/v1/posts/{id}", new { caption = "New words" });
        var newDay = app.Clock.GetUtcNow().AddDays(5).ToString("yyyy-MM-dd");
        var (moved, movedBody) = await PostAsync(seat.Client, $"/api/v1/posts/{id}/reschedule", new { publish_at = newDay + "T18:30", timezone = "America/New_York" });
        var (cancelled, cancelledBody) = await PostAsync(seat.Client, $"/api/v1/posts/{id}/cancel", null);
        var (deleted, _) = await SendAsync(seat.Client, HttpMethod.Delete, $"/api/v1/posts/{id}");
        var (gone, _) = await GetAsync(seat.Client, $"/api/v1/posts/{id}");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("New words", patchedBody.GetProperty("caption").GetString());
        Assert.Equal("scheduled", patchedBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var nyLocal = DateTime.Parse(newDay + "T18:30");
        var expected = new DateTimeOffset(nyLocal, TimeZoneInfo.FindSystemTimeZoneById("America/New_York").GetUtcOffset(nyLocal));
        Assert.Equal(expected.UtcDateTime, movedBody.GetProperty("publish_at").GetDateTimeOffset().UtcDateTime);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("draft", cancelledBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_Viewer_Key_Reads_But_Gets_403_For_Writes()
    {
        var seat = await SeatAsync(app, WorkspaceRole.Viewer);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var video = await VideoAsync(app, seat.Workspace.Id, seat.Owner.Id);

        var (list, _) = await GetAsync(seat.Client, "/api/v1/accounts");
        var (create, problem) = await PostAsync(seat.Client, "/api/v1/posts", PostBody(app, video.Id, pia));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/forbidden", problem.GetProperty("type").GetString());
        Assert.Empty(await app.RowsOfAsync<Post>(seat.Workspace.Id));
    }

    [Fact]
    public async Task A_Key_Limited_To_One_Account_Sees_And_Posts_To_That_Account_Only()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        var member = new Member(null!, "", owner, workspace);
        var allowed = await PostsTestData.AddAccountAsync(app, workspace.Id, Handle());
        var other = await PostsTestData.AddAccountAsync(app, workspace.Id, Handle());
        var otherPost = await PostsTestData.AddPostAsync(app, member, other, PostStatus.Scheduled, app.Clock.GetUtcNow().AddDays(2));
        var video = await VideoAsync(app, workspace.Id, owner.Id);
        var (secret, _) = await KeyAsync(app, owner.Id, accounts: [allowed.Id]);
        var client = ClientFor(app, secret);

        var (_, accounts) = await GetAsync(client, "/api/v1/accounts");
        var (otherAccount, _) = await GetAsync(client, $"/api/v1/accounts/{other.Id}");
        var (post, _) = await GetAsync(client, $"/api/v1/posts/{otherPost.Id}");
        var (create, problem) = await PostAsync(client, "/api/v1/posts", PostBody(app, video.Id, other));
        var (list, listed) = await GetAsync(client, "/api/v1/posts");

        Assert.Equal([allowed.Id.ToString()], accounts.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, otherAccount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, create.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("accounts[0].id", out _));
        Assert.Empty(listed.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task A_Key_Of_Workspace_A_Gets_404_For_Every_Id_Of_Workspace_B()
    {
        var a = await SeatAsync(app);
        var (ownerB, workspaceB) = await app.CreateUserAsync();
        var accountB = await PostsTestData.AddAccountAsync(app, workspaceB.Id, Handle());
        var postB = await PostsTestData.AddPostAsync(app, new Member(null!, "", ownerB, workspaceB), accountB, PostStatus.Scheduled, app.Clock.GetUtcNow().AddDays(2));
        var mediaB = await VideoAsync(app, workspaceB.Id, ownerB.Id);

        var answers = new List<(string, HttpStatusCode)>();
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/v1/accounts/{accountB.Id}", null),
            (HttpMethod.Get, $"/api/v1/accounts/{accountB.Id}/analytics", null),
            (HttpMethod.Get, $"/api/v1/media/{mediaB.Id}", null),
            (HttpMethod.Get, $"/api/v1/posts/{postB.Id}", null),
            (HttpMethod.Get, $"/api/v1/posts/{postB.Id}/analytics", null),
            (HttpMethod.Patch, $"/api/v1/posts/{postB.Id}", new { caption = "Hijacked" }),
            (HttpMethod.Post, $"/api/v1/posts/{postB.Id}/reschedule", new { publish_at = "2030-01-01T10:00" }),
            (HttpMethod.Post, $"/api/v1/posts/{postB.Id}/cancel", null),
            (HttpMethod.Delete, $"/api/v1/posts/{postB.Id}", null),
            (HttpMethod.Head, $"/api/v1/media/uploads/{mediaB.Id}", null),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = Json(body);
            request.Headers.Add("Tus-Resumable", "1.0.0");
            answers.Add((method + " " + path, (await a.Client.SendAsync(request)).StatusCode));
        }
        var (listed, list) = await GetAsync(a.Client, $"/api/v1/posts?account_id={accountB.Id}");

        Assert.All(answers, answer => Assert.True(answer.Item2 == HttpStatusCode.NotFound, $"{answer.Item1}: {answer.Item2}"));
        Assert.Empty(list.GetProperty("data").EnumerateArray());
        var after = Assert.Single(await app.RowsOfAsync<Post>(workspaceB.Id));
        Assert.Equal(PostStatus.Scheduled, after.Status);
        Assert.Equal(postB.Title, after.Title);
    }

    [Fact]
    public async Task Accounts_And_Calendar_Day_Show_Mode_Health_Creator_Info_And_Limits()
    {
        var seat = await SeatAsync(app);
        var member = new Member(null!, "", seat.Owner, seat.Workspace);
        var pia = await PostsTestData.AddAccountAsync(app, seat.Workspace.Id, Handle());
        var day = app.Clock.GetUtcNow().AddDays(2);
        await PostsTestData.AddPostAsync(app, member, pia, PostStatus.Scheduled, day);

        var (_, account) = await GetAsync(seat.Client, $"/api/v1/accounts/{pia.Id}");
        var localDay = TimeZoneInfo.ConvertTime(day, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("yyyy-MM-dd");
        var (_, calendar) = await GetAsync(seat.Client, $"/api/v1/calendar/{localDay}");
        var (bad, _) = await GetAsync(seat.Client, "/api/v1/calendar/tomorrow");

        Assert.Equal("direct_post", account.GetProperty("mode").GetString());
        Assert.Equal("ready", account.GetProperty("health").GetString());
        Assert.Equal(15, account.GetProperty("limits").GetProperty("daily_cap").GetInt32());
        Assert.Contains("SELF_ONLY", account.GetProperty("creator_info").GetProperty("privacy_level_options").EnumerateArray().Select(e => e.GetString()));
        var limit = Assert.Single(calendar.GetProperty("accounts").EnumerateArray());
        Assert.Equal(1, limit.GetProperty("planned").GetInt32());
        Assert.Single(calendar.GetProperty("posts").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
    }
}
