using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace TikTokStudio.Web.Features.Media;

/// <summary>
/// The htmx swap of <see cref="MediaLibrary"/>. RazorComponentResult wraps a root component that carries [Layout] in
/// that layout, and every .razor file under Features/ inherits AppLayout from Features/_Imports.razor; this plain C#
/// component has no layout, so the response is the grid alone.
/// </summary>
public sealed class MediaLibraryFragment : ComponentBase
{
    [Parameter] public IReadOnlyList<MediaFile> Files { get; set; } = [];
    [Parameter] public string? Message { get; set; }
    [Parameter] public string? Error { get; set; }
    [Parameter] public long UsedBytes { get; set; }
    [Parameter] public long QuotaBytes { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MediaLibrary>(0);
        builder.AddComponentParameter(1, nameof(MediaLibrary.Files), Files);
        builder.AddComponentParameter(2, nameof(MediaLibrary.Message), Message);
        builder.AddComponentParameter(3, nameof(MediaLibrary.Error), Error);
        builder.AddComponentParameter(4, nameof(MediaLibrary.UsedBytes), UsedBytes);
        builder.AddComponentParameter(5, nameof(MediaLibrary.QuotaBytes), QuotaBytes);
        builder.CloseComponent();
    }
}
