using TikTokStudio.Web.Features.Analytics;
using TikTokStudio.Web.Features.Activity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Hosting.Server;
using MudBlazor.Services;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Emulators;
using TikTokStudio.Web.Account;
using TikTokStudio.Web.Account.Google;
using TikTokStudio.Web.Features.Api;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Components;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Calendar;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.List;
using TikTokStudio.Web.Features.Approvals;
using TikTokStudio.Web.Features.Posts.Import;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts.Publish;
using TikTokStudio.Web.Features.Workspaces;
using TikTokStudio.Web.Features.Webhooks;
using TikTokStudio.Web.Hosting;
using TikTokStudio.Web.Jobs;
using TikTokStudio.Web.Live;
using TikTokStudio.Web.Security;

namespace TikTokStudio.Web;

/// <summary>The composition root: one AddX/MapX per feature, in one place.</summary>
public static class StudioBuilder
{
    public static WebApplicationBuilder AddStudio(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataDirectory = StorageOptions.ResolveDataDirectory(configuration, builder.Environment.ContentRootPath);

        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders().AddJsonConsole();
        }

        services.AddSingleton(TimeProvider.System);
        services.Configure<StorageOptions>(o => o.DataDirectory = dataDirectory);
        services.AddDataProtection()
            .SetApplicationName("TikTokStudio")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(dataDirectory, "keys")))
            .ProtectKeysAtRest(configuration);
        services.AddStudioSecurity(configuration, builder.Environment);

        // Data
        services.AddScoped<WorkspaceContext>();
        services.AddScoped<TikTokStudio.Web.Features.Activity.ActivityRecorder>();
        services.AddHttpContextAccessor();
        services.AddScoped<TikTokStudio.Web.Features.Activity.CircuitClientAddress>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, TikTokStudio.Web.Features.Activity.ClientAddressCircuitHandler>();
        services.AddScoped<ITenantScope>(sp => sp.GetRequiredService<WorkspaceContext>());
        services.AddStudioDatabase(configuration, dataDirectory);
        services.AddDatabaseDeveloperPageExceptionFilter();

        // Pages
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<StudioOperations>();
        services.AddScoped<IdentityRedirectManager>();
        services.AddAntiforgery();
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddPublicAddress(configuration);

        // Accounts
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        authentication.AddStudioGoogleSignIn(GoogleSignInSettings.From(configuration, EmulatorsEnabled(builder)));
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = true;
                o.User.RequireUniqueEmail = true;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<StudioDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Email: SMTP when configured, otherwise the development outbox
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName));
        if (configuration.GetSection(SmtpOptions.SectionName).Get<SmtpOptions>()?.IsConfigured == true)
            services.AddScoped<IEmailTransport, SmtpEmailTransport>();
        else
            services.AddScoped<IEmailTransport, OutboxEmailTransport>();
        services.AddScoped<IEmailSender<ApplicationUser>, IdentityEmailSender>();

        // Features
        services.AddScoped<WorkspaceService>();
        services.AddScoped<WorkspaceDeletion>();
        services.AddScoped<DashboardSummary>();
        services.AddScoped<TikTokStudio.Web.Features.Team.TeamService>();
        services.AddScoped<TikTokStudio.Web.Features.Team.InvitationAcceptance>();
        services.AddMedia(configuration, builder.Environment, dataDirectory);
        services.AddConnections(configuration);
        services.AddBilling(configuration, EmulatorsEnabled(builder));
        services.AddPublishing(configuration);
        services.AddScoped<ComposeService>();
        services.AddScoped<IMediaUsage, PostMediaUsage>();
        services.AddCalendar();
        services.AddPostsList();
        services.AddApprovals();
        services.AddPostsImport();
        services.AddAnalytics();
        services.AddActivity();
        services.AddWebhooks(configuration, builder.Environment);
        services.AddStudioApi(configuration, builder.Environment);

        // Jobs, live channel, health
        services.AddStudioJobs(dataDirectory, ConnectionsSetup.ScheduleJobs, PublishingSetup.ScheduleJobs, AnalyticsSetup.ScheduleJobs, ActivitySetup.ScheduleJobs,
            BillingSetup.ScheduleJobs, WebhookRetentionJob.Schedule);
        services.AddSingleton<LiveEventHub>();
        services.AddSingleton<ILiveNotifier>(sp => sp.GetRequiredService<LiveEventHub>());
        services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<LiveEventHub>());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");

        if (EmulatorsEnabled(builder))
        {
            services.AddStudioEmulators(configuration);
            // The mounted emulator sends TikTok's webhooks to this app's own receiver, on the address the server bound
            // (asked at each delivery), as an app registers its callback URL in TikTok's developer portal.
            if (TikTokAppSettings.From(configuration).UsesMountedEmulator && string.IsNullOrEmpty(configuration["Emulators:TikTok:WebhookCallbackUrl"]))
            {
                services.Replace(ServiceDescriptor.Singleton(sp => new TikTokStudio.Emulators.TikTok.Webhooks.TikTokWebhookCallback(
                    () => OwnAddress.BaseUrl(sp.GetRequiredService<IServer>()) + TikTokWebhookReceiver.Path)));
            }
            // The mounted emulator pulls photo posts from this app itself, as TikTok pulls from a verified domain.
            services.PostConfigure<TikTokStudio.Emulators.TikTok.TikTokEmulatorOptions>(o =>
            {
                if (o.VerifiedDomains.Count == 0 && o.VerifiedUrlPrefixes.Count == 0) o.VerifiedDomains.AddRange(["localhost", "127.0.0.1"]);
            });
            // The emulated Stripe account sells exactly the configured plans, at the configured prices.
            var billing = configuration.GetSection(BillingOptions.SectionName).Get<BillingOptions>() ?? new BillingOptions();
            services.PostConfigure<TikTokStudio.Emulators.Stripe.StripeEmulatorOptions>(o =>
            {
                if (o.Products.Count > 0) return;
                o.Products.AddRange(billing.Plans.Select(plan => new TikTokStudio.Emulators.Stripe.SeededProduct
                {
                    Id = "prod_" + plan.Id, Name = plan.Name,
                    Prices = [.. new[] { BillingInterval.Monthly, BillingInterval.Yearly }.Select(interval => new TikTokStudio.Emulators.Stripe.SeededPrice
                    {
                        Id = StripeSettings.EmulatedPriceId(plan, interval), LookupKey = plan.LookupKey(interval), UnitAmount = plan.Price(interval),
                        Currency = plan.Currency, Interval = interval == BillingInterval.Yearly ? "year" : "month",
                    })],
                }));
            });
        }
        return builder;
    }

    public static WebApplication UseStudio(this WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Database.Migrate();
            SqliteWriters.UseWriteAheadLog(db);
        }

        app.UseForwardedHeaders();
        app.UseSecurityHeaders(services =>
        [
            OriginOf(services.GetRequiredService<IOptions<TikTokStudio.TikTok.TikTokOptions>>().Value.AuthorizeBaseUrl),
            services.GetRequiredService<GoogleSignInSettings>().FormTargetOrigin,
        ]);
        if (!app.Environment.IsDevelopment() && !SecuritySetup.KeysProtectedAtRest(app.Configuration))
        {
            // On PostgreSQL the key ring is shared by the instances through the database, not the data folder.
            SecuritySetup.KeysNotProtected(app.Logger, app.Services.GetRequiredService<DatabaseSettings>().IsPostgres
                ? "the database (table DataProtectionKeys)"
                : Path.Combine(StorageOptions.ResolveDataDirectory(app.Configuration, app.Environment.ContentRootPath), "keys"));
        }
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Friendly status pages are for pages a person navigates to; form posts and API calls keep their own error bodies.
        app.Use((context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                var statusPages = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>();
                if (statusPages is not null) statusPages.Enabled = false;
            }
            return next(context);
        });

        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<WorkspaceResolutionMiddleware>();
        // After the cookie's workspace: under /api/v1 the API key decides the workspace, role and account limits.
        app.UseStudioApi();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapMedia();
        app.MapConnections();
        app.MapBilling();
        app.MapTikTokWebhooks();
        app.MapCalendar();
        app.MapAnalytics();
        app.MapActivity();
        app.MapStudioApi();
        app.MapPostsImport();
        app.MapDevOutbox();
        // Our own Content-Security-Policy already says frame-ancestors 'none' (Security/SecuritySetup.cs).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();

        if (EmulatorsEnabled(app))
        {
            app.MapStudioEmulators("/emulators");
        }
        return app;
    }

    private static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    private static bool EmulatorsEnabled(WebApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool?>("Emulators:Enabled") ?? builder.Environment.IsDevelopment();

    private static bool EmulatorsEnabled(WebApplication app) =>
        app.Configuration.GetValue<bool?>("Emulators:Enabled") ?? app.Environment.IsDevelopment();
}
