namespace TikTokStudio.Web.Features.Connections;

/// <summary>What the connections page says when TikTok's callback sends the browser back (nothing from the URL is echoed).</summary>
public static class ConnectionNotices
{
    public static (bool Success, string Text)? AfterCallback(IReadOnlyList<AccountView> accounts, Guid? connectedId, string? failed)
    {
        if (connectedId is { } id && accounts.FirstOrDefault(a => a.Account.Id == id) is { } connected)
        {
            var scopeNote = connected.Account.HasScope(TikTok.Auth.TikTokScopes.VideoPublish) ? ""
                : " The creator did not allow direct posting, so posts to this account can only be drafts in their TikTok inbox.";
            return (true, $"Connected {connected.Name}.{scopeNote}");
        }
        return Enum.TryParse<ConnectFailure>(failed, out var failure) && Enum.IsDefined(failure)
            ? (false, ConnectTikTok.MessageFor(failure))
            : null;
    }
}
