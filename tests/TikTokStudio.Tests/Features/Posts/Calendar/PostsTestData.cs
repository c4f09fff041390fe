using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Posts.Calendar;

/// <summary>A signed-in member of a fresh workspace, with the token the page rendered for fetch requests (the tus uploads).</summary>
public sealed record Member(HttpClient Client, string Token, ApplicationUser User, Workspace Workspace);

/// <summary>Rows written straight into the database (accounts, posts) and the requests the calendar and list send.</summary>
public static class PostsTestData
{
    public const string DirectScopes = "user.info.basic,user.info.profile,video.list,video.publish,video.upload";
    public const string UploadOnlyScopes = "user.info.basic,video.upload";

    public static async Task<Member> SignedInAsync(StudioAppFactory app, string timeZoneId = "Europe/Berlin", string workspaceName = "Calendar Co")
    {
        var (user, workspace) = await app.CreateUserAsync(workspaceName: workspaceName, timeZoneId: timeZoneId);
        var client = await app.SignInAsync(user.Email!);
        var token = StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app"));
        return new Member(client, token, user, workspace);
    }

    /// <summary>Another user who is a member of <paramref name="workspace"/> with <paramref name="role"/>, signed in and switched to it.</summary>
    public static async Task<Member> MemberOfAsync(StudioAppFactory app, Workspace workspace, WorkspaceRole role)
    {
        var (user, _) = await app.CreateUserAsync(workspaceName: "Their own");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = user.Id, WorkspaceId = workspace.Id, Role = role, CreatedAt = DateTimeOffset.UtcNow });
            (await db.Users.SingleAsync(u => u.Id == user.Id)).CurrentWorkspaceId = workspace.Id;
            await db.SaveChangesAsync();
        }
        var client = await app.SignInAsync(user.Email!);
        var token = StudioAppFactory.AntiforgeryMetaOf(await client.GetStringAsync("/app"));
        return new Member(client, token, user, workspace);
    }

    public static async Task<TikTokAccount> AddAccountAsync(StudioAppFactory app, Guid workspaceId, string username, Action<TikTokAccount>? configure = null)
    {
        var account = new TikTokAccount
        {
            WorkspaceId = workspaceId,
            OpenId = Guid.NewGuid().ToString("N"),
            DisplayName = username[..1].ToUpperInvariant() + username[1..],
            Username = username,
            AvatarUrl = $"/emulators/tiktok/avatars/{username}.png",
            GrantedScopes = DirectScopes,
            PrivacyLevelOptions = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,SELF_ONLY",
            ConnectedAt = DateTimeOffset.UtcNow,
        };
        configure?.Invoke(account);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Set<TikTokAccount>().Add(account);
        await db.SaveChangesAsync();
        return account;
    }

    public static async Task<Post> AddPostAsync(StudioAppFactory app, Member member, TikTokAccount account, PostStatus status, DateTimeOffset? publishAt,
        string title = "A caption", Action<Post>? configure = null)
    {
        var posts = await AddPostsAsync(app, member, account, [(status, publishAt, title)], configure);
        return posts[0];
    }

    public static async Task<IReadOnlyList<Post>> AddPostsAsync(StudioAppFactory app, Member member, TikTokAccount account,
        IEnumerable<(PostStatus Status, DateTimeOffset? PublishAt, string Title)> rows, Action<Post>? configure = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var posts = new List<Post>();
        foreach (var (status, publishAt, title) in rows)
        {
            var post = new Post
            {
                WorkspaceId = member.Workspace.Id,
                CompositionId = Guid.CreateVersion7(),
                AccountId = account.Id,
                Kind = PostKind.Video,
                VideoMediaId = Guid.NewGuid(),
                Title = title,
                PrivacyLevel = "PUBLIC_TO_EVERYONE",
                Status = status,
                PublishAt = publishAt?.ToUniversalTime(),
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                CreatedByUserId = member.User.Id,
            };
            configure?.Invoke(post);
            posts.Add(post);
        }
        db.Set<Post>().AddRange(posts);
        await db.SaveChangesAsync();
        return posts;
    }

    public static async Task<Post?> FindPostAsync(StudioAppFactory app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<Post>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id);
    }

    public static async Task<IReadOnlyList<PostEvent>> EventsOfAsync(StudioAppFactory app, Guid postId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<PostEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.PostId == postId).ToListAsync();
    }

    public static async Task ScheduleTriggerAsync(StudioAppFactory app, Post post)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PostScheduler>().ScheduleAsync(post, CancellationToken.None);
    }

    /// <summary>The slot the post's trigger publishes at (UTC), or null when it has none.</summary>
    public static async Task<DateTimeOffset?> TriggerTimeAsync(StudioAppFactory app, Guid postId)
    {
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(PostScheduler.SlotTriggerFor(postId));
        return PostScheduler.SlotOf(trigger);
    }

    public static Task<HttpResponseMessage> PostFormAsync(Member member, string url, IEnumerable<KeyValuePair<string, string>> form, bool withToken = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (withToken) request.Headers.Add("RequestVerificationToken", member.Token);
        return member.Client.SendAsync(request);
    }

    /// <summary>An instant from a wall-clock time in a zone (test input; the app's own conversion is what is tested).</summary>
    public static DateTimeOffset At(string timeZoneId, int year, int month, int day, int hour, int minute = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A day safely in the future (whole days from today in the zone), for rules that refuse the past.</summary>
    public static DateOnly DaysAhead(string timeZoneId, int days) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime).AddDays(days);

    /// <summary>The last Sunday of March of next year: Europe's spring-forward day (2027-03-28 when written).</summary>
    public static DateOnly NextSpringForward()
    {
        var year = DateTime.UtcNow.Year + 1;
        var day = new DateOnly(year, 3, 31);
        while (day.DayOfWeek != DayOfWeek.Sunday) day = day.AddDays(-1);
        return day;
    }
}
