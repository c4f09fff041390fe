using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Webhooks;

namespace TikTokStudio.Tests.Features.Webhooks;

/// <summary>Builders for webhook tests: endpoints made through the page's handler, events recorded through the activity seam.</summary>
public static class WebhookTestKit
{
    public static Dictionary<string, string> SenderOff => new() { ["Webhooks:SenderEnabled"] = "false" };

    public static async Task<(Guid Id, string Secret)> AddEndpointAsync(StudioAppFactory app, string userId, Uri url, IReadOnlyCollection<string>? events = null)
    {
        var result = await app.Services.AsUserAsync(userId, sp => sp.GetRequiredService<WebhookEndpoints>()
            .CreateAsync(new EndpointInput(url.ToString(), "test receiver", events is null, events ?? [], true), CancellationToken.None));
        Assert.True(result.Ok, result.Message);
        return (result.EndpointId!.Value, result.Secret!);
    }

    /// <summary>Records one activity entry (as the system) and commits it, as a job's change would.</summary>
    public static async Task RecordAsync(StudioAppFactory app, Guid workspaceId, string kind, string summary = "Something happened",
        Guid? postId = null, Guid? accountId = null, string? subjectId = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        scope.ServiceProvider.GetRequiredService<ActivityRecorder>().Record(db, workspaceId, kind, summary, postId, accountId, subjectId);
        await db.SaveChangesAsync();
    }

    public static async Task<List<WebhookDelivery>> DeliveriesAsync(StudioAppFactory app, Guid workspaceId) =>
        (await app.RowsOfAsync<WebhookDelivery>(workspaceId)).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToList();

    public static async Task<WebhookEndpoint> EndpointAsync(StudioAppFactory app, Guid endpointId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<WebhookEndpoint>().IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.Id == endpointId);
    }

    public static async Task<int> SendDueAsync(StudioAppFactory app) =>
        await app.Services.GetRequiredService<WebhookSender>().SendDueAsync(CancellationToken.None);
}
