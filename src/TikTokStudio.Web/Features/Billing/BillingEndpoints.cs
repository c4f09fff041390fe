namespace TikTokStudio.Web.Features.Billing;

public static class BillingEndpoints
{
    /// <summary>Stripe's webhook: no cookie, no antiforgery; the Stripe-Signature header is the proof instead.</summary>
    public static IEndpointRouteBuilder MapBilling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StripeSettings.WebhookPath, async (HttpRequest request, StripeWebhookHandler handler, StripeSettings settings) =>
        {
            if (!settings.Enabled) return Results.NotFound();
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var outcome = await handler.HandleAsync(json, request.Headers["Stripe-Signature"].ToString(), request.HttpContext.RequestAborted);
            return outcome == WebhookOutcome.Refused
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The Stripe-Signature header does not verify for this body, or it is older than 5 minutes.")
                : Results.Ok(new { received = true, outcome = outcome.ToString() });
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }
}
