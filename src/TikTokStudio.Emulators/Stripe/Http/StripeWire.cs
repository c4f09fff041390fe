using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TikTokStudio.Emulators.Stripe.Model;

namespace TikTokStudio.Emulators.Stripe.Http;

/// <summary>
/// Stripe's JSON, written field by field from the emulator's records: snake_case, unix-second timestamps, ids for
/// related objects unless the request asked to <c>expand</c> them, lists as <c>{"object":"list","data":[...]}</c>.
/// </summary>
public static class StripeWire
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IResult Json(JsonNode node, int status = 200) =>
        Results.Content(node.ToJsonString(Indented), "application/json", null, status);

    /// <summary>Stripe's error body: <c>{"error":{"type","code","message","param"}}</c>.</summary>
    public static IResult Error(int status, string type, string message, string? code = null, string? param = null, string? declineCode = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null) error["code"] = code;
        if (declineCode is not null) error["decline_code"] = declineCode;
        if (param is not null) error["param"] = param;
        return Json(new JsonObject { ["error"] = error }, status);
    }

    public static IResult NotFound(string kind, string id, string param = "id") =>
        Error(404, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing", param);

    public static IResult Invalid(string message, string? param = null) =>
        Error(400, "invalid_request_error", message, param is null ? null : "parameter_invalid", param);

    public static IResult Missing(string param) =>
        Error(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static JsonObject List(IEnumerable<JsonNode> data, string url, bool hasMore = false) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(data.ToArray()),
        ["has_more"] = hasMore,
        ["url"] = url,
    };

    public static JsonObject Metadata(Dictionary<string, string> metadata)
    {
        var node = new JsonObject();
        foreach (var (k, v) in metadata) node[k] = v;
        return node;
    }

    public static JsonObject Product(EmProduct p) => new()
    {
        ["id"] = p.Id, ["object"] = "product", ["active"] = p.Active, ["created"] = p.Created, ["livemode"] = false,
        ["metadata"] = Metadata(p.Metadata), ["name"] = p.Name, ["type"] = "service",
    };

    public static JsonObject Price(EmPrice p) => new()
    {
        ["id"] = p.Id, ["object"] = "price", ["active"] = p.Active, ["billing_scheme"] = "per_unit", ["created"] = p.Created,
        ["currency"] = p.Currency, ["livemode"] = false, ["lookup_key"] = p.LookupKey, ["metadata"] = Metadata(p.Metadata),
        ["product"] = p.ProductId,
        ["recurring"] = new JsonObject { ["interval"] = p.Interval, ["interval_count"] = 1, ["usage_type"] = "licensed" },
        ["type"] = "recurring", ["unit_amount"] = p.UnitAmount, ["unit_amount_decimal"] = p.UnitAmount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static JsonObject Customer(EmCustomer c) => new()
    {
        ["id"] = c.Id, ["object"] = "customer", ["created"] = c.Created, ["email"] = c.Email, ["name"] = c.Name,
        ["livemode"] = false, ["metadata"] = Metadata(c.Metadata),
        ["invoice_settings"] = new JsonObject { ["default_payment_method"] = c.DefaultCard?.Id },
    };

    public static JsonObject PaymentMethod(EmCard card, string customerId) => new()
    {
        ["id"] = card.Id, ["object"] = "payment_method", ["type"] = "card", ["customer"] = customerId, ["livemode"] = false,
        ["card"] = new JsonObject { ["brand"] = card.Brand, ["last4"] = card.Last4, ["exp_month"] = card.ExpMonth, ["exp_year"] = card.ExpYear },
    };

    public static JsonObject CheckoutSession(EmCheckoutSession s, string pageUrl) => new()
    {
        ["id"] = s.Id, ["object"] = "checkout.session", ["cancel_url"] = s.CancelUrl, ["client_reference_id"] = s.ClientReferenceId,
        ["created"] = s.Created, ["currency"] = "usd", ["customer"] = s.CustomerId, ["customer_email"] = s.CustomerEmail,
        ["expires_at"] = s.ExpiresAt, ["invoice"] = s.InvoiceId, ["livemode"] = false, ["metadata"] = Metadata(s.Metadata),
        ["mode"] = "subscription", ["payment_status"] = s.PaymentStatus, ["status"] = s.Status, ["subscription"] = s.SubscriptionId,
        ["success_url"] = s.SuccessUrl, ["url"] = s.Status == "open" ? pageUrl : null,
    };

    public static JsonObject PortalSession(EmPortalSession s, string pageUrl) => new()
    {
        ["id"] = s.Id, ["object"] = "billing_portal.session", ["created"] = s.Created, ["customer"] = s.CustomerId,
        ["livemode"] = false, ["return_url"] = s.ReturnUrl, ["url"] = pageUrl,
    };

    public static JsonObject Subscription(EmSubscription s, EmPrice price) => new()
    {
        ["id"] = s.Id, ["object"] = "subscription", ["billing_cycle_anchor"] = s.StartDate, ["cancel_at"] = s.CancelAtPeriodEnd ? s.CurrentPeriodEnd : null,
        ["cancel_at_period_end"] = s.CancelAtPeriodEnd, ["canceled_at"] = s.CanceledAt, ["collection_method"] = "charge_automatically",
        ["created"] = s.Created, ["currency"] = price.Currency, ["customer"] = s.CustomerId, ["ended_at"] = s.EndedAt,
        ["items"] = List([new JsonObject
        {
            ["id"] = s.ItemId, ["object"] = "subscription_item", ["created"] = s.Created,
            // Since the basil API versions the period lives on the item, not on the subscription.
            ["current_period_start"] = s.CurrentPeriodStart, ["current_period_end"] = s.CurrentPeriodEnd,
            ["metadata"] = new JsonObject(), ["price"] = Price(price), ["quantity"] = 1, ["subscription"] = s.Id,
        }], $"/v1/subscription_items?subscription={s.Id}"),
        ["latest_invoice"] = s.LatestInvoiceId, ["livemode"] = false, ["metadata"] = Metadata(s.Metadata),
        ["start_date"] = s.StartDate, ["status"] = s.Status, ["trial_end"] = s.TrialEnd, ["trial_start"] = s.TrialStart,
    };

    public static JsonObject Invoice(EmInvoice i, string baseUrl) => new()
    {
        ["id"] = i.Id, ["object"] = "invoice", ["amount_due"] = i.AmountDue, ["amount_paid"] = i.AmountPaid,
        ["amount_remaining"] = i.AmountDue - i.AmountPaid, ["attempt_count"] = i.AttemptCount, ["attempted"] = i.AttemptCount > 0,
        ["billing_reason"] = i.BillingReason, ["collection_method"] = "charge_automatically", ["created"] = i.Created,
        ["currency"] = i.Currency, ["customer"] = i.CustomerId, ["livemode"] = false, ["number"] = i.Number,
        ["hosted_invoice_url"] = $"{baseUrl}/invoices/{i.Id}", ["invoice_pdf"] = $"{baseUrl}/invoices/{i.Id}/pdf",
        ["lines"] = List([new JsonObject
        {
            ["id"] = "il_" + i.Id[3..], ["object"] = "line_item", ["amount"] = i.AmountDue, ["currency"] = i.Currency,
            ["period"] = new JsonObject { ["start"] = i.PeriodStart, ["end"] = i.PeriodEnd },
            ["pricing"] = new JsonObject { ["type"] = "price_details", ["price_details"] = new JsonObject { ["price"] = i.PriceId } },
            ["quantity"] = 1,
        }], $"/v1/invoices/{i.Id}/lines"),
        // Since the basil API versions an invoice names its subscription under parent.subscription_details.
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject { ["subscription"] = i.SubscriptionId, ["metadata"] = new JsonObject() },
        },
        ["period_start"] = i.PeriodStart, ["period_end"] = i.PeriodEnd, ["status"] = i.Status,
        ["status_transitions"] = new JsonObject { ["paid_at"] = i.PaidAt, ["finalized_at"] = i.Created },
        ["total"] = i.AmountDue, ["subtotal"] = i.AmountDue,
    };

    public static JsonObject WebhookEndpoint(EmWebhookEndpoint e, string? secret) => new()
    {
        ["id"] = e.Id, ["object"] = "webhook_endpoint", ["created"] = e.Created, ["enabled_events"] = new JsonArray(e.EnabledEvents.Select(x => (JsonNode)x!).ToArray()),
        ["livemode"] = false, ["status"] = "enabled", ["url"] = e.Url, ["secret"] = secret, ["api_version"] = null,
    };
}
