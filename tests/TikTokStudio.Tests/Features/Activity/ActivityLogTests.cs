using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Connections;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Activity;

/// <summary>
/// Reading the log: newest first a page at a time, each filter, the workspace's own entries only, the CSV (with its
/// formula escaping and its refusal), append-only at the data layer, and the retention job as the one deleter.
/// </summary>
public sealed class ActivityLogTests(StudioAppFactoryFixture fixture) : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app = fixture.App;
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_Are_Newest_First_And_The_Total_Counts_Every_Entry()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Paging Co");
        for (var i = 0; i < ActivityFilter.PageSize + 5; i++)
            await app.AddEntryAsync(workspace.Id, Day.AddMinutes(i), ActivityKinds.PostCreated, $"Entry {i}");

        var first = await PageAsync(owner.Id, new ActivityFilter());
        var second = await PageAsync(owner.Id, new ActivityFilter { Page = 2 });

        Assert.Equal(ActivityFilter.PageSize + 5, first.Total);
        Assert.Equal($"Entry {ActivityFilter.PageSize + 4}", first.Rows[0].Summary);
        Assert.Equal(ActivityFilter.PageSize, first.Rows.Count);
        Assert.Equal(["Entry 4", "Entry 3", "Entry 2", "Entry 1", "Entry 0"], second.Rows.Select(r => r.Summary));
    }

    [Fact]
    public async Task Each_Filter_Narrows_To_Its_Entries()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Filter Co", timeZoneId: "America/New_York");
        var account = await ConnectionsTestData.AddAccountAsync(app, workspace, "Brand", "brand");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.PostScheduled, "Alice scheduled", actorId: "alice", actorName: "alice@example.com", accountId: account.Id);
        await app.AddEntryAsync(workspace.Id, Day.AddDays(1), ActivityKinds.MemberInvited, "Bob invited", actorId: "bob", actorName: "bob@example.com");
        await app.AddEntryAsync(workspace.Id, Day.AddDays(2), ActivityKinds.PostPublished, "Engine published", ActorKind.System, null, "TikTok Studio", accountId: account.Id, ip: null);
        await app.AddEntryAsync(workspace.Id, Day.AddDays(3), ActivityKinds.SettingsChanged, "Key renamed", ActorKind.ApiKey, "k1", "API key Zapier");

        async Task<string[]> Summaries(ActivityFilter filter) => (await PageAsync(owner.Id, filter)).Rows.Select(r => r.Summary).ToArray();

        Assert.Equal(["Alice scheduled"], await Summaries(new() { Member = "alice" }));
        Assert.Equal(["Engine published"], await Summaries(new() { Member = ActivityFilter.SystemActor }));
        Assert.Equal(["Key renamed"], await Summaries(new() { Member = "key:k1" }));
        Assert.Equal(["Engine published", "Alice scheduled"], await Summaries(new() { Account = account.Id }));
        Assert.Equal(["Bob invited"], await Summaries(new() { Group = ActivityGroup.Members }));
        Assert.Equal(["Key renamed"], await Summaries(new() { Group = ActivityGroup.Settings }));
        Assert.Equal(["Engine published", "Alice scheduled"], await Summaries(new() { Group = ActivityGroup.Posts }));
        // Days are New York's: 11 March there runs from 05:00 UTC on the 11th to 04:00 UTC on the 12th (DST began on the 8th).
        Assert.Equal(["Bob invited"], await Summaries(new() { From = new(2026, 3, 11), To = new(2026, 3, 11) }));
        var actors = await app.ActAsync(owner.Id, s => s.GetRequiredService<ActivityLog>().ActorsAsync());
        Assert.Equal(["alice", "k1", "bob", "system"], actors.Select(a => a.Key.Replace("key:", "")));
    }

    [Fact]
    public void The_Filter_Round_Trips_Through_The_Address_And_Ignores_What_It_Cannot_Read()
    {
        var filter = new ActivityFilter { Member = "key:abc", Account = Guid.Parse("0d5e4c9a-1111-4a6f-9a55-9f5b8d7b2c10"), Group = ActivityGroup.Accounts,
            From = new(2026, 1, 2), To = new(2026, 1, 31), Page = 3 };

        var back = ActivityFilter.FromUri("http://localhost" + filter.PageUrl());
        var junk = ActivityFilter.FromUri("http://localhost/app/activity?account=nope&kind=everything&from=yesterday&page=-4");

        Assert.Equal(filter, back);
        Assert.Equal("/app/activity.csv?member=key%3Aabc&account=0d5e4c9a-1111-4a6f-9a55-9f5b8d7b2c10&kind=accounts&from=2026-01-02&to=2026-01-31", filter.CsvUrl());
        Assert.Equal(new ActivityFilter(), junk);
    }

    [Fact]
    public async Task Another_Workspaces_Entries_Are_Never_Shown()
    {
        var (ownerA, workspaceA) = await app.CreateUserAsync(workspaceName: "A Co");
        var (_, workspaceB) = await app.CreateUserAsync(workspaceName: "B Co");
        var postOfB = Guid.NewGuid();
        await app.AddEntryAsync(workspaceA.Id, Day, ActivityKinds.PostCreated, "A's entry");
        await app.AddEntryAsync(workspaceB.Id, Day, ActivityKinds.PostCreated, "B's entry", postId: postOfB, actorId: "b-user", actorName: "b@example.com");

        var page = await PageAsync(ownerA.Id, new ActivityFilter());
        var byB = await PageAsync(ownerA.Id, new ActivityFilter { Member = "b-user" });
        var postEntries = await app.ActAsync(ownerA.Id, s => s.GetRequiredService<ActivityLog>().ForPostAsync(postOfB));
        var actors = await app.ActAsync(ownerA.Id, s => s.GetRequiredService<ActivityLog>().ActorsAsync());
        var client = await app.SignInAsync(ownerA.Email!);
        var csv = await client.GetStringAsync("/app/activity.csv");

        Assert.Equal(["A's entry"], page.Rows.Select(r => r.Summary));
        Assert.Empty(byB.Rows);
        Assert.Empty(postEntries);
        Assert.DoesNotContain(actors, a => a.Key == "b-user");
        Assert.Contains("A's entry", csv);
        Assert.DoesNotContain("B's entry", csv);
    }

    [Fact]
    public async Task The_Csv_Has_The_Filtered_Entries_With_Formulas_Escaped_And_Is_Refused_To_Those_Who_May_Not_Read_The_Log()
    {
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Csv Co");
        await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.PostCreated, "=HYPERLINK(\"http://evil\")", actorName: "=cmd@example.com");
        await app.AddEntryAsync(workspace.Id, Day.AddHours(1), ActivityKinds.MemberInvited, "Invited someone");
        var (viewer, _) = await app.CreateUserAsync(workspaceName: "Viewer's own");
        await ConnectionsTestData.AddMemberAsync(app, viewer.Id, workspace.Id, WorkspaceRole.Viewer);
        var client = await app.SignInAsync(owner.Email!);
        var viewerClient = await app.SignInAsync(viewer.Email!);

        var response = await client.GetAsync("/app/activity.csv?kind=posts");
        var refused = await viewerClient.GetAsync("/app/activity.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("When (Europe/Berlin),When (UTC),Who,", lines[0]);
        Assert.Contains("'=cmd@example.com", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[1]);
        Assert.Contains("192.0.2.1", lines[1]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ActivityLog.Refusal, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Entries_Cannot_Be_Changed_Or_Deleted_Through_The_Data_Layer()
    {
        var (_, workspace) = await app.CreateUserAsync(workspaceName: "Append Co");
        var entry = await app.AddEntryAsync(workspace.Id, Day, ActivityKinds.PostCreated, "Original");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var context = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        using var _ = context.ActFor(workspace);
        var tracked = await db.Set<ActivityEntry>().SingleAsync(e => e.Id == entry.Id);
        tracked.Summary = "Rewritten";
        var edit = await Record.ExceptionAsync(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Remove(await db.Set<ActivityEntry>().SingleAsync(e => e.Id == entry.Id));
        var delete = await Record.ExceptionAsync(() => db.SaveChangesAsync());

        Assert.IsType<InvalidOperationException>(edit);
        Assert.IsType<InvalidOperationException>(delete);
        Assert.Equal("Original", (await app.EntriesAsync(workspace.Id)).Single().Summary);
    }

    [Fact]
    public async Task The_Retention_Job_Deletes_Only_Entries_Older_Than_The_Retention_In_Every_Workspace()
    {
        var (_, workspaceA) = await app.CreateUserAsync(workspaceName: "Old A");
        var (_, workspaceB) = await app.CreateUserAsync(workspaceName: "Old B");
        var now = app.Clock.GetUtcNow();
        await app.AddEntryAsync(workspaceA.Id, now - ActivityEntry.Retention - TimeSpan.FromDays(1), ActivityKinds.PostCreated, "Too old A");
        await app.AddEntryAsync(workspaceB.Id, now - ActivityEntry.Retention - TimeSpan.FromMinutes(5), ActivityKinds.PostCreated, "Too old B");
        await app.AddEntryAsync(workspaceA.Id, now - ActivityEntry.Retention + TimeSpan.FromDays(1), ActivityKinds.PostCreated, "Kept A");
        await app.AddEntryAsync(workspaceB.Id, now.AddDays(-1), ActivityKinds.PostCreated, "Kept B");

        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ActivityRetention>().RunAsync(CancellationToken.None);

        Assert.True(ActivityEntry.Retention >= TimeSpan.FromDays(365), "the issue promises at least a year");
        Assert.Equal(["Kept A"], (await app.EntriesAsync(workspaceA.Id)).Select(e => e.Summary));
        Assert.Equal(["Kept B"], (await app.EntriesAsync(workspaceB.Id)).Select(e => e.Summary));
    }

    private Task<ActivitySlice> PageAsync(string userId, ActivityFilter filter) =>
        app.ActAsync(userId, s => s.GetRequiredService<ActivityLog>().PageAsync(filter));
}
