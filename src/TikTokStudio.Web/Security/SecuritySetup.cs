using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using TikTokStudio.Web.Account;

namespace TikTokStudio.Web.Security;

/// <summary>Headers every page is served with, throttling of the account forms, and the key ring's protection at rest.</summary>
public static partial class SecuritySetup
{
    /// <summary>Sign-in, sign-up and password-reset posts allowed per client address and minute (Security:AccountPostsPerMinute).</summary>
    public const int DefaultAccountPostsPerMinute = 10;

    private static readonly string[] ThrottledAccountForms = ["/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/ExternalLogin"];

    public static IServiceCollection AddStudioSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AppOptions>().Bind(configuration.GetSection(AppOptions.SectionName))
            .Validate(o => AppOptions.Validate(o, environment.IsDevelopment()) is null,
                AppOptions.Validate(configuration.GetSection(AppOptions.SectionName).Get<AppOptions>() ?? new(), environment.IsDevelopment()) ?? "App options are invalid.")
            .ValidateOnStart();
        services.AddScoped<EmailLinks>();
        services.AddScoped<AccountEmails>();

        // A stranger guessing passwords from one address is slowed down before Identity's short lockout is reached.
        var postsPerMinute = configuration.GetValue("Security:AccountPostsPerMinute", DefaultAccountPostsPerMinute);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from this address. Wait a minute and try again.", ct);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var form = HttpMethods.IsPost(http.Request.Method)
                    ? ThrottledAccountForms.FirstOrDefault(path => http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
                    : null;
                if (form is null) return RateLimitPartition.GetNoLimiter("unthrottled");
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{form}|{client}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = postsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>
    /// Protects the Data Protection key ring at rest with a certificate (DataProtection:CertificatePath and
    /// :CertificatePassword), so a copy of the data folder alone cannot decrypt the stored TikTok tokens.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return builder;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        return builder.ProtectKeysWithCertificate(certificate);
    }

    public static bool KeysProtectedAtRest(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["DataProtection:CertificatePath"]);

    /// <summary>
    /// Content-Security-Policy under which Blazor Server and MudBlazor work (no inline or eval'd script; MudBlazor sets
    /// inline styles), no framing, no MIME sniffing, a referrer kept to our origin. The mounted emulators are stand-ins
    /// for other sites and keep their own pages as they are.
    /// </summary>
    /// <param name="formTargetOrigins">Where forms may lead besides this site: TikTok's authorize page, Google's sign-in (read on the first request, once the server has its address).</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, Func<IServiceProvider, IEnumerable<string?>> formTargetOrigins)
    {
        string? policy = null;
        string Policy(HttpContext context) => policy ??= ContentSecurityPolicy(formTargetOrigins(context.RequestServices));
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (!context.Request.Path.StartsWithSegments("/emulators"))
            {
                headers.ContentSecurityPolicy = Policy(context);
                headers.XFrameOptions = "DENY";
            }
            return next(context);
        });
    }

    /// <summary>
    /// Lets this one response run inline scripts that carry the returned nonce (a page that cannot do without one, such
    /// as the API reference): a fresh random value per response, added to the policy's script-src.
    /// </summary>
    public static string AllowScriptNonce(HttpContext context)
    {
        var nonce = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)); // hex: nothing to escape in HTML
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = headers.ContentSecurityPolicy.ToString().Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal);
        headers.CacheControl = "no-store"; // a nonce is for one response only
        return nonce;
    }

    public static string ContentSecurityPolicy(IEnumerable<string?> formTargetOrigins)
    {
        var formTargets = string.Join(' ', formTargetOrigins.Prepend("'self'").Where(t => !string.IsNullOrEmpty(t)).Distinct());
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https:",
            "media-src 'self' blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formTargets}",
            "frame-ancestors 'none'");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Data Protection key ring is stored unencrypted in {KeysLocation}: anyone with a copy of it can decrypt the stored TikTok tokens. Set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to protect it.")]
    public static partial void KeysNotProtected(ILogger logger, string keysLocation);
}
