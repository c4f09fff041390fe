using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TikTokStudio.Web.Hosting;

/// <summary>
/// Behind a proxy (several instances behind a load balancer): <c>Hosting:PublicBaseUrl</c> is the address people and
/// TikTok use (e.g. https://studio.example.com), so every absolute URL the app builds (the OAuth callback, links) names
/// it, whatever address the proxy connected to; <c>Hosting:KnownProxies</c> / <c>Hosting:KnownNetworks</c> (comma
/// separated IPs / CIDRs, e.g. 172.16.0.0/12) are the proxies whose X-Forwarded-For/-Proto headers are believed.
/// Without them the app is what it was: its own address, forwarded headers trusted from loopback only.
/// </summary>
public static class PublicAddress
{
    public const string SectionName = "Hosting";

    public static IServiceCollection AddPublicAddress(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            foreach (var proxy in List(section["KnownProxies"])) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in List(section["KnownNetworks"])) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        if (section["PublicBaseUrl"] is { Length: > 0 } configured)
        {
            var publicBase = new Uri(configured.TrimEnd('/') + "/", UriKind.Absolute);
            services.AddSingleton<IStartupFilter>(new Rewrite(publicBase));
        }
        return services;
    }

    private static IEnumerable<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>First in the pipeline: the request looks as if it came to the public address.</summary>
    private sealed class Rewrite(Uri publicBase) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Loopback calls the app makes to itself (its mounted emulator, health probes) keep their own address.
                if (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) && !context.Request.Headers.ContainsKey("X-Forwarded-For"))
                    return nextMiddleware(context);
                context.Request.Scheme = publicBase.Scheme;
                context.Request.Host = HostString.FromUriComponent(publicBase);
                if (publicBase.AbsolutePath.Length > 1) context.Request.PathBase = publicBase.AbsolutePath.TrimEnd('/');
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
