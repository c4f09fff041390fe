using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using TikTokStudio.Web.Features.Posts.List;

namespace TikTokStudio.Web.Features.Posts.Import;

/// <summary>The import's services and its two downloads (plain GETs: nothing changes state, so no antiforgery).</summary>
public static class ImportSetup
{
    public const string TemplateUrl = "/app/posts/import/template.csv";
    public const string ExportPath = "/app/posts/export.csv";

    /// <summary>The export of what the list shows for <paramref name="filter"/> (every page, in the list's order).</summary>
    public static string ExportUrl(PostsFilter filter)
    {
        var query = (filter with { Page = 1 }).ToQueryString();
        return query.Length > 0 ? $"{ExportPath}?{query}" : ExportPath;
    }

    public static IServiceCollection AddPostsImport(this IServiceCollection services)
    {
        services.AddScoped<PostsImport>();
        services.AddScoped<PostsExport>();
        return services;
    }

    public static IEndpointRouteBuilder MapPostsImport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TemplateUrl, () => Results.File(PostsCsv.Template(), "text/csv; charset=utf-8", "tiktok-studio-posts-template.csv"))
            .RequireAuthorization();
        endpoints.MapGet(ExportPath, async (HttpRequest request, HttpResponse response, PostsExport export, TimeProvider time, CancellationToken ct) =>
        {
            var filter = PostsFilter.Parse(key => request.Query.TryGetValue(key, out var value) ? value : StringValues.Empty);
            var bytes = await export.CsvAsync(filter, ct);
            response.Headers.CacheControl = "no-store";
            return Results.File(bytes, "text/csv; charset=utf-8", $"posts-{time.GetUtcNow():yyyy-MM-dd}.csv");
        }).RequireAuthorization();
        return endpoints;
    }
}
