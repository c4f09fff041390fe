using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Team;

public sealed record TeamMember(string UserId, string Email, WorkspaceRole Role, DateTimeOffset Since);

/// <summary>The members of the current workspace (the tenant filter keeps it to this one), Owners first.</summary>
public sealed class TeamMembers(StudioDbContext db)
{
    public async Task<IReadOnlyList<TeamMember>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.Email, m.Role, m.CreatedAt })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Role).ThenBy(r => r.Email)
            .Select(r => new TeamMember(r.UserId, r.Email ?? "", r.Role, r.CreatedAt)).ToList();
    }
}
