using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Webhooks;

namespace TikTokStudio.Tests.Features.Webhooks;

public sealed class WebhookRetentionTests : IDisposable
{
    private readonly StudioAppFactory app = new(settings: WebhookTestKit.SenderOff);

    [Fact]
    public async Task Old_Finished_Deliveries_And_Old_TikTok_Receipts_Go_While_Pending_And_Recent_Ones_Stay()
    {
        var (user, workspace) = await app.CreateUserAsync();
        var (endpointId, _) = await WebhookTestKit.AddEndpointAsync(app, user.Id, new Uri("https://receiver.example/hooks"));
        var now = app.Clock.GetUtcNow();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            WebhookDelivery Delivery(string id, WebhookDeliveryState state, TimeSpan age) => new()
            {
                WorkspaceId = workspace.Id, EndpointId = endpointId, MessageId = id, EventType = "post.created", Payload = "{}",
                CreatedAt = now - age, State = state,
            };
            var oldDelivered = Delivery("old-delivered", WebhookDeliveryState.Delivered, TimeSpan.FromDays(31));
            db.AddRange(oldDelivered, Delivery("old-failed", WebhookDeliveryState.Failed, TimeSpan.FromDays(40)),
                Delivery("old-pending", WebhookDeliveryState.Pending, TimeSpan.FromDays(40)),
                Delivery("recent-delivered", WebhookDeliveryState.Delivered, TimeSpan.FromDays(29)));
            db.Add(new WebhookAttempt { WorkspaceId = workspace.Id, DeliveryId = oldDelivered.Id, EndpointId = endpointId, Number = 1, At = now.AddDays(-31), StatusCode = 200 });
            db.AddRange(
                new TikTokWebhookReceipt { BodySha256 = new string('a', 64), Event = "post.publish.complete", ReceivedAt = now.AddDays(-8) },
                new TikTokWebhookReceipt { BodySha256 = new string('b', 64), Event = "post.publish.complete", ReceivedAt = now.AddDays(-6) });
            await db.SaveChangesAsync();
        }

        using var run = app.Services.CreateScope();
        var (deliveries, receipts) = await run.ServiceProvider.GetRequiredService<WebhookRetention>().RunAsync(CancellationToken.None);

        Assert.Equal(2, deliveries);
        Assert.Equal(1, receipts);
        var db2 = run.ServiceProvider.GetRequiredService<StudioDbContext>();
        Assert.Equal(["old-pending", "recent-delivered"],
            (await db2.Set<WebhookDelivery>().IgnoreQueryFilters().Select(d => d.MessageId).ToListAsync()).Order().ToList());
        Assert.Empty(await db2.Set<WebhookAttempt>().IgnoreQueryFilters().ToListAsync());
        Assert.Equal(new string('b', 64), Assert.Single(await db2.Set<TikTokWebhookReceipt>().ToListAsync()).BodySha256);
    }

    public void Dispose() => app.Dispose();
}
