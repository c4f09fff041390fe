using TikTokStudio.Web.Features.Activity;

namespace TikTokStudio.Web.Features.Webhooks;

public static class WebhooksSetup
{
    /// <summary>Live entity of an endpoint's deliveries: the page re-reads its log when one is attempted.</summary>
    public const string LiveEntity = "webhook";

    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<WebhookOptions>(o =>
        {
            // Receivers on this machine or a private network are for development only (SSRF otherwise).
            o.AllowPrivateUrls = environment.IsDevelopment();
            configuration.GetSection(WebhookOptions.SectionName).Bind(o);
        });
        services.AddSingleton<WebhookWakeup>();
        services.AddSingleton<IActivityObserver, WebhookOutbox>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookEndpoints>();
        services.AddScoped<TikTokWebhookReceiver>();
        services.AddScoped<WebhookRetention>();
        services.AddHostedService<WebhookSenderService>();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // A redirect could lead anywhere, including inward; receivers must answer at the URL they gave.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => WebhookUrlRules.ConnectAsync(context, options.AllowPrivateUrls, ct),
                };
            })
            // The handler logs would write endpoint URLs, which may carry a receiver's own token in the query.
            .RemoveAllLoggers();
        return services;
    }
}
