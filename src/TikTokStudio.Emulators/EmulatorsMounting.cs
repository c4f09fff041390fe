using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Emulators.Google;
using TikTokStudio.Emulators.Stripe;
using TikTokStudio.Emulators.TikTok;

namespace TikTokStudio.Emulators;

/// <summary>The one entry point the web app's composition root (and the standalone host) uses.</summary>
public static class EmulatorsMounting
{
    public static IServiceCollection AddStudioEmulators(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTikTokEmulator(configuration);
        services.AddGoogleEmulator(configuration);
        services.AddStripeEmulator(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapStudioEmulators(this IEndpointRouteBuilder endpoints, string prefix = "/emulators")
    {
        var group = endpoints.MapGroup(prefix).ExcludeFromDescription();
        group.MapGet("/", () => Results.Content(EmulatorIndexPage.Render(prefix), "text/html; charset=utf-8")).AllowAnonymous();
        endpoints.MapTikTokEmulator(prefix);
        endpoints.MapGoogleEmulator(prefix);
        endpoints.MapStripeEmulator(prefix);
        return endpoints;
    }
}
