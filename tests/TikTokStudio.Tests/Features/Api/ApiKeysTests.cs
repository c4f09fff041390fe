using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Api;

public sealed class ApiKeysTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    private Task<ApiKeyCreation> CreateAsync(string userId, ApiKeyRequest request) =>
        app.Services.AsUserAsync(userId, s => s.GetRequiredService<ApiKeyService>().CreateAsync(request));

    [Fact]
    public async Task A_New_Key_Is_Shown_Once_And_Only_Its_Hash_And_Prefix_Are_Stored()
    {
        var (owner, workspace) = await app.CreateUserAsync();

        var created = await CreateAsync(owner.Id, new ApiKeyRequest("Zapier", WorkspaceRole.Editor, [], ApiKeyExpiry.Days90));

        Assert.True(created.Created);
        Assert.Matches("^tts_live_[A-Za-z0-9_-]{43}$", created.Secret);
        var stored = Assert.Single(await app.RowsOfAsync<ApiKey>(workspace.Id));
        Assert.Equal(ApiKey.HashOf(created.Secret!), stored.SecretHash);
        Assert.DoesNotContain(created.Secret!, stored.SecretHash + stored.Prefix + stored.Name);
        Assert.Equal(created.Secret![..15], stored.Prefix);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90).Date, stored.ExpiresAt!.Value.Date);
        var entry = Assert.Single(await app.RowsOfAsync<ActivityEntry>(workspace.Id), e => e.Kind == ActivityKinds.ApiKeyCreated);
        Assert.Contains("Zapier", entry.Summary);
    }

    [Fact]
    public async Task A_Key_Never_Gets_A_Role_Above_Its_Creators_And_Bad_Input_Changes_Nothing()
    {
        var (_, workspace) = await app.CreateUserAsync();
        var admin = await PostsTestData.MemberOfAsync(app, workspace, WorkspaceRole.Admin);
        var (_, other) = await app.CreateUserAsync();
        var foreign = await PostsTestData.AddAccountAsync(app, other.Id, "foreign" + Guid.NewGuid().ToString("N")[..6]);

        var above = await CreateAsync(admin.User.Id, new ApiKeyRequest("Too strong", WorkspaceRole.Owner, [], ApiKeyExpiry.Never));
        var nameless = await CreateAsync(admin.User.Id, new ApiKeyRequest("  ", WorkspaceRole.Editor, [], ApiKeyExpiry.Never));
        var stranger = await CreateAsync(admin.User.Id, new ApiKeyRequest("Other's account", WorkspaceRole.Editor, [foreign.Id], ApiKeyExpiry.Never));
        var past = await CreateAsync(admin.User.Id, new ApiKeyRequest("Old", WorkspaceRole.Editor, [], ApiKeyExpiry.OnDate, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2))));

        Assert.NotNull(above.ErrorFor("role"));
        Assert.NotNull(nameless.ErrorFor("name"));
        Assert.NotNull(stranger.ErrorFor("accounts"));
        Assert.NotNull(past.ErrorFor("expiry"));
        Assert.Empty(await app.RowsOfAsync<ApiKey>(workspace.Id));
    }

    [Fact]
    public async Task A_Revoked_Key_Is_Refused_On_Its_Very_Next_Request()
    {
        var seat = await ApiTestKit.SeatAsync(app);
        var (before, _) = await ApiTestKit.GetAsync(seat.Client, "/api/v1/accounts");

        var (done, _) = await app.Services.AsUserAsync(seat.Owner.Id, s => s.GetRequiredService<ApiKeyService>().RevokeAsync(seat.Key.Id));
        var (after, problem) = await ApiTestKit.GetAsync(seat.Client, "/api/v1/accounts");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(done);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        Assert.Contains(await app.RowsOfAsync<ActivityEntry>(seat.Workspace.Id), e => e.Kind == ActivityKinds.ApiKeyRevoked);
    }

    [Fact]
    public async Task Missing_Unknown_And_Expired_Keys_Get_401_Saying_Which()
    {
        var seat = await ApiTestKit.SeatAsync(app);
        var (expiring, _) = await ApiTestKit.KeyAsync(app, seat.Owner.Id, expiry: ApiKeyExpiry.Days30);

        var (missing, missingBody) = await ApiTestKit.GetAsync(ApiTestKit.ClientFor(app, null), "/api/v1/accounts");
        var (unknown, unknownBody) = await ApiTestKit.GetAsync(ApiTestKit.ClientFor(app, "tts_live_" + new string('x', 43)), "/api/v1/accounts");
        app.Clock.Advance(TimeSpan.FromDays(31));
        try
        {
            var (expired, expiredBody) = await ApiTestKit.GetAsync(ApiTestKit.ClientFor(app, expiring), "/api/v1/accounts");
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("expired", expiredBody.GetProperty("detail").GetString());
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-31));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("https://tiktokstudio.dev/problems/unauthorized", missingBody.GetProperty("type").GetString());
        Assert.Contains("No API key", missingBody.GetProperty("detail").GetString());
        Assert.Contains("Bearer", missing.Headers.WwwAuthenticate.ToString());
        Assert.Contains("not known", unknownBody.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(unknownBody.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task A_Request_Records_When_And_From_Where_The_Key_Was_Last_Used()
    {
        var seat = await ApiTestKit.SeatAsync(app);

        await ApiTestKit.GetAsync(seat.Client, "/api/v1/accounts");

        var key = Assert.Single(await app.RowsOfAsync<ApiKey>(seat.Workspace.Id));
        // The in-memory test server has no client address; the contract test (a real socket) checks the IP.
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, key.LastUsedAt!.Value.UtcDateTime, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_Key_Stops_Working_When_Its_Creator_Leaves_The_Workspace()
    {
        var (_, workspace) = await app.CreateUserAsync();
        var admin = await PostsTestData.MemberOfAsync(app, workspace, WorkspaceRole.Admin);
        var (secret, _) = await ApiTestKit.KeyAsync(app, admin.User.Id);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.RemoveRange(db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == admin.User.Id && m.WorkspaceId == workspace.Id));
            await db.SaveChangesAsync();
        }

        var (response, body) = await ApiTestKit.GetAsync(ApiTestKit.ClientFor(app, secret), "/api/v1/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("left the workspace", body.GetProperty("detail").GetString());
    }
}
