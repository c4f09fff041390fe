using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>Creating and switching workspaces; the rules live here so sign-up and the app share them.</summary>
public sealed class WorkspaceService(StudioDbContext db, WorkspaceContext workspaceContext, TimeProvider time)
{
    /// <summary>Validates a workspace name and zone; returns the problems in words (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(string? name, string? timeZoneId)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name)) problems.Add("Give the workspace a name.");
        else if (name.Trim().Length > Workspace.NameMaxLength) problems.Add($"A workspace name has at most {Workspace.NameMaxLength} characters.");
        if (!TimeZones.IsKnown(timeZoneId)) problems.Add("Choose a time zone from the list.");
        return problems;
    }

    /// <summary>Creates a workspace with a 14-day trial and makes the user its Owner and current workspace.</summary>
    public async Task<Workspace> CreateAsync(ApplicationUser owner, string name, string timeZoneId, CancellationToken ct = default)
    {
        var problems = Validate(name, timeZoneId);
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems));

        var now = time.GetUtcNow();
        var workspace = new Workspace
        {
            Name = name.Trim(),
            TimeZoneId = timeZoneId,
            CreatedAt = now,
            TrialEndsAt = now.AddDays(Workspace.TrialDays),
        };
        db.Workspaces.Add(workspace);
        db.Memberships.Add(new Membership { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Owner, CreatedAt = now });
        var user = await db.Users.FirstAsync(u => u.Id == owner.Id, ct);
        user.CurrentWorkspaceId = workspace.Id;
        using (workspaceContext.ActFor(workspace))
        {
            await db.SaveChangesAsync(ct);
        }
        return workspace;
    }

    /// <summary>Makes the workspace current for the user, only if they are a member of it.</summary>
    public async Task<bool> SwitchAsync(string userId, Guid workspaceId, CancellationToken ct = default)
    {
        var isMember = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == userId && m.WorkspaceId == workspaceId, ct);
        if (!isMember) return false;
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        user.CurrentWorkspaceId = workspaceId;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
