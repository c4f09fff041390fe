namespace TikTokStudio.Web.Components;

/// <summary>
/// Marks an /app page that still runs on the htmx + Tabler front end while the app moves to MudBlazor (ADR-0007):
/// it renders statically in the old shell with the legacy bundle. Remove it from a page when the page is migrated.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LegacyHtmxPageAttribute : Attribute;
