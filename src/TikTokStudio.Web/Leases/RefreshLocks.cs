namespace TikTokStudio.Web.Leases;

/// <summary>
/// The token-refresh lock of an account, as a lease: one rotation of an account's refresh token at a time across all
/// instances (a second concurrent rotation with the same refresh token would be refused by TikTok or, worse, leave the
/// account with a dead one).
/// </summary>
public sealed class RefreshLocks(ILeases leases)
{
    /// <summary>Waits until the account's refresh lease is this caller's.</summary>
    public async Task<ILease> EnterAsync(Guid accountId, CancellationToken ct)
    {
        while (true)
        {
            if (await leases.TryAcquireAsync(LeaseNames.TokenRefresh(accountId), TimeSpan.FromSeconds(30), ct) is { } lease) return lease;
        }
    }
}
