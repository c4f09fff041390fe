using System.Globalization;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Analytics;

/// <summary>
/// CSV downloads of every analytics table. Plain GETs (cookie auth, workspace resolved per request): nothing changes
/// state, so no antiforgery; another workspace's account is a 404 like an id that does not exist.
/// </summary>
public static class AnalyticsEndpoints
{
    public static readonly string[] Tables = ["followers", "views", "posts", "best-times"];

    public static string ExportUrl(Guid accountId, string table) => $"/app/analytics/{accountId}/{table}.csv";

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/analytics/{accountId:guid}/{table}.csv", async (Guid accountId, string table, AnalyticsQueries queries, HttpResponse response, CancellationToken ct) =>
        {
            if (!Tables.Contains(table)) return Results.NotFound();
            var data = await queries.AccountAsync(accountId, ct);
            if (data is null) return Results.NotFound();
            response.Headers.CacheControl = "no-store";
            var bytes = Csv(data, table);
            var name = $"{Safe(data.Account.Handle)}-{table}.csv";
            return Results.File(bytes, "text/csv; charset=utf-8", name);
        }).RequireAuthorization();
        return endpoints;
    }

    public static byte[] Csv(AccountAnalytics data, string table)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(data.TimeZoneId);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return table switch
        {
            "followers" => CsvExport.Write(["at", "timezone", "followers"],
                data.Followers.Select(p => (IReadOnlyList<string?>)[Local(p.At), data.TimeZoneId, CsvExport.Number(p.Value)])),
            "views" => CsvExport.Write(["at", "timezone", "views"],
                data.Views.Select(p => (IReadOnlyList<string?>)[Local(p.At), data.TimeZoneId, CsvExport.Number(p.Value)])),
            "posts" => CsvExport.Write(["post", "published_at", "timezone", "views", "likes", "comments", "shares", "engagement_rate"],
                data.Posts.Select(p => (IReadOnlyList<string?>)[p.Name, Local(p.PublishedAt), data.TimeZoneId, CsvExport.Number(p.Views),
                    CsvExport.Number(p.Likes), CsvExport.Number(p.Comments), CsvExport.Number(p.Shares), CsvExport.Number(p.EngagementRate)])),
            _ => CsvExport.Write(["weekday", "hour", "timezone", "posts", "average_views_48h"],
                data.BestTimes.Cells.Select(c => (IReadOnlyList<string?>)[c.Day.ToString(), c.Hour.ToString("00", CultureInfo.InvariantCulture), data.TimeZoneId,
                    CsvExport.Number(c.Posts), CsvExport.Number(c.AverageViews)])),
        };
    }

    private static string Safe(string handle) => new(handle.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.').ToArray());
}
