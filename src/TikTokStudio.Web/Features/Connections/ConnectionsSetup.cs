using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Quartz;
using TikTokStudio.TikTok;

namespace TikTokStudio.Web.Features.Connections;

public static class ConnectionsSetup
{
    public static IServiceCollection AddConnections(this IServiceCollection services, IConfiguration configuration)
    {
        var app = TikTokAppSettings.From(configuration);
        services.AddSingleton(app);
        services.AddTikTokClient(configuration.GetSection(TikTokOptions.SectionName));
        // Read when the options are first used (after the server has bound its port), so the emulator is reached
        // on the app's own address.
        services.AddOptions<TikTokOptions>().PostConfigure<IServer>((options, server) =>
        {
            options.Audited = app.Audited;
            if (!app.IsEmulated) return;
            app.ApplyEmulatorCredentials(options);
            // TikTok:EmulatorBaseUrl points at a standalone emulator process (crash tests, benchmarks); otherwise the app's own.
            options.ApiBaseUrl = options.AuthorizeBaseUrl = app.EmulatorBaseUrl ?? OwnAddress.BaseUrl(server) + TikTokAppSettings.EmulatorPath;
            // Behind a proxy the browser reaches a standalone emulator's consent page at another address than the app does.
            if (app.EmulatorBaseUrl is not null && configuration[$"{TikTokOptions.SectionName}:EmulatorPublicBaseUrl"] is { Length: > 0 } forBrowsers)
                options.AuthorizeBaseUrl = forBrowsers.TrimEnd('/');
        });
        services.AddSingleton<TokenProtector>();
        services.AddScoped<ConnectTikTok>();
        services.AddScoped<AccountTokens>();
        services.AddScoped<ConnectionAlerts>();
        services.AddScoped<AccountMaintenance>();
        services.AddScoped<AccountConnections>();
        return services;
    }

    public static void ScheduleJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<RefreshTokensJob>(job => job.WithIdentity(RefreshTokensJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(RefreshTokensJob.Key)
            .WithIdentity("refresh-tiktok-tokens-every-10-minutes", "connections")
            .StartAt(DateTimeOffset.UtcNow.Add(RefreshTokensJob.Interval))
            .WithSimpleSchedule(schedule => schedule.WithInterval(RefreshTokensJob.Interval).RepeatForever()));
    }
}
