namespace TikTokStudio.Web.Live;

/// <summary>
/// The markup half of live updates: a fragment that shows entity X renders <c>data-live-topic="x:id"</c> and
/// <c>hx-trigger="live-refresh, every 60s"</c>; the bundle fires live-refresh when the hub says X changed, and the
/// slow poll covers a dropped socket.
/// </summary>
public static class LiveTopic
{
    public const string RefreshTrigger = "live-refresh, every 60s";

    public static string For(string entity, object id) => $"{entity}:{id}";
    public static string AnyOf(string entity) => $"{entity}:*";
}
