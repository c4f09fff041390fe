namespace TikTokStudio.Web.Htmx;

public static class HtmxExtensions
{
    /// <summary>True when htmx sent the request (it wants a fragment, not a page).</summary>
    public static bool IsHtmx(this HttpRequest request) => request.Headers.ContainsKey("HX-Request");

    /// <summary>Fragments and pages share URLs, so caches must key on the HX-Request header.</summary>
    public static void VaryOnHtmx(this HttpResponse response) => response.Headers.Append("Vary", "HX-Request");

    /// <summary>
    /// Sends the browser to another page after a state change: htmx follows an HX-Redirect header (a plain 3xx would
    /// be followed by fetch and swapped in as a fragment); a form posted without JavaScript follows a 302.
    /// </summary>
    public static IResult NavigateTo(this HttpContext http, string url)
    {
        if (!http.Request.IsHtmx()) return Results.Redirect(url);
        http.Response.Headers["HX-Redirect"] = url;
        return Results.NoContent();
    }

    /// <summary>A route group whose state-changing endpoints all validate antiforgery explicitly.</summary>
    public static RouteGroupBuilder WithAntiforgeryValidation(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<AntiforgeryValidationFilter>().DisableAntiforgery();
}
