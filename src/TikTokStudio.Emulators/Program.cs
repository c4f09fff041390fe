using Microsoft.AspNetCore.Builder;

namespace TikTokStudio.Emulators;

/// <summary>
/// Runs the emulators alone (benchmarks, demos) with the same paths the web app mounts them under.
/// A named class rather than top-level statements, so no public Program type clashes with the web app's.
/// </summary>
internal static class StandaloneEmulatorHost
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddStudioEmulators(builder.Configuration);
        var app = builder.Build();
        app.MapStudioEmulators("/emulators");
        app.Run();
    }
}
