using MudBlazor;

namespace TikTokStudio.Web.Components.Layout;

/// <summary>The one theme: colours and typography for the app shell and the static pages alike.</summary>
public static class StudioTheme
{
    private static readonly string[] FontStack = ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            // TikTok's pink-red for actions, kept dark enough for 4.5:1 contrast with white text.
            Primary = "#C2185B",
            Secondary = "#00796B",
            AppbarBackground = "#1E1E2D",
            AppbarText = "#FFFFFF",
            DrawerBackground = "#FFFFFF",
            Background = "#F6F7FB",
            Success = "#2E7D32",
            Warning = "#B26A00",
            Error = "#C62828",
            Info = "#0277BD",
            TextSecondary = "rgba(0,0,0,0.66)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#F48FB1",
            PrimaryContrastText = "#1E1E2D",
            Secondary = "#80CBC4",
            AppbarBackground = "#1A1A27",
            DrawerBackground = "#1E1E2D",
            Background = "#151521",
            Surface = "#1E1E2D",
            Success = "#81C784",
            Warning = "#FFB74D",
            Error = "#EF9A9A",
            Info = "#81D4FA",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
