namespace TikTokStudio.Web.Components.Layout;

public static class Trial
{
    public static string Text(int daysLeft) => daysLeft == 1 ? "1 day left in your trial" : $"{daysLeft} days left in your trial";
}
