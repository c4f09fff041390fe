using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TikTokStudio.Emulators.Stripe.Model;
using static TikTokStudio.Emulators.Stripe.Pages.StripeHtml;

namespace TikTokStudio.Emulators.Stripe.Pages;

/// <summary>The hosted pages a person sees: Checkout, the Customer Portal, and an invoice with its PDF.</summary>
public static class StripePages
{
    public static void Map(RouteGroupBuilder stripe)
    {
        stripe.MapGet("/checkout/{id}", (string id, StripeEmulatorState s) =>
        {
            lock (s.Gate)
            {
                if (!s.CheckoutSessions.TryGetValue(id, out var session)) return Page("Not found", "<h1>This checkout link is not valid</h1>", 404);
                return session.Status != "open"
                    ? Page("Already paid", $"<h1>This checkout is complete</h1><p><a href=\"{E(SuccessUrl(session))}\">Return to {E(s.Options.BusinessName)}</a></p>")
                    : Page("Checkout", CheckoutForm(s, session, null, null));
            }
        });

        stripe.MapPost("/checkout/{id}", async (string id, HttpRequest request, StripeEmulatorState s) =>
        {
            var form = await request.ReadFormAsync();
            lock (s.Gate)
            {
                if (!s.CheckoutSessions.TryGetValue(id, out var session)) return Page("Not found", "<h1>This checkout link is not valid</h1>", 404);
                if (session.Status != "open") return Results.Redirect(SuccessUrl(session));
                var email = form["email"].ToString();
                if (session.CustomerId is null && session.CustomerEmail is null && !email.Contains('@'))
                    return Page("Checkout", CheckoutForm(s, session, "Enter the email address for receipts.", form), 400);
                var (card, _, message) = StripeEmulatorState.ReadCard(form["cardnumber"], form["exp"], form["cvc"], s.Clock.GetUtcNow());
                if (card is null) return Page("Checkout", CheckoutForm(s, session, message, form), 402);
                var problem = s.CompleteCheckout(session, card, string.IsNullOrWhiteSpace(email) ? null : email);
                return problem is null ? Results.Redirect(SuccessUrl(session)) : Page("Checkout", CheckoutForm(s, session, problem, form), 400);
            }
        });

        stripe.MapGet("/portal/{id}", (string id, StripeEmulatorState s, string? done) =>
        {
            lock (s.Gate)
            {
                if (!s.PortalSessions.TryGetValue(id, out var session)) return Page("Not found", "<h1>This billing link is not valid</h1>", 404);
                return Page("Billing", Portal(s, session, done, null));
            }
        });

        stripe.MapPost("/portal/{id}/{action}", async (string id, string action, HttpRequest request, StripeEmulatorState s) =>
        {
            var form = await request.ReadFormAsync();
            lock (s.Gate)
            {
                if (!s.PortalSessions.TryGetValue(id, out var session)) return Page("Not found", "<h1>This billing link is not valid</h1>", 404);
                var customer = s.Customers[session.CustomerId];
                var subscription = s.Subscriptions.Values.Where(x => x.CustomerId == customer.Id && x.Status != "canceled").OrderByDescending(x => x.Created).FirstOrDefault();
                switch (action)
                {
                    case "card":
                        var (card, _, message) = StripeEmulatorState.ReadCard(form["cardnumber"], form["exp"], form["cvc"], s.Clock.GetUtcNow());
                        if (card is null) return Page("Billing", Portal(s, session, null, message), 402);
                        s.UpdateCard(customer, card);
                        return Results.Redirect($"{s.BaseUrl}/portal/{id}?done=card");
                    case "cancel" when subscription is not null:
                        s.SetCancelAtPeriodEnd(subscription, true);
                        return Results.Redirect($"{s.BaseUrl}/portal/{id}?done=cancel");
                    case "resume" when subscription is not null:
                        s.SetCancelAtPeriodEnd(subscription, false);
                        return Results.Redirect($"{s.BaseUrl}/portal/{id}?done=resume");
                    case "plan" when subscription is not null:
                        if (!s.Prices.TryGetValue(form["price"].ToString(), out var price)) return Page("Billing", Portal(s, session, null, "Choose one of the plans listed."), 400);
                        s.SwitchPrice(subscription, price);
                        return Results.Redirect($"{s.BaseUrl}/portal/{id}?done=plan");
                    default:
                        return Page("Billing", Portal(s, session, null, "There is no subscription to change."), 400);
                }
            }
        });

        stripe.MapGet("/invoices/{id}", (string id, StripeEmulatorState s) =>
        {
            lock (s.Gate)
            {
                if (!s.Invoices.TryGetValue(id, out var i)) return Page("Not found", "<h1>This invoice link is not valid</h1>", 404);
                var product = s.Products[s.Prices[i.PriceId].ProductId];
                return Page($"Invoice {i.Number}", $"""
                    <h1>Invoice {E(i.Number)}</h1>
                    <p class="amount">{Money(i.AmountDue, i.Currency)}</p>
                    <p>Status: <strong>{E(i.Status)}</strong>{(i.PaidAt is { } paid ? $" on {Date(paid)}" : "")}</p>
                    <table><tr><th scope="row">Item</th><td>{E(product.Name)}</td></tr>
                    <tr><th scope="row">Period</th><td>{Date(i.PeriodStart)} – {Date(i.PeriodEnd)}</td></tr></table>
                    <p><a href="{E(s.BaseUrl)}/invoices/{E(i.Id)}/pdf">Download the PDF</a></p>
                    """);
            }
        });

        stripe.MapGet("/invoices/{id}/pdf", (string id, StripeEmulatorState s) =>
        {
            lock (s.Gate)
            {
                if (!s.Invoices.TryGetValue(id, out var i)) return Results.NotFound();
                var product = s.Products[s.Prices[i.PriceId].ProductId];
                var lines = new[]
                {
                    $"{s.Options.BusinessName} - Invoice {i.Number}", $"{product.Name}: {Money(i.AmountDue, i.Currency)}",
                    $"Period {Date(i.PeriodStart)} - {Date(i.PeriodEnd)}", $"Status: {i.Status}",
                };
                return Results.File(MinimalPdf(lines), "application/pdf", $"Invoice-{i.Number}.pdf");
            }
        });
    }

    private static string SuccessUrl(EmCheckoutSession session) => session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal);

    private static string CheckoutForm(StripeEmulatorState s, EmCheckoutSession session, string? error, IFormCollection? form)
    {
        var price = s.Prices[session.PriceId];
        var product = s.Products[price.ProductId];
        var email = session.CustomerEmail ?? (session.CustomerId is { } c && s.Customers.TryGetValue(c, out var customer) ? customer.Email : null);
        var trial = session.TrialPeriodDays is { } days ? $"<p>{days} days free, then {Money(price.UnitAmount, price.Currency)} per {price.Interval}.</p>" : "";
        var emailField = email is null
            ? $"""<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="email" required value="{E(form?["email"])}">"""
            : $"<p>Paying as <strong>{E(email)}</strong></p>";
        var errorBlock = error is null ? "" : $"""<div class="error" role="alert" id="card-error"><p>{E(error)}</p></div>""";
        var cancel = session.CancelUrl is { } back ? $"""<p><a href="{E(back)}">Cancel and return to {E(s.Options.BusinessName)}</a></p>""" : "";
        return $"""
            <h1>Subscribe to {E(product.Name)}</h1>
            <p class="amount">{Money(price.UnitAmount, price.Currency)} <small>per {E(price.Interval)}</small></p>
            {trial}
            {errorBlock}
            <form method="post" action="{E(s.BaseUrl)}/checkout/{E(session.Id)}" novalidate>
              {emailField}
              <label for="cardnumber">Card number</label>
              <input type="text" id="cardnumber" name="cardnumber" inputmode="numeric" autocomplete="cc-number" required value="{E(form?["cardnumber"])}"
                     aria-describedby="card-help{(error is null ? "" : " card-error")}" {(error is null ? "" : "aria-invalid=\"true\"")}>
              <p class="note" id="card-help">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 pays now and fails on renewal; 4000 0000 0000 9995 is declined (insufficient funds).</p>
              <div class="row">
                <div><label for="exp">Expiry (MM / YY)</label><input type="text" id="exp" name="exp" autocomplete="cc-exp" required value="{E(form?["exp"])}"></div>
                <div><label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required value="{E(form?["cvc"])}"></div>
              </div>
              <label for="name">Name on card</label><input type="text" id="name" name="name" autocomplete="cc-name" value="{E(form?["name"])}">
              <button type="submit" class="primary">{(session.TrialPeriodDays is null ? "Subscribe" : "Start trial")}</button>
            </form>
            {cancel}
            """;
    }

    private static string Portal(StripeEmulatorState s, EmPortalSession session, string? done, string? error)
    {
        var customer = s.Customers[session.CustomerId];
        var subscription = s.Subscriptions.Values.Where(x => x.CustomerId == customer.Id).OrderByDescending(x => x.Created).FirstOrDefault();
        var body = new StringBuilder();
        body.Append($"<h1>{E(s.Options.BusinessName)} billing</h1><p>{E(customer.Email)}</p>");
        var message = done switch
        {
            "card" => "Your card was updated.",
            "cancel" => "Your subscription will be canceled at the end of the period.",
            "resume" => "Your subscription will continue.",
            "plan" => "Your plan was changed.",
            _ => null,
        };
        if (message is not null) body.Append($"""<p role="status">{E(message)}</p>""");
        if (error is not null) body.Append($"""<div class="error" role="alert"><p>{E(error)}</p></div>""");
        var action = $"{E(s.BaseUrl)}/portal/{E(session.Id)}";
        if (subscription is not null)
        {
            var price = s.Prices[subscription.PriceId];
            var product = s.Products[price.ProductId];
            body.Append($"<h2>Current plan</h2><p><strong>{E(product.Name)}</strong> — {Money(price.UnitAmount, price.Currency)} per {E(price.Interval)}. Status: <strong data-status>{E(subscription.Status.Replace('_', ' '))}</strong>.</p>");
            if (subscription.Status != "canceled")
            {
                body.Append(subscription.CancelAtPeriodEnd
                    ? $"<p>Cancels on {Date(subscription.CurrentPeriodEnd)}.</p><form method=\"post\" action=\"{action}/resume\"><button type=\"submit\" class=\"secondary\">Don't cancel</button></form>"
                    : $"<p>Renews on {Date(subscription.CurrentPeriodEnd)}.</p><form method=\"post\" action=\"{action}/cancel\"><button type=\"submit\" class=\"secondary\">Cancel plan</button></form>");
                var options = string.Join("", s.Prices.Values.Where(p => p.Active).OrderBy(p => p.UnitAmount).Select(p =>
                    $"<option value=\"{E(p.Id)}\"{(p.Id == price.Id ? " selected" : "")}>{E(s.Products[p.ProductId].Name)} — {Money(p.UnitAmount, p.Currency)} per {E(p.Interval)}</option>"));
                body.Append($"""
                    <h2>Change plan</h2>
                    <form method="post" action="{action}/plan"><label for="price">Plan</label><select id="price" name="price">{options}</select>
                    <button type="submit" class="primary">Change plan</button></form>
                    """);
            }
        }
        var card = customer.DefaultCard is { } c ? $"Card ending in {E(c.Last4)}, expires {c.ExpMonth:D2}/{c.ExpYear % 100:D2}." : "No card on file.";
        body.Append($"""
            <h2>Payment method</h2><p>{card}</p>
            <form method="post" action="{action}/card">
              <label for="cardnumber">New card number</label><input type="text" id="cardnumber" name="cardnumber" inputmode="numeric" autocomplete="cc-number" required aria-describedby="portal-card-help">
              <p class="note" id="portal-card-help">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 fails on renewal; 4000 0000 0000 9995 is declined.</p>
              <div class="row"><div><label for="exp">Expiry (MM / YY)</label><input type="text" id="exp" name="exp" required></div>
              <div><label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" inputmode="numeric" required></div></div>
              <button type="submit" class="primary">Update card</button>
            </form>
            """);
        var invoices = s.Invoices.Values.Where(i => i.CustomerId == customer.Id).OrderByDescending(i => i.Created).ThenByDescending(i => i.Number).ToList();
        if (invoices.Count > 0)
        {
            body.Append("<h2>Invoices</h2><table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Amount</th><th scope=\"col\">Status</th><th scope=\"col\">Invoice</th></tr></thead><tbody>");
            foreach (var i in invoices)
                body.Append($"<tr><td>{Date(i.Created)}</td><td>{Money(i.AmountDue, i.Currency)}</td><td>{E(i.Status)}</td><td><a href=\"{E(s.BaseUrl)}/invoices/{E(i.Id)}\">{E(i.Number)}</a></td></tr>");
            body.Append("</tbody></table>");
        }
        if (session.ReturnUrl is { } back) body.Append($"""<p><a href="{E(back)}">Return to {E(s.Options.BusinessName)}</a></p>""");
        return body.ToString();
    }

    /// <summary>A one-page PDF with a few lines of Helvetica: enough for a viewer to open and a test to recognise.</summary>
    private static byte[] MinimalPdf(IEnumerable<string> lines)
    {
        static string Esc(string t) => t.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");
        var content = new StringBuilder("BT /F1 14 Tf 72 760 Td 18 TL\n");
        foreach (var line in lines) content.Append('(').Append(Esc(line)).Append(") Tj T*\n");
        content.Append("ET");
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(content.ToString())} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var n = 0; n < objects.Length; n++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{n + 1} 0 obj\n{objects[n]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
