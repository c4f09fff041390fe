using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Features.Webhooks;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Webhooks;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>
/// The plan features (approvals, the API and webhooks) at the place each is used: refused with the plan's words and the
/// Upgrade flag on a plan without it, and nothing already made is lost by a downgrade.
/// </summary>
public sealed class PlanFeatureTests : IDisposable
{
    private const string OnStarter = "The API and webhooks are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.";
    private readonly StudioAppFactory app = new(settings: WebhookTestKit.SenderOff);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_Key_Is_Refused_On_Starter_And_Made_On_Pro_And_A_Downgrade_Keeps_It_Listed_And_Revocable()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        Task<T> AsOwner<T>(Func<ApiKeyService, Task<T>> act) => app.Services.AsUserAsync(owner.Id, s => act(s.GetRequiredService<ApiKeyService>()));
        var request = new ApiKeyRequest("Zapier", WorkspaceRole.Editor, [], ApiKeyExpiry.Days30);
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var refused = await AsOwner(k => k.CreateAsync(request));
        var refusal = await AsOwner(k => k.PlanRefusalAsync());
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        var created = await AsOwner(k => k.CreateAsync(request));
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        var listed = await AsOwner(k => k.ListAsync());
        var revoked = await AsOwner(k => k.RevokeAsync(created.Key!.Id));

        Assert.False(refused.Created);
        Assert.Equal(OnStarter, refused.ErrorFor(ApiKeyService.PlanField));
        Assert.Equal(OnStarter, refusal);
        Assert.True(created.Created);
        Assert.Equal(created.Key!.Id, Assert.Single(listed).Key.Id);
        Assert.True(revoked.Done, revoked.Message);
        Assert.Single(await app.RowsOfAsync<ApiKey>(workspace.Id));
        Assert.Single(await app.RowsOfAsync<ActivityEntry>(workspace.Id), e => e.Kind == ActivityKinds.ApiKeyCreated);
    }

    [Fact]
    public async Task On_A_Plan_Without_Webhooks_No_Endpoint_Is_Added_No_Event_Is_Queued_And_An_Upgrade_Sends_Again()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        Task<WebhookResult> AsOwner(Func<WebhookEndpoints, Task<WebhookResult>> act) =>
            app.Services.AsUserAsync(owner.Id, s => act(s.GetRequiredService<WebhookEndpoints>()));
        var (endpointId, _) = await WebhookTestKit.AddEndpointAsync(app, owner.Id, new Uri("https://receiver.example/hooks"));
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.MediaReady, "On the trial");
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");

        var added = await AsOwner(e => e.CreateAsync(new EndpointInput("https://second.example/hooks", null, true, [], true), CancellationToken.None));
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.MediaReady, "On Starter");
        var test = await AsOwner(e => e.SendTestAsync(endpointId, CancellationToken.None));
        var deliveryOnTrial = Assert.Single(await WebhookTestKit.DeliveriesAsync(app, workspace.Id));
        var resend = await AsOwner(e => e.ResendAsync(deliveryOnTrial.Id, CancellationToken.None));
        var edit = await AsOwner(e => e.UpdateAsync(endpointId, new EndpointInput("https://receiver.example/hooks", "still here", true, [], true), CancellationToken.None));
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "pro");
        await WebhookTestKit.RecordAsync(app, workspace.Id, ActivityKinds.MediaReady, "On Pro");

        Assert.Equal((false, true, OnStarter), (added.Ok, added.OverPlan, added.Message));
        Assert.Equal((false, true, OnStarter), (test.Ok, test.OverPlan, test.Message));
        Assert.Equal((false, true, OnStarter), (resend.Ok, resend.OverPlan, resend.Message));
        Assert.True(edit.Ok, edit.Message); // the endpoint and its log stay the workspace's to change or remove
        var endpoint = Assert.Single(await app.RowsOfAsync<WebhookEndpoint>(workspace.Id));
        Assert.Equal(endpointId, endpoint.Id);
        // The trial's event and Pro's, none of Starter's: nothing is sent later for a time without the feature.
        var deliveries = await WebhookTestKit.DeliveriesAsync(app, workspace.Id);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(ActivityKinds.MediaReady, d.EventType));
        Assert.Equal(deliveryOnTrial.Id, deliveries[0].Id);
    }

    [Fact]
    public async Task Approvals_On_Starter_Are_Refused_As_A_Plan_Limit_And_Turning_Them_Off_Is_Always_Allowed()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        await BillingTestData.PutOnPlanAsync(app, workspace.Id, "starter");
        Task<ApprovalResult> SetAsync(ApprovalMode mode) => app.Services.AsUserAsync(owner.Id, s => s.GetRequiredService<ApprovalService>().UpdateModeAsync(mode));

        var on = await SetAsync(ApprovalMode.Contributors);
        var off = await SetAsync(ApprovalMode.Off);

        Assert.Equal((false, true), (on.Done, on.OverPlan));
        Assert.Equal("Approvals are part of the Pro and Agency plans; this workspace is on Starter. Upgrade to use them.", on.Message);
        Assert.True(off.Done, off.Message);
        Assert.False(off.OverPlan);
    }
}
