using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikTokStudio.Emulators.Stripe.Api;
using TikTokStudio.Emulators.Stripe.Control;
using TikTokStudio.Emulators.Stripe.Model;
using TikTokStudio.Emulators.Stripe.Pages;
using TikTokStudio.Emulators.Stripe.Webhooks;

namespace TikTokStudio.Emulators.Stripe;

/// <summary>Registers the Stripe emulator and maps its API, hosted pages and control API below <c>{prefix}/stripe</c>.</summary>
public static class StripeEmulatorMounting
{
    public static IServiceCollection AddStripeEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StripeEmulatorOptions>().Bind(configuration.GetSection(StripeEmulatorOptions.SectionName));
        services.TryAddSingleton<EmulatorClock>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StripeWebhookSender(sp.GetRequiredService<IOptions<StripeEmulatorOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StripeEmulatorState>();
        return services;
    }

    public static void MapStripeEmulator(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var mount = prefix.TrimEnd('/') + "/stripe";
        var stripe = endpoints.MapGroup(mount)
            // The host app's auth fallback policy and antiforgery must not apply to an emulated third party.
            .AllowAnonymous()
            .DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
            {
                // Hosted page links and invoice URLs point at the address the caller used to reach the emulator.
                var request = context.HttpContext.Request;
                context.HttpContext.RequestServices.GetRequiredService<StripeEmulatorState>().BaseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{mount}";
                return await next(context);
            });
        stripe.MapGet("/", (StripeEmulatorState state) => StripeHtml.Page("Stripe emulator", HomePage(state, mount)));
        StripeApiEndpoints.Map(stripe);
        StripePages.Map(stripe);
        StripeControlEndpoints.Map(stripe);
    }

    private static string HomePage(StripeEmulatorState state, string mount)
    {
        string prices;
        lock (state.Gate)
        {
            prices = string.Join("", state.Prices.Values.Select(p =>
                $"<li><code>{StripeHtml.E(p.Id)}</code> — {StripeHtml.E(state.Products[p.ProductId].Name)}, {StripeHtml.Money(p.UnitAmount, p.Currency)} per {StripeHtml.E(p.Interval)}</li>"));
        }
        return $"""
            <h1>Stripe</h1>
            <p>Stands in for Stripe's API, Checkout and the Customer Portal when no Stripe keys are configured. Point a client at
            <code>{StripeHtml.E(mount)}</code> as its API base.</p>
            <h2>Prices</h2><ul>{prices}</ul>
            <h2>Test cards</h2>
            <ul><li><code>4242 4242 4242 4242</code> pays</li><li><code>4000 0000 0000 0341</code> pays now, fails on renewal</li>
            <li><code>4000 0000 0000 9995</code> is declined (insufficient funds)</li></ul>
            <p>Control API: <code>POST {StripeHtml.E(mount)}/_emulator/clock/advance</code> with <code>{"{"}"seconds": N{"}"}</code>.</p>
            """;
    }
}
