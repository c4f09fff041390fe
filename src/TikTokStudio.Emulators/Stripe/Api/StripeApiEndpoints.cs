using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TikTokStudio.Emulators.Stripe.Http;
using TikTokStudio.Emulators.Stripe.Model;

namespace TikTokStudio.Emulators.Stripe.Api;

/// <summary>The REST API under <c>/v1</c> that the app's Stripe client calls: form-encoded in, Stripe's JSON out.</summary>
public static class StripeApiEndpoints
{
    private static readonly string[] CommonParams = ["expand"];

    public static void Map(RouteGroupBuilder stripe)
    {
        var v1 = stripe.MapGroup("/v1").AddEndpointFilter(RequireSecretKey);

        v1.MapPost("/customers", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "email", "name", "metadata", "description") is { } bad) return bad;
            lock (s.Gate)
            {
                var c = new EmCustomer { Id = StripeEmulatorState.NewId("cus"), Email = f["email"], Name = f["name"], Created = s.Now, Metadata = f.Dictionary("metadata") };
                s.Customers[c.Id] = c;
                s.Emit("customer.created", StripeWire.Customer(c));
                return StripeWire.Json(StripeWire.Customer(c));
            }
        });
        v1.MapGet("/customers/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.Customers.TryGetValue(id, out var c) ? Expanded(s, StripeWire.Customer(c), f) : StripeWire.NotFound("customer", id);
        });

        v1.MapGet("/products", (StripeEmulatorState s) =>
        {
            lock (s.Gate) return StripeWire.Json(StripeWire.List(s.Products.Values.Select(StripeWire.Product), "/v1/products"));
        });
        v1.MapPost("/products", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "name", "id", "metadata", "active", "description") is { } bad) return bad;
            if (string.IsNullOrEmpty(f["name"])) return StripeWire.Missing("name");
            lock (s.Gate)
            {
                var id = f["id"] ?? StripeEmulatorState.NewId("prod");
                if (s.Products.ContainsKey(id)) return StripeWire.Error(400, "invalid_request_error", $"Product already exists.", "resource_already_exists", "id");
                var p = new EmProduct { Id = id, Name = f["name"]!, Created = s.Now, Metadata = f.Dictionary("metadata") };
                s.Products[id] = p;
                return StripeWire.Json(StripeWire.Product(p));
            }
        });

        v1.MapGet("/prices", (StripeForm f, StripeEmulatorState s) =>
        {
            var keys = f.List("lookup_keys");
            lock (s.Gate)
            {
                var prices = s.Prices.Values.Where(p => keys.Count == 0 || (p.LookupKey is not null && keys.Contains(p.LookupKey)));
                if (f["product"] is { } product) prices = prices.Where(p => p.ProductId == product);
                return Expanded(s, StripeWire.List(prices.Select(StripeWire.Price), "/v1/prices"), f);
            }
        });
        v1.MapGet("/prices/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.Prices.TryGetValue(id, out var p) ? Expanded(s, StripeWire.Price(p), f) : StripeWire.NotFound("price", id);
        });
        v1.MapPost("/prices", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "product", "unit_amount", "currency", "recurring", "lookup_key", "metadata", "nickname") is { } bad) return bad;
            if (f["product"] is not { } productId) return StripeWire.Missing("product");
            if (f["currency"] is not { } currency) return StripeWire.Missing("currency");
            if (!f.TryLong("unit_amount", out var amount) || amount < 0) return StripeWire.Invalid("Invalid integer: unit_amount", "unit_amount");
            var interval = f["recurring[interval]"];
            if (interval is not ("month" or "year")) return StripeWire.Invalid("This emulator supports recurring prices with recurring[interval] month or year.", "recurring[interval]");
            lock (s.Gate)
            {
                if (!s.Products.ContainsKey(productId)) return StripeWire.NotFound("product", productId, "product");
                var p = new EmPrice { Id = StripeEmulatorState.NewId("price"), ProductId = productId, UnitAmount = amount, Currency = currency, Interval = interval, LookupKey = f["lookup_key"], Created = s.Now, Metadata = f.Dictionary("metadata") };
                s.Prices[p.Id] = p;
                return StripeWire.Json(StripeWire.Price(p));
            }
        });

        v1.MapPost("/checkout/sessions", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "mode", "line_items", "success_url", "cancel_url", "customer", "customer_email", "client_reference_id", "metadata", "subscription_data", "allow_promotion_codes", "billing_address_collection") is { } bad) return bad;
            if (f["mode"] is not { } mode) return StripeWire.Missing("mode");
            if (mode != "subscription") return StripeWire.Invalid("This emulator only creates Checkout Sessions in subscription mode.", "mode");
            if (f["success_url"] is not { } success) return StripeWire.Missing("success_url");
            if (!Uri.TryCreate(success, UriKind.Absolute, out _)) return StripeWire.Invalid("Not a valid URL", "success_url");
            if (f["line_items[0][price]"] is not { } priceId) return StripeWire.Missing("line_items[0][price]");
            if (f.Has("line_items[1][price]")) return StripeWire.Invalid("This emulator supports one line item per Checkout Session.", "line_items");
            if (f["customer"] is not null && f["customer_email"] is not null)
                return StripeWire.Invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email");
            int? trialDays = null;
            if (f["subscription_data[trial_period_days]"] is { } rawTrial)
            {
                if (!int.TryParse(rawTrial, out var days) || days < 1 || days > 730) return StripeWire.Invalid("trial_period_days must be between 1 and 730.", "subscription_data[trial_period_days]");
                trialDays = days;
            }
            lock (s.Gate)
            {
                if (!s.Prices.TryGetValue(priceId, out var price) || !price.Active) return StripeWire.NotFound("price", priceId, "line_items[0][price]");
                if (f["customer"] is { } customerId && !s.Customers.ContainsKey(customerId)) return StripeWire.NotFound("customer", customerId, "customer");
                var session = new EmCheckoutSession
                {
                    Id = "cs_test_" + StripeEmulatorState.NewId("x")[2..], PriceId = price.Id, CustomerId = f["customer"], CustomerEmail = f["customer_email"],
                    ClientReferenceId = f["client_reference_id"], SuccessUrl = success, CancelUrl = f["cancel_url"], TrialPeriodDays = trialDays,
                    Metadata = f.Dictionary("metadata"), SubscriptionMetadata = f.Dictionary("subscription_data[metadata]"),
                    Created = s.Now, ExpiresAt = s.Now + 24 * 3600,
                };
                s.CheckoutSessions[session.Id] = session;
                return Expanded(s, s.Render(session), f);
            }
        });
        v1.MapGet("/checkout/sessions/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.CheckoutSessions.TryGetValue(id, out var cs) ? Expanded(s, s.Render(cs), f) : StripeWire.NotFound("checkout.session", id);
        });

        v1.MapPost("/billing_portal/sessions", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "customer", "return_url", "configuration", "locale") is { } bad) return bad;
            if (f["customer"] is not { } customerId) return StripeWire.Missing("customer");
            lock (s.Gate)
            {
                if (!s.Customers.ContainsKey(customerId)) return StripeWire.NotFound("customer", customerId, "customer");
                var session = new EmPortalSession { Id = "bps_" + StripeEmulatorState.NewId("x")[2..], CustomerId = customerId, ReturnUrl = f["return_url"], Created = s.Now };
                s.PortalSessions[session.Id] = session;
                return StripeWire.Json(s.Render(session));
            }
        });

        v1.MapGet("/subscriptions", (StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate)
            {
                var subs = s.Subscriptions.Values.Where(x => f["customer"] is not { } c || x.CustomerId == c)
                    .Where(x => f["status"] is not { } st ? x.Status != "canceled" : st == "all" || x.Status == st)
                    .OrderByDescending(x => x.Created);
                return Expanded(s, StripeWire.List(subs.Select(s.Render), "/v1/subscriptions"), f);
            }
        });
        v1.MapGet("/subscriptions/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.Subscriptions.TryGetValue(id, out var sub) ? Expanded(s, s.Render(sub), f) : StripeWire.NotFound("subscription", id);
        });
        v1.MapPost("/subscriptions/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "cancel_at_period_end", "items", "metadata", "proration_behavior") is { } bad) return bad;
            lock (s.Gate)
            {
                if (!s.Subscriptions.TryGetValue(id, out var sub)) return StripeWire.NotFound("subscription", id);
                if (sub.Status == "canceled") return StripeWire.Invalid("A canceled subscription can only update its cancellation_details and metadata.");
                if (f["items[0][price]"] is { } priceId)
                {
                    if (!s.Prices.TryGetValue(priceId, out var price)) return StripeWire.NotFound("price", priceId, "items[0][price]");
                    s.SwitchPrice(sub, price);
                }
                if (f["cancel_at_period_end"] is { } cancel) s.SetCancelAtPeriodEnd(sub, cancel == "true");
                return Expanded(s, s.Render(sub), f);
            }
        });
        v1.MapDelete("/subscriptions/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate)
            {
                if (!s.Subscriptions.TryGetValue(id, out var sub)) return StripeWire.NotFound("subscription", id);
                s.CancelNow(sub);
                return Expanded(s, s.Render(sub), f);
            }
        });

        v1.MapGet("/invoices", (StripeForm f, StripeEmulatorState s) =>
        {
            var limit = f.TryLong("limit", out var l) ? (int)Math.Clamp(l, 1, 100) : 10;
            lock (s.Gate)
            {
                var all = s.Invoices.Values.Where(i => f["customer"] is not { } c || i.CustomerId == c)
                    .Where(i => f["subscription"] is not { } sub || i.SubscriptionId == sub)
                    .OrderByDescending(i => i.Created).ThenByDescending(i => i.Number).ToList();
                return Expanded(s, StripeWire.List(all.Take(limit).Select(s.Render), "/v1/invoices", all.Count > limit), f);
            }
        });
        v1.MapGet("/invoices/{id}", (string id, StripeForm f, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.Invoices.TryGetValue(id, out var i) ? Expanded(s, s.Render(i), f) : StripeWire.NotFound("invoice", id);
        });

        v1.MapGet("/webhook_endpoints", (StripeEmulatorState s) =>
        {
            lock (s.Gate) return StripeWire.Json(StripeWire.List(s.WebhookEndpoints.Values.Select(e => StripeWire.WebhookEndpoint(e, null)), "/v1/webhook_endpoints"));
        });
        v1.MapPost("/webhook_endpoints", (StripeForm f, StripeEmulatorState s) =>
        {
            if (Unknown(f, "url", "enabled_events", "api_version", "description", "metadata") is { } bad) return bad;
            if (f["url"] is not { } url) return StripeWire.Missing("url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")) return StripeWire.Invalid("Invalid URL: must be an http or https URL.", "url");
            var events = f.List("enabled_events");
            if (events.Count == 0) return StripeWire.Missing("enabled_events");
            lock (s.Gate)
            {
                var endpoint = new EmWebhookEndpoint { Id = StripeEmulatorState.NewId("we"), Url = url, EnabledEvents = events, Created = s.Now };
                s.WebhookEndpoints[endpoint.Id] = endpoint;
                // As on Stripe, the signing secret is returned only when the endpoint is created.
                return StripeWire.Json(StripeWire.WebhookEndpoint(endpoint, s.Options.WebhookSecret));
            }
        });

        v1.MapGet("/events/{id}", (string id, StripeEmulatorState s) =>
        {
            lock (s.Gate) return s.Events.FirstOrDefault(e => e.Id == id) is { } e ? Results.Content(e.Json, "application/json") : StripeWire.NotFound("event", id);
        });

        v1.MapFallback(() => StripeWire.Error(404, "invalid_request_error", "Unrecognized request URL. This emulator implements the endpoints listed on its home page."));
    }

    private static async ValueTask<object?> RequireSecretKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetService(typeof(StripeEmulatorState)) as StripeEmulatorState;
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        if (string.IsNullOrEmpty(key))
            return StripeWire.Error(401, "invalid_request_error", "You did not provide an API key. Provide it in the Authorization header (Bearer auth).");
        if (state is null || key != state.Options.SecretKey)
            return StripeWire.Error(401, "invalid_request_error", $"Invalid API Key provided: {Redact(key)}");
        return await next(context);
    }

    private static string Redact(string key) => key.Length <= 8 ? "****" : key[..7] + new string('*', Math.Max(4, key.Length - 11)) + key[^4..];

    /// <summary>Stripe refuses a parameter it does not know, naming it; so does the emulator (a typo fails here, not in production).</summary>
    private static IResult? Unknown(StripeForm form, params string[] allowed)
    {
        foreach (var key in form.Keys)
        {
            var root = key.Split('[')[0];
            if (!allowed.Contains(root) && !CommonParams.Contains(root))
                return StripeWire.Error(400, "invalid_request_error", $"Received unknown parameter: {key}", "parameter_unknown", key);
        }
        return null;
    }

    private static IResult Expanded(StripeEmulatorState s, JsonObject obj, StripeForm f)
    {
        foreach (var path in f.List("expand")) Expand(s, obj, path.Split('.'));
        return StripeWire.Json(obj);
    }

    private static void Expand(StripeEmulatorState s, JsonNode? node, string[] path)
    {
        if (node is not JsonObject obj || path.Length == 0) return;
        if (obj["object"]?.GetValue<string>() == "list" && path[0] != "data")
        {
            foreach (var item in obj["data"]!.AsArray()) Expand(s, item, path);
            return;
        }
        var name = path[0];
        if (name == "data" && obj["data"] is JsonArray array)
        {
            foreach (var item in array) Expand(s, item, path[1..]);
            return;
        }
        if (obj[name] is JsonValue value && value.TryGetValue<string>(out var id) && s.RenderById(id) is { } expanded)
        {
            obj[name] = expanded;
        }
        Expand(s, obj[name], path[1..]);
    }
}
