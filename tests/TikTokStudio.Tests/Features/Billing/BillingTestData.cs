using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>The plans as appsettings.json defines them, and a workspace put on a plan directly (as a verified webhook would).</summary>
public static class BillingTestData
{
    private const long GiB = 1024L * 1024 * 1024;

    public static BillingOptions Options() => new()
    {
        TrialPlanId = "pro",
        PastDueGraceDays = 7,
        Plans =
        [
            new() { Id = "starter", Name = "Starter", MonthlyPrice = 1900, YearlyPrice = 19000,
                Limits = new() { ConnectedAccounts = 2, Members = 1, ScheduledPostsPerMonth = 150, StorageBytes = 10 * GiB } },
            new() { Id = "pro", Name = "Pro", MonthlyPrice = 4900, YearlyPrice = 49000,
                Limits = new() { ConnectedAccounts = 10, Members = 5, StorageBytes = 50 * GiB }, Features = ["approvals", "api_and_webhooks"] },
            new() { Id = "agency", Name = "Agency", MonthlyPrice = 14900, YearlyPrice = 149000,
                Limits = new() { ConnectedAccounts = 50, StorageBytes = 200 * GiB }, Features = ["approvals", "api_and_webhooks", "per_account_access"] },
        ],
    };

    public static async Task PutOnPlanAsync(StudioAppFactory app, Guid workspaceId, string planId, SubscriptionState state = SubscriptionState.Active,
        DateTimeOffset? pastDueSince = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var row = await db.Set<WorkspaceBilling>().IgnoreQueryFilters().FirstOrDefaultAsync(b => b.WorkspaceId == workspaceId);
        if (row is null)
        {
            row = new WorkspaceBilling { WorkspaceId = workspaceId };
            db.Add(row);
        }
        row.PlanId = planId;
        row.Interval = BillingInterval.Monthly;
        row.State = state;
        row.PastDueSince = pastDueSince;
        row.UpdatedAt = app.Clock.GetUtcNow();
        row.CurrentPeriodEnd = app.Clock.GetUtcNow().AddDays(30);
        await db.SaveChangesAsync();
    }

    public static async Task EndTrialAsync(StudioAppFactory app, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId);
        workspace.TrialEndsAt = app.Clock.GetUtcNow().AddMinutes(-1);
        await db.SaveChangesAsync();
    }
}
