using System.Runtime.CompilerServices;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>
/// Real media files made once with ffmpeg (see Fixtures/README.md) and committed; tests read them from the source
/// tree, so nothing needs ffmpeg (or a csproj change) at run time.
/// </summary>
internal static class MediaFixtures
{
    public static string Folder { get; } = Locate();

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    private static string Locate([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", "Fixtures");
        if (Directory.Exists(beside)) return beside;
        // A build with mapped source paths: walk up from the test binaries to the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "TikTokStudio.Tests", "Features", "Media", "Fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("The media fixtures folder was not found.");
    }
}
