namespace TikTokStudio.Web.Data;

/// <summary>One folder holds the SQLite files, media (unless Storage:MediaDirectory says where) and Data Protection keys.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Relative paths are resolved against the app's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Media files; default {DataDirectory}/media. With several instances, a volume they all mount.</summary>
    public string? MediaDirectory { get; set; }

    /// <summary>The configured media directory (relative to the data directory), or null for {DataDirectory}/media.</summary>
    public static string? ResolveMediaDirectory(IConfiguration configuration, string dataDirectory)
    {
        var configured = configuration[$"{SectionName}:{nameof(MediaDirectory)}"];
        if (string.IsNullOrWhiteSpace(configured)) return null;
        var path = Path.GetFullPath(Path.Combine(dataDirectory, configured));
        Directory.CreateDirectory(path);
        return path;
    }

    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:{nameof(DataDirectory)}"];
        var path = Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
        Directory.CreateDirectory(path);
        return path;
    }
}
