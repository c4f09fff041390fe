using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TikTokStudio.Emulators.Google;

/// <summary>Registers the Google sign-in emulator and maps every endpoint below <c>{prefix}/google</c>.</summary>
public static class GoogleEmulatorMounting
{
    public static IServiceCollection AddGoogleEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GoogleEmulatorOptions>().Bind(configuration.GetSection(GoogleEmulatorOptions.SectionName));
        services.AddSingleton<GoogleEmulatorState>();
        return services;
    }

    public static void MapGoogleEmulator(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var mount = prefix.TrimEnd('/') + "/google";
        var google = endpoints.MapGroup(mount)
            .WithMetadata(new GoogleMountMetadata(mount))
            // The host app's auth fallback policy and antiforgery must not apply to an emulated third party.
            .AllowAnonymous()
            .DisableAntiforgery();
        google.MapGet("/", (GoogleEmulatorState state) => GoogleHtml.Page("Google sign-in emulator", HomePage(state, mount)));
        AuthorizationEndpoints.Map(google);
        TokenEndpoint.Map(google);
        UserInfoEndpoints.Map(google);
        GoogleControlEndpoints.Map(google);
    }

    private static string HomePage(GoogleEmulatorState state, string mount)
    {
        var people = string.Join("", state.Cast.Select(u =>
            $"<li>{GoogleHtml.E(u.Name)} — <code>{GoogleHtml.E(u.Email)}</code>{(u.EmailVerified ? "" : " (email not verified)")}</li>"));
        return $"""
            <h1>Google sign-in</h1>
            <p>Stands in for Google's OAuth 2.0 / OpenID Connect endpoints when no Google client is configured.</p>
            <p>Client id <code>{GoogleHtml.E(state.Options.ClientId)}</code>. Redirect URIs: any on localhost, 127.0.0.1 or [::1], plus those configured.</p>
            <h2>People on the account chooser</h2>
            <ul>{people}</ul>
            <p>Any other address can be used through "Use another account".</p>
            <h2>Endpoints</h2>
            <ul>
            <li><code>{GoogleHtml.E(mount + AuthorizationEndpoints.Path)}</code> — authorization (chooser and consent)</li>
            <li><code>{GoogleHtml.E(mount + TokenEndpoint.Path)}</code> — token</li>
            <li><code>{GoogleHtml.E(mount + UserInfoEndpoints.Path)}</code> — userinfo</li>
            <li><a href="{GoogleHtml.E(mount)}/.well-known/openid-configuration">discovery document</a></li>
            </ul>
            """;
    }
}
