using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Connections;

namespace TikTokStudio.Web.Features.Posts.Calendar;

/// <summary>An account as the calendar shows it: the filter's entry and the name and picture on each of its posts.</summary>
public sealed record CalendarAccount(Guid Id, string Handle, string? AvatarUrl);

/// <summary>What the calendar page shows around the calendar itself.</summary>
public sealed record CalendarOverviewData(IReadOnlyList<CalendarAccount> Accounts, int UndatedDrafts);

/// <summary>Reads the calendar page's surroundings for the current workspace (the query filters keep it to that workspace).</summary>
public sealed class CalendarOverview(StudioDbContext db)
{
    public async Task<CalendarOverviewData> LoadAsync(CancellationToken ct = default)
    {
        var accounts = await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct);
        var undated = await db.Set<Post>().CountAsync(p => p.Status == PostStatus.Draft && p.PublishAt == null, ct);
        return new(accounts.Select(a => new CalendarAccount(a.Id, DailyLimits.Handle(a), string.IsNullOrEmpty(a.AvatarUrl) ? null : a.AvatarUrl)).ToList(), undated);
    }
}
