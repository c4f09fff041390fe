using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Webhooks;
using static TikTokStudio.Tests.Features.Billing.StripeAppKit;

namespace TikTokStudio.Tests.Features.Billing;

/// <summary>
/// The app's Stripe side through the front door: Checkout through the emulator, the verified webhook as the only
/// writer of the plan, signatures (valid, wrong secret, stale, tampered, replayed) and out-of-order events.
/// </summary>
public sealed class StripeWebhookTests : IClassFixture<RealServerFixture>
{
    private readonly StudioAppFactory app;

    public StripeWebhookTests(RealServerFixture server) => app = server.App;

    private long Now => app.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task Paying_Checkout_With_4242_Puts_The_Workspace_On_Pro_Only_Through_The_Webhook()
    {
        var (user, workspace) = await app.CreateUserAsync();

        var checkout = await StartCheckoutAsync(app, user.Id);
        var before = await BillingOfAsync(app, workspace.Id);
        var paid = await PayAsync(app, checkout, "4242 4242 4242 4242");
        await WebhooksSettledAsync(app);

        Assert.StartsWith(app.ServerAddress + "emulators/stripe/checkout/", checkout);
        Assert.Equal(SubscriptionState.None, before!.State);
        Assert.Null(before.PlanId);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal(app.ServerAddress + "app/billing?checkout=done", paid.Headers.Location!.ToString());
        var after = await BillingOfAsync(app, workspace.Id);
        Assert.Equal("pro", after!.PlanId);
        // The 14-day free trial carries over into Stripe as a trial: nothing is charged before it ends.
        Assert.Equal(SubscriptionState.Trialing, after.State);
        Assert.StartsWith("sub_", after.StripeSubscriptionId);
        var standing = await app.Services.AsUserAsync(user.Id, s => s.GetRequiredService<PlanEntitlements>().StandingAsync());
        Assert.Equal((StandingKind.Active, "pro"), (standing.Kind, standing.Plan.Id));
    }

    [Fact]
    public async Task A_Plan_Change_Through_Stripe_Is_Logged_Once_And_Raises_Subscription_Changed_Without_Stripe_Secrets()
    {
        var (user, workspace) = await app.CreateUserAsync();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            // A receiver on loopback's discard port: the delivery row is what this test reads, not the attempt.
            db.Add(new WebhookEndpoint
            {
                WorkspaceId = workspace.Id, Url = "http://127.0.0.1:9/hooks", Events = ActivityKinds.SubscriptionChanged,
                ProtectedSecret = "protected-test-secret", CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await PayAsync(app, await StartCheckoutAsync(app, user.Id), "4242 4242 4242 4242");
        await WebhooksSettledAsync(app);

        // Checkout, subscription.created and invoice.paid all arrive; only the first one changes anything.
        var entry = Assert.Single(await app.RowsOfAsync<ActivityEntry>(workspace.Id), e => e.Kind == ActivityKinds.SubscriptionChanged);
        Assert.StartsWith("Subscription changed through Stripe: plan Pro, interval monthly, status trialing, period ends ", entry.Summary);
        Assert.EndsWith("(was: no paid plan).", entry.Summary);
        var delivery = Assert.Single(await app.RowsOfAsync<WebhookDelivery>(workspace.Id));
        Assert.Equal(ActivityKinds.SubscriptionChanged, delivery.EventType);
        Assert.Contains("plan Pro, interval monthly, status trialing", delivery.Payload);
        var billing = await BillingOfAsync(app, workspace.Id);
        var subscription = System.Text.Json.JsonDocument.Parse(delivery.Payload).RootElement.GetProperty("data").GetProperty("subscription");
        Assert.Equal("pro", subscription.GetProperty("plan").GetString());
        Assert.Equal("monthly", subscription.GetProperty("interval").GetString());
        Assert.Equal("trialing", subscription.GetProperty("status").GetString());
        Assert.Equal(billing!.CurrentPeriodEnd!.Value.ToUnixTimeSeconds(), subscription.GetProperty("current_period_end").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.False(subscription.GetProperty("cancel_at_period_end").GetBoolean());
        Assert.DoesNotContain(billing.StripeSubscriptionId!, delivery.Payload);
        Assert.DoesNotContain(billing.StripeCustomerId!, delivery.Payload);
        Assert.DoesNotContain(WebhookSecret, delivery.Payload);
    }

    [Fact]
    public async Task A_Yearly_Starter_Plan_Is_Recorded_With_Its_Interval()
    {
        var (user, workspace) = await app.CreateUserAsync();

        await PayAsync(app, await StartCheckoutAsync(app, user.Id, "starter", BillingInterval.Yearly), "4242424242424242");
        await WebhooksSettledAsync(app);

        var billing = await BillingOfAsync(app, workspace.Id);
        Assert.Equal(("starter", BillingInterval.Yearly), (billing!.PlanId, billing.Interval));
    }

    [Fact]
    public async Task A_Declined_Card_Changes_Nothing()
    {
        var (user, workspace) = await app.CreateUserAsync();

        var declined = await PayAsync(app, await StartCheckoutAsync(app, user.Id), "4000 0000 0000 9995");
        await WebhooksSettledAsync(app);

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        var billing = await BillingOfAsync(app, workspace.Id);
        Assert.Null(billing!.PlanId);
        Assert.Null(billing.StripeSubscriptionId);
    }

    [Fact]
    public async Task A_Validly_Signed_Event_About_No_Workspace_Of_Ours_Is_Accepted_And_Ignored()
    {
        var payload = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", "sub_nobody", "cus_nobody", "active", Guid.NewGuid().ToString());

        var response = await PostWebhookAsync(app, payload, Sign(payload, Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ignored", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Signature_With_The_Wrong_Secret_Is_Refused()
    {
        var payload = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", "sub_x", "cus_x", "active", Guid.NewGuid().ToString());

        var response = await PostWebhookAsync(app, payload, Sign(payload, Now, "whsec_not_ours"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_Signature_Older_Than_Five_Minutes_Is_Refused()
    {
        var payload = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", "sub_x", "cus_x", "active", Guid.NewGuid().ToString());

        var stale = await PostWebhookAsync(app, payload, Sign(payload, Now - 301));
        var fresh = await PostWebhookAsync(app, payload, Sign(payload, Now - 290));

        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task A_Tampered_Body_Or_A_Missing_Signature_Is_Refused()
    {
        var payload = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", "sub_x", "cus_x", "past_due", Guid.NewGuid().ToString());
        var signature = Sign(payload, Now);

        var tampered = await PostWebhookAsync(app, payload.Replace("past_due", "active"), signature);
        var unsigned = await PostWebhookAsync(app, payload, "");

        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
    }

    [Fact]
    public async Task The_Same_Event_Twice_Changes_Nothing_The_Second_Time()
    {
        var (user, workspace) = await app.CreateUserAsync();
        await PayAsync(app, await StartCheckoutAsync(app, user.Id), "4242424242424242");
        await WebhooksSettledAsync(app);
        var billing = await BillingOfAsync(app, workspace.Id);
        var payload = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", billing!.StripeSubscriptionId!, billing.StripeCustomerId!, "trialing", workspace.Id.ToString());

        var first = await PostWebhookAsync(app, payload, Sign(payload, Now));
        var stamp = (await BillingOfAsync(app, workspace.Id))!.UpdatedAt;
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var replay = await PostWebhookAsync(app, payload, Sign(payload, Now));

        Assert.Contains("Applied", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("Duplicate", await replay.Content.ReadAsStringAsync());
        Assert.Equal(stamp, (await BillingOfAsync(app, workspace.Id))!.UpdatedAt);
    }

    [Fact]
    public async Task A_Late_Event_Saying_Active_After_Cancellation_Leaves_The_Subscription_Canceled()
    {
        var (user, workspace) = await app.CreateUserAsync();
        await PayAsync(app, await StartCheckoutAsync(app, user.Id), "4242424242424242");
        await WebhooksSettledAsync(app);
        var billing = await BillingOfAsync(app, workspace.Id);
        var stripe = app.Services.GetRequiredService<StripeGateway>().Client;
        await new Stripe.SubscriptionService(stripe).CancelAsync(billing!.StripeSubscriptionId);
        await WebhooksSettledAsync(app);
        Assert.Equal(SubscriptionState.Canceled, (await BillingOfAsync(app, workspace.Id))!.State);

        // An "active" snapshot from before the cancellation, delivered last.
        var late = SubscriptionEvent("evt_" + Guid.NewGuid().ToString("N"), "customer.subscription.updated", billing.StripeSubscriptionId!, billing.StripeCustomerId!, "active", workspace.Id.ToString());
        var response = await PostWebhookAsync(app, late, Sign(late, Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SubscriptionState.Canceled, (await BillingOfAsync(app, workspace.Id))!.State);
    }

    [Fact]
    public async Task Only_The_Owner_Can_Start_Checkout()
    {
        var (owner, workspace) = await app.CreateUserAsync();
        var (editor, _) = await app.CreateUserAsync();
        await Connections.ConnectionsTestData.AddMemberAsync(app, editor.Id, workspace.Id, Web.Features.Workspaces.WorkspaceRole.Admin);

        var refused = await Record.ExceptionAsync(() => StartCheckoutAsync(app, editor.Id));

        Assert.IsType<UnauthorizedAccessException>(refused);
        Assert.Null(await BillingOfAsync(app, workspace.Id));
    }
}
