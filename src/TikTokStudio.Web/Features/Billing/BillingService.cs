using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Billing;

public sealed record InvoiceRow(string Number, DateTimeOffset Date, long Amount, string Currency, string Status, string? HostedUrl, string? PdfUrl);

/// <summary>What the billing page shows: where the workspace stands, its usage against every limit, plans, invoices.</summary>
public sealed record BillingOverview(
    PlanStanding Standing, PlanUsage Usage, IReadOnlyList<PlanDefinition> Plans, IReadOnlyList<string> OverLimits,
    IReadOnlyList<InvoiceRow> Invoices, string? InvoicesProblem, bool HasCustomer, bool HasSubscription, StripeMode Mode, int PausedOverLimits = 0);

/// <summary>
/// The Owner's billing actions: the overview, Stripe Checkout for a plan, the Customer Portal. Nothing here changes
/// the plan itself: only verified webhooks do (<see cref="StripeWebhookHandler"/>).
/// </summary>
public sealed class BillingService(
    StudioDbContext db, WorkspaceContext workspace, PlanEntitlements entitlements, StripeGateway stripe, StripeSettings settings,
    IOptions<BillingOptions> options, TimeProvider time)
{
    public const string WorkspaceMetadataKey = "workspace_id";
    public static readonly string OnlyOwner = Permissions.Refusal(StudioAction.ManageBilling);

    public async Task<BillingOverview> OverviewAsync(CancellationToken ct = default)
    {
        RequireOwner();
        var standing = await entitlements.StandingAsync(ct);
        var usage = await entitlements.UsageAsync(ct);
        var billing = await db.Set<WorkspaceBilling>().AsNoTracking().FirstOrDefaultAsync(ct);
        var invoices = new List<InvoiceRow>();
        string? problem = null;
        if (billing?.StripeCustomerId is { } customer && settings.Enabled)
        {
            try
            {
                var list = await new InvoiceService(stripe.Client).ListAsync(new InvoiceListOptions { Customer = customer, Limit = 24 }, cancellationToken: ct);
                invoices.AddRange(list.Data.Select(i => new InvoiceRow(i.Number ?? i.Id, new DateTimeOffset(DateTime.SpecifyKind(i.Created, DateTimeKind.Utc)),
                    i.AmountDue, i.Currency, i.Status, i.HostedInvoiceUrl, i.InvoicePdf)));
            }
            catch (Exception e) when (e is StripeException or HttpRequestException)
            {
                problem = "Stripe did not answer, so invoices cannot be listed right now. Your plan is not affected; try again in a minute.";
            }
        }
        var pausedOverLimits = await db.Set<Posts.Post>().CountAsync(p => p.Status == Posts.PostStatus.Paused
            && p.FailMessage != null && p.FailMessage.StartsWith(PlanPause.OverLimitPrefix), ct);
        return new BillingOverview(standing, usage, options.Value.Plans, PlanRules.OverLimits(standing, usage), invoices, problem,
            billing?.StripeCustomerId is not null, billing?.StripeSubscriptionId is not null && billing.State != SubscriptionState.Canceled, settings.Mode,
            pausedOverLimits);
    }

    /// <summary>A Stripe Checkout page for the plan (subscription mode); the remaining free trial days carry over.</summary>
    public async Task<string> StartCheckoutAsync(string planId, BillingInterval interval, string appBaseUrl, CancellationToken ct = default)
    {
        RequireOwner();
        RequireStripe();
        var plan = options.Value.Find(planId) ?? throw new ArgumentException($"There is no plan named '{planId}'.", nameof(planId));
        var billing = await db.Set<WorkspaceBilling>().FirstOrDefaultAsync(ct);
        if (billing is { StripeSubscriptionId: not null, State: not SubscriptionState.Canceled })
            throw new InvalidOperationException("This workspace already has a subscription: change its plan under Manage billing.");
        await stripe.EnsureEmulatedWebhookAsync(ct);
        billing = await EnsureCustomerAsync(billing, ct);

        var trialLeft = (int)Math.Floor((workspace.Current.TrialEndsAt - time.GetUtcNow()).TotalDays);
        var metadata = new Dictionary<string, string> { [WorkspaceMetadataKey] = workspace.Current.Id.ToString() };
        var session = await new global::Stripe.Checkout.SessionService(stripe.Client).CreateAsync(new global::Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = billing.StripeCustomerId,
            LineItems = [new() { Price = settings.PriceIdFor(plan, interval), Quantity = 1 }],
            SuccessUrl = Combine(appBaseUrl, "app/billing?checkout=done"),
            CancelUrl = Combine(appBaseUrl, "app/billing?checkout=canceled"),
            ClientReferenceId = workspace.Current.Id.ToString(),
            Metadata = metadata,
            SubscriptionData = new()
            {
                Metadata = metadata,
                // Stripe needs a trial of at least one day; shorter remainders simply start paying now.
                TrialPeriodDays = trialLeft >= 1 ? trialLeft : null,
            },
        }, cancellationToken: ct);
        return session.Url;
    }

    /// <summary>A Customer Portal page: change plan, card, cancel, invoices.</summary>
    public async Task<string> OpenPortalAsync(string appBaseUrl, CancellationToken ct = default)
    {
        RequireOwner();
        RequireStripe();
        var billing = await db.Set<WorkspaceBilling>().AsNoTracking().FirstOrDefaultAsync(ct);
        if (billing?.StripeCustomerId is not { } customer)
            throw new InvalidOperationException("This workspace has no billing account yet: choose a plan first.");
        await stripe.EnsureEmulatedWebhookAsync(ct);
        var portal = await new global::Stripe.BillingPortal.SessionService(stripe.Client).CreateAsync(new global::Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer, ReturnUrl = Combine(appBaseUrl, "app/billing"),
        }, cancellationToken: ct);
        return portal.Url;
    }

    private async Task<WorkspaceBilling> EnsureCustomerAsync(WorkspaceBilling? billing, CancellationToken ct)
    {
        if (billing?.StripeCustomerId is not null) return billing;
        var email = await db.Users.Where(u => u.Id == workspace.UserId).Select(u => u.Email).FirstAsync(ct);
        var customer = await new CustomerService(stripe.Client).CreateAsync(new CustomerCreateOptions
        {
            Email = email, Name = workspace.Current.Name,
            Metadata = new Dictionary<string, string> { [WorkspaceMetadataKey] = workspace.Current.Id.ToString() },
        }, cancellationToken: ct);
        if (billing is null)
        {
            billing = new WorkspaceBilling { WorkspaceId = workspace.Current.Id };
            db.Add(billing);
        }
        billing.StripeCustomerId = customer.Id;
        billing.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return billing;
    }

    private void RequireOwner()
    {
        if (!workspace.May(StudioAction.ManageBilling)) throw new UnauthorizedAccessException(OnlyOwner);
    }

    private void RequireStripe()
    {
        if (!settings.Enabled) throw new InvalidOperationException("Payments are not set up on this installation (no Stripe keys, emulators off).");
    }

    private static string Combine(string baseUrl, string relative) => baseUrl.TrimEnd('/') + "/" + relative;
}
