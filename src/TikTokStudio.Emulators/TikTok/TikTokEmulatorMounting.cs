using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikTokStudio.Emulators.TikTok.Webhooks;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>Registers the TikTok emulator's services and maps every endpoint below <c>{prefix}/tiktok</c>.</summary>
public static class TikTokEmulatorMounting
{
    public static IServiceCollection AddTikTokEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TikTokEmulatorOptions>().Bind(configuration.GetSection(TikTokEmulatorOptions.SectionName));
        // Its own clock, not the app's TimeProvider: advancing emulator time must not move the app's time.
        services.AddSingleton<EmulatorClock>();
        services.AddSingleton<TikTokEmulatorState>();
        services.AddSingleton<MediaPuller>();
        services.AddHttpClient(MediaPuller.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(10))
            // TikTok treats a redirect as an invalid media URL, so never follow one.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton(sp => new TikTokWebhookCallback(() => sp.GetRequiredService<IOptions<TikTokEmulatorOptions>>().Value.WebhookCallbackUrl));
        services.AddSingleton<TikTokWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<TikTokWebhookSender>());
        services.AddHttpClient(TikTokWebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return services;
    }

    public static void MapTikTokEmulator(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var mount = prefix.TrimEnd('/') + "/tiktok";
        var tiktok = endpoints.MapGroup(mount)
            .WithMetadata(new TikTokMountMetadata(mount))
            // The host app's auth fallback policy and antiforgery must not apply to an emulated third party.
            .AllowAnonymous()
            .DisableAntiforgery();
        AuthorizeEndpoints.Map(tiktok);
        TokenEndpoints.Map(tiktok);
        PostingEndpoints.Map(tiktok);
        StatusEndpoints.Map(tiktok);
        UploadEndpoints.Map(tiktok);
        DisplayEndpoints.Map(tiktok);
        ControlEndpoints.Map(tiktok);
        CreatorsPage.Map(tiktok);
    }
}
