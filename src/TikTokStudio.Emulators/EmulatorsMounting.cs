using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TikTokStudio.Emulators;

/// <summary>The one entry point the web app's composition root (and the standalone host) uses.</summary>
public static class EmulatorsMounting
{
    public static IServiceCollection AddStudioEmulators(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapStudioEmulators(this IEndpointRouteBuilder endpoints, string prefix = "/emulators")
    {
        var group = endpoints.MapGroup(prefix).ExcludeFromDescription();
        group.MapGet("/", () => Results.Content(EmulatorIndexPage.Render(prefix), "text/html; charset=utf-8"));
        return endpoints;
    }
}
