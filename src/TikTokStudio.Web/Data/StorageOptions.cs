namespace TikTokStudio.Web.Data;

/// <summary>One folder holds the SQLite files, media and Data Protection keys.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Relative paths are resolved against the app's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:{nameof(DataDirectory)}"];
        var path = Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(configured) ? "data" : configured));
        Directory.CreateDirectory(path);
        return path;
    }
}
