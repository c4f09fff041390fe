using Quartz;

namespace TikTokStudio.Web.Features.Billing;

public static class BillingSetup
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration, bool emulatorsEnabled)
    {
        var billing = configuration.GetSection(BillingOptions.SectionName).Get<BillingOptions>() ?? new BillingOptions();
        var stripe = StripeSettings.From(configuration, emulatorsEnabled, billing);
        services.AddSingleton(stripe);
        services.AddSingleton<StripeGateway>();
        services.AddScoped<StripeWebhookHandler>();
        services.AddScoped<BillingService>();
        services.AddScoped<PlanPause>();
        services.AddOptions<BillingOptions>()
            .Bind(configuration.GetSection(BillingOptions.SectionName))
            .Validate(o => o.Plans.Count > 0 && o.Find(o.TrialPlanId) is not null, "Billing:Plans must list at least one plan, and Billing:TrialPlanId must name one of them.")
            .Validate(o => o.Plans.Select(p => p.Id.ToLowerInvariant()).Distinct().Count() == o.Plans.Count, "Billing:Plans has two plans with the same Id.")
            .ValidateOnStart();
        services.AddScoped<PlanEntitlements>();
        services.AddScoped<TrialReminders>();
        return services;
    }

    public static void ScheduleJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<TrialReminderJob>(job => job.WithIdentity(TrialReminderJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(TrialReminderJob.Key)
            .WithIdentity("trial-reminders-hourly", "billing")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(TrialReminderJob.Interval).RepeatForever()));
    }
}
