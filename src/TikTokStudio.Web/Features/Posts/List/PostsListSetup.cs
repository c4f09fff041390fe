namespace TikTokStudio.Web.Features.Posts.List;

/// <summary>
/// The posts list's services. It has no HTTP endpoints of its own: /app/posts is an interactive page whose actions run
/// over the circuit (through <see cref="Components.StudioComponent"/>) against these handlers.
/// </summary>
public static class PostsListSetup
{
    public static IServiceCollection AddPostsList(this IServiceCollection services)
    {
        services.AddScoped<PostsList>();
        services.AddScoped<PostsActions>();
        return services;
    }
}
