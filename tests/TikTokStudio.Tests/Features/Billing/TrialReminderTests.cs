using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>
/// The trial-ending email with the clock advanced: nothing until 3 days before the end, then one email to the Owner
/// naming the end and linking the billing page, never a second one; none for a workspace with a paid plan. Each test
/// has its own app, because it moves the clock.
/// </summary>
public sealed class TrialReminderTests
{
    [Fact]
    public async Task Three_Days_Before_The_Trial_Ends_The_Owner_Gets_One_Email_With_The_End_And_The_Billing_Link()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync(workspaceName: "Reminded Co");
        var (member, _) = await app.CreateUserAsync(workspaceName: "Member's own");
        await AddEditorAsync(app, member.Id, workspace.Id);

        app.Clock.Advance(TimeSpan.FromDays(Workspace.TrialDays) - TrialReminders.Ahead - TimeSpan.FromHours(1));
        var early = await RunAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var due = await RunAsync(app);
        var again = await RunAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var dayLater = await RunAsync(app);

        // Two workspaces' trials end then: the Owner's, and the one the Editor owns themselves.
        Assert.Equal([0, 2, 0, 0], new[] { early, due, again, dayLater });
        var mail = Assert.Single(await OutboxOfAsync(app, owner.Email!));
        var endsAt = (await WorkspaceAsync(app, workspace.Id)).TrialEndsAt;
        var when = TrialReminders.EndsAtText(endsAt, TimeZoneInfo.FindSystemTimeZoneById(workspace.TimeZoneId));
        Assert.Equal($"Your TikTok Studio trial for Reminded Co ends {when}", mail.Subject);
        Assert.Contains($"ends on {when}", mail.HtmlBody);
        Assert.Contains("href=\"/app/billing\"", mail.HtmlBody);
        Assert.DoesNotContain(await OutboxOfAsync(app, member.Email!), m => m.Subject.Contains("Reminded Co"));
        Assert.NotNull((await BillingAsync(app, workspace.Id))!.TrialReminderSentAt);
    }

    [Fact]
    public async Task A_Workspace_That_Already_Pays_Gets_No_Trial_Reminder()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");

        app.Clock.Advance(TimeSpan.FromDays(Workspace.TrialDays - 2));
        var sent = await RunAsync(app);

        Assert.Equal(0, sent);
        Assert.Empty(await OutboxOfAsync(app, owner.Email!));
    }

    [Fact]
    public async Task The_Reminder_Runs_As_A_Scheduled_Job()
    {
        await using var app = new StudioAppFactory();
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var triggers = await scheduler.GetTriggersOfJob(TrialReminderJob.Key);

        Assert.NotNull(await scheduler.GetJobDetail(TrialReminderJob.Key));
        Assert.Single(triggers);
    }

    private static async Task<int> RunAsync(StudioAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrialReminders>().RunAsync(CancellationToken.None);
    }

    private static async Task AddEditorAsync(StudioAppFactory app, string userId, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Memberships.Add(new Membership { UserId = userId, WorkspaceId = workspaceId, Role = WorkspaceRole.Editor, CreatedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private static async Task<List<TikTokStudio.Web.Email.OutboxEmail>> OutboxOfAsync(StudioAppFactory app, string to)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().OutboxEmails.AsNoTracking().Where(e => e.To == to).ToListAsync();
    }

    private static async Task<Workspace> WorkspaceAsync(StudioAppFactory app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Workspaces.AsNoTracking().SingleAsync(w => w.Id == id);
    }

    private static async Task<WorkspaceBilling?> BillingAsync(StudioAppFactory app, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<WorkspaceBilling>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(b => b.WorkspaceId == workspaceId);
    }
}
