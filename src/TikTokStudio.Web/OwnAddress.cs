using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TikTokStudio.Web;

/// <summary>The address this server listens on, as the server itself (or the emulator it hosts) can call it.</summary>
public static class OwnAddress
{
    /// <summary>The first listening address with wildcards made loopback; "http://localhost" before the server has bound.</summary>
    public static string BaseUrl(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1")
            .Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").TrimEnd('/');
    }
}
