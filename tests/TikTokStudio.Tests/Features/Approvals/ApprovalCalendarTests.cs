using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Posts.Calendar;
using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;

namespace TikTokStudio.Tests.Features.Approvals;

/// <summary>The calendar feed marks pending posts whose slot is near, and gives each post its frame when the library has one (issue 17).</summary>
public sealed class ApprovalCalendarTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;

    [Fact]
    public async Task A_Pending_Post_Under_Two_Hours_Away_Is_Urgent_And_Posts_With_A_Frame_Carry_It()
    {
        var member = await PostsTestData.SignedInAsync(app, timeZoneId: "UTC");
        var account = await PostsTestData.AddAccountAsync(app, member.Workspace.Id, "framed");
        var framed = ComposerBuilder.Video();
        framed.WorkspaceId = member.Workspace.Id;
        framed.HasThumbnail = true;
        var bare = ComposerBuilder.Video();
        bare.WorkspaceId = member.Workspace.Id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Set<MediaFile>().AddRange(framed, bare);
            await db.SaveChangesAsync();
        }
        var now = DateTimeOffset.UtcNow;
        var soon = await PostsTestData.AddPostAsync(app, member, account, PostStatus.PendingApproval, now.AddMinutes(70), "Soon", p => p.VideoMediaId = framed.Id);
        var later = await PostsTestData.AddPostAsync(app, member, account, PostStatus.PendingApproval, now.AddHours(5), "Later", p => p.VideoMediaId = bare.Id);
        var scheduledSoon = await PostsTestData.AddPostAsync(app, member, account, PostStatus.Scheduled, now.AddMinutes(30), "Approved", p => p.VideoMediaId = framed.Id);

        var start = now.UtcDateTime.Date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var end = now.UtcDateTime.Date.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var doc = JsonDocument.Parse(await member.Client.GetStringAsync($"/app/calendar/events?start={start}&end={end}"));
        var posts = doc.RootElement.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "post")
            .ToDictionary(e => Guid.Parse(e.GetProperty("id").GetString()!), e => e.Clone());

        Assert.True(posts[soon.Id].GetProperty("urgent").GetBoolean());
        Assert.Equal("Pending approval", posts[soon.Id].GetProperty("label").GetString());
        Assert.False(posts[later.Id].TryGetProperty("urgent", out _));
        Assert.False(posts[scheduledSoon.Id].TryGetProperty("urgent", out _)); // approved: nothing to warn about
        Assert.Equal(framed.Id.ToString(), posts[soon.Id].GetProperty("thumb").GetString());
        Assert.Equal(framed.Id.ToString(), posts[scheduledSoon.Id].GetProperty("thumb").GetString());
        Assert.False(posts[later.Id].TryGetProperty("thumb", out _)); // no frame made: no image to ask for
    }
}
