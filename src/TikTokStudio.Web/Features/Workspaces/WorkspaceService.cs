using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Team;

namespace TikTokStudio.Web.Features.Workspaces;

/// <summary>Creating and switching workspaces; the rules live here so sign-up and the app share them.</summary>
public sealed class WorkspaceService(StudioDbContext db, WorkspaceContext workspaceContext, TimeProvider time, Activity.ActivityRecorder activity)
{
    public static readonly string OnlyAdmins = Permissions.Refusal(StudioAction.ManageSettings);

    /// <summary>Validates a workspace name and zone; returns the problems in words (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(string? name, string? timeZoneId) =>
        ValidateFields(name, timeZoneId) is var (nameProblem, zoneProblem)
            ? new[] { nameProblem, zoneProblem }.OfType<string>().ToList()
            : [];

    /// <summary>The same rules, per field, for forms that show each message under its own input.</summary>
    public static (string? Name, string? TimeZone) ValidateFields(string? name, string? timeZoneId) => (
        string.IsNullOrWhiteSpace(name) ? "Give the workspace a name."
            : name.Trim().Length > Workspace.NameMaxLength ? $"A workspace name has at most {Workspace.NameMaxLength} characters." : null,
        TimeZones.IsKnown(timeZoneId) ? null : "Choose a time zone from the list.");

    /// <summary>Renames the current workspace and sets its zone; Owner and Admins only. Problems in words, or none when saved.</summary>
    public async Task<WorkspaceSettingsResult> UpdateSettingsAsync(string? name, string? timeZoneId, CancellationToken ct = default)
    {
        if (!workspaceContext.May(StudioAction.ManageSettings)) return WorkspaceSettingsResult.Refused(OnlyAdmins);
        var (nameProblem, zoneProblem) = ValidateFields(name, timeZoneId);
        if (nameProblem is not null || zoneProblem is not null) return new WorkspaceSettingsResult(false, nameProblem, zoneProblem, null);
        var workspace = await db.Workspaces.FirstAsync(w => w.Id == workspaceContext.Current.Id, ct);
        var changes = new List<string>();
        if (workspace.Name != name!.Trim()) changes.Add($"name from “{workspace.Name}” to “{name.Trim()}”");
        if (workspace.TimeZoneId != timeZoneId) changes.Add($"time zone from {workspace.TimeZoneId} to {timeZoneId}");
        workspace.Name = name.Trim();
        workspace.TimeZoneId = timeZoneId!;
        // Saving the form unchanged changes nothing, so it is not an event.
        if (changes.Count > 0)
            activity.Record(db, workspace.Id, Activity.ActivityKinds.SettingsChanged, "Changed the workspace's " + string.Join(" and ", changes) + ".");
        await db.SaveChangesAsync(ct);
        return new WorkspaceSettingsResult(true, null, null, null);
    }

    /// <summary>Creates a workspace for the signed-in user (on the circuit, where only their id is known).</summary>
    public async Task<WorkspaceSettingsResult> CreateForAsync(string userId, string? name, string? timeZoneId, CancellationToken ct = default)
    {
        var (nameProblem, zoneProblem) = ValidateFields(name, timeZoneId);
        if (nameProblem is not null || zoneProblem is not null) return new WorkspaceSettingsResult(false, nameProblem, zoneProblem, null);
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        await CreateAsync(user, name!, timeZoneId!, ct);
        return new WorkspaceSettingsResult(true, null, null, null);
    }

    /// <summary>The zone a new workspace starts with: the user's own, else UTC.</summary>
    public async Task<string> DefaultTimeZoneAsync(string userId, CancellationToken ct = default) =>
        TimeZones.OrUtc(await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZoneId).FirstOrDefaultAsync(ct));

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

/// <summary>The outcome of saving workspace settings: the per-field problems, or why it was refused.</summary>
public sealed record WorkspaceSettingsResult(bool Saved, string? NameProblem, string? TimeZoneProblem, string? RefusedBecause)
{
    public static WorkspaceSettingsResult Refused(string reason) => new(false, null, null, reason);
}
