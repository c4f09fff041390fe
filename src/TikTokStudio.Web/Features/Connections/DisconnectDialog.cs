using MudBlazor;

namespace TikTokStudio.Web.Features.Connections;

/// <summary>The confirmation before a disconnect, saying what happens to the account's scheduled posts.</summary>
public static class DisconnectDialog
{
    public const string ConfirmText = "Disconnect";

    public static string MessageFor(string accountName, int scheduledPosts) =>
        $"TikTok Studio asks TikTok to revoke its access to {accountName} and deletes the stored sign-in at once. " +
        (scheduledPosts switch
        {
            0 => "No post is scheduled for it. ",
            1 => "Its 1 scheduled post pauses, with the reason on the post. ",
            _ => $"Its {scheduledPosts} scheduled posts pause, with the reason on each post. ",
        }) +
        "Reconnecting the account schedules the paused posts whose time has not passed again. Its post history stays.";

    public static async Task<bool> ConfirmAsync(IDialogService dialogs, string accountName, int scheduledPosts)
    {
        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Disconnect {accountName}?",
            Message = MessageFor(accountName, scheduledPosts),
            YesText = ConfirmText,
            CancelText = "Keep connected",
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        return answer == true;
    }
}
