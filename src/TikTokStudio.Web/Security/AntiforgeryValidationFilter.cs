using Microsoft.AspNetCore.Antiforgery;

namespace TikTokStudio.Web.Security;

/// <summary>
/// Validates the antiforgery token on every state-changing request of the endpoints it guards. Minimal APIs only
/// check it when they bind a form, and a tus PATCH or DELETE carries no form, so this is done explicitly (stack.md §5).
/// The token comes as the RequestVerificationToken header (the upload module reads it from the page) or the form field.
/// </summary>
public sealed class AntiforgeryValidationFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context);
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "This form has expired or did not come from TikTok Studio.",
                detail: "Reload the page and try again.");
        }
        return await next(context);
    }
}

public static class AntiforgeryValidation
{
    /// <summary>A route group whose state-changing endpoints all validate antiforgery explicitly.</summary>
    public static RouteGroupBuilder WithAntiforgeryValidation(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<AntiforgeryValidationFilter>().DisableAntiforgery();
}
