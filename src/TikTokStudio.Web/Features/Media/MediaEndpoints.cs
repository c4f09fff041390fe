using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Media.Conversions;
using TikTokStudio.Web.Features.Media.Ffmpeg;
using TikTokStudio.Web.Features.Media.Tus;
using TikTokStudio.Web.Security;

namespace TikTokStudio.Web.Features.Media;

public static class MediaEndpoints
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string dataDirectory)
    {
        services.Configure<MediaOptions>(configuration.GetSection(MediaOptions.SectionName));
        services.AddSingleton(new MediaStorage(dataDirectory, StorageOptions.ResolveMediaDirectory(configuration, dataDirectory)));
        services.AddHttpContextAccessor();
        services.AddSingleton<MediaUrls>();
        services.AddSingleton<FfmpegTools>();
        services.AddSingleton<MediaThumbnails>();
        services.AddScoped<MediaService>();
        MediaUrlPull.AddMediaUrlPull(services, configuration, environment);
        services.AddSingleton<ConversionSlots>();
        services.AddScoped<ConversionService>();
        services.AddScoped<MediaConverter>();
        services.AddScoped<ConversionRecovery>();
        services.AddTransient<ConvertMediaJob>();
        services.AddHostedService<ConversionRecoveryService>();
        services.AddScoped<MediaCleanup>();
        // The posts feature registers the real usage check; TryAdd lets it do so before or after this call.
        services.AddHostedService<MediaCleanupService>();
        return services;
    }

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder endpoints)
    {
        var media = endpoints.MapGroup("/app/media").RequireAuthorization().WithAntiforgeryValidation();
        media.MapTusUploads();

        media.MapGet("/{id:guid}/content", async (Guid id, MediaService service, MediaStorage storage, HttpContext http) =>
        {
            var file = await service.Files.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.Status == MediaStatus.Ready, http.RequestAborted);
            return file is null ? Results.NotFound() : FileResult(file, storage, http, "private, max-age=3600");
        });

        // The frames: same rule as the bytes (signed in, this workspace's file, else 404).
        media.MapGet("/{id:guid}/thumbnail", (Guid id, MediaService service, MediaStorage storage, HttpContext http) =>
            FrameAsync(id, service, http, f => f.HasThumbnail ? storage.ThumbnailPath(f) : null));
        media.MapGet("/{id:guid}/strip", (Guid id, MediaService service, MediaStorage storage, HttpContext http) =>
            FrameAsync(id, service, http, f => f.HasStrip ? storage.StripPath(f) : null));

        // Anonymous on purpose: TikTok downloads photos from here. The token is the only key (see MediaUrls).
        endpoints.MapGet(MediaUrls.PublicPathPrefix + "{token}", async (string token, MediaUrls urls, StudioDbContext db,
            MediaStorage storage, HttpContext http) =>
        {
            if (urls.ReadToken(token) is not { } id) return Results.NotFound();
            // Across workspaces: the token, not a session, says which file; only finished files are served.
            var file = await db.Set<MediaFile>().IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(m => m.Id == id && m.Status == MediaStatus.Ready, http.RequestAborted);
            return file is null ? Results.NotFound() : FileResult(file, storage, http, "no-store");
        }).AllowAnonymous();

        return endpoints;
    }

    private static async Task<IResult> FrameAsync(Guid id, MediaService service, HttpContext http, Func<MediaFile, string?> pathOf)
    {
        var file = await service.Files.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.Status == MediaStatus.Ready, http.RequestAborted);
        if (file is null || pathOf(file) is not { } path || !File.Exists(path)) return Results.NotFound();
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.File(path, "image/jpeg");
    }

    private static IResult FileResult(MediaFile file, MediaStorage storage, HttpContext http, string cacheControl)
    {
        var path = storage.FullPath(file);
        if (!File.Exists(path)) return Results.NotFound();
        http.Response.Headers.CacheControl = cacheControl;
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.File(path, file.ContentType, enableRangeProcessing: true);
    }
}
