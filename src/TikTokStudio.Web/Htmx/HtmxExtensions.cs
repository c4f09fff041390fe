namespace TikTokStudio.Web.Htmx;

public static class HtmxExtensions
{
    /// <summary>True when htmx sent the request (it wants a fragment, not a page).</summary>
    public static bool IsHtmx(this HttpRequest request) => request.Headers.ContainsKey("HX-Request");

    /// <summary>Fragments and pages share URLs, so caches must key on the HX-Request header.</summary>
    public static void VaryOnHtmx(this HttpResponse response) => response.Headers.Append("Vary", "HX-Request");

    /// <summary>Asks htmx to navigate the whole page (used after an htmx form changes where the user belongs).</summary>
    public static void HtmxRedirect(this HttpResponse response, string url) => response.Headers["HX-Redirect"] = url;

    /// <summary>A route group whose state-changing endpoints all validate antiforgery explicitly.</summary>
    public static RouteGroupBuilder WithAntiforgeryValidation(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<AntiforgeryValidationFilter>().DisableAntiforgery();
}
