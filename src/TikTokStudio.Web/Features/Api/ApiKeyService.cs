using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Activity;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Team;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Features.Api;

/// <summary>How long a new key lives: a preset number of days, a date, or until revoked.</summary>
public enum ApiKeyExpiry { Never, Days30, Days90, Days365, OnDate }

public sealed record ApiKeyRequest(string? Name, WorkspaceRole Role, IReadOnlyCollection<Guid> AccountIds, ApiKeyExpiry Expiry, DateOnly? ExpiresOn = null);

/// <summary>A refused or accepted creation. <see cref="Secret"/> is the only time the key is ever seen.</summary>
public sealed record ApiKeyCreation(ApiKey? Key, string? Secret, IReadOnlyList<(string Field, string Message)> Errors)
{
    public bool Created => Key is not null;
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field).Message;
}

public sealed record ApiKeyRow(ApiKey Key, string State, IReadOnlyList<string> AccountNames);

/// <summary>Creates, lists and revokes the workspace's API keys; every call checks the member's role itself.</summary>
public sealed class ApiKeyService(StudioDbContext db, WorkspaceContext workspace, ActivityRecorder activity, PlanEntitlements plans, TimeProvider time)
{
    /// <summary>The error field of a refusal by the workspace's plan (the page shows it with the Upgrade button).</summary>
    public const string PlanField = "plan";

    public static readonly string Refused = Permissions.Refusal(StudioAction.ManageApiKeys);

    /// <summary>The roles the current member may give a key: their own and below (Owner keys only from the Owner).</summary>
    public IReadOnlyList<WorkspaceRole> GrantableRoles() =>
        workspace.Role is { } mine ? Permissions.Roles.Where(r => r <= mine).ToList() : [];

    /// <summary>Accounts a key may be limited to: the workspace's, within the member's own account access.</summary>
    public async Task<IReadOnlyList<TikTokAccount>> LimitableAccountsAsync(CancellationToken ct = default) =>
        (await db.Set<TikTokAccount>().AsNoTracking().OrderBy(a => a.DisplayName).ToListAsync(ct))
            .Where(a => workspace.MayUseAccount(a.Id)).ToList();

    /// <summary>Why the plan stops new keys (the API is a plan feature), or null. Existing keys stay listed and revocable.</summary>
    public async Task<string?> PlanRefusalAsync(CancellationToken ct = default) =>
        (await plans.MayUseAsync(PlanFeatures.ApiAndWebhooks, ct)).Reason;

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageApiKeys)) return [];
        var now = time.GetUtcNow();
        var keys = await db.Set<ApiKey>().AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        var names = await db.Set<TikTokAccount>().AsNoTracking().ToDictionaryAsync(a => a.Id, a => ComposeRulesHandle(a), ct);
        return keys.Select(k => new ApiKeyRow(k, k.State(now),
            k.AccountScope is { } scope ? scope.Select(id => names.GetValueOrDefault(id) ?? "(removed account)").ToList() : [])).ToList();
    }

    public async Task<ApiKeyCreation> CreateAsync(ApiKeyRequest request, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageApiKeys)) return new(null, null, [("key", Refused)]);
        if (await PlanRefusalAsync(ct) is { } overPlan) return new(null, null, [(PlanField, overPlan)]);
        var now = time.GetUtcNow();
        var errors = new List<(string, string)>();
        var name = (request.Name ?? "").Trim();
        if (name.Length == 0) errors.Add(("name", "Give the key a name that says what uses it (\"Zapier\", \"Build server\")."));
        else if (name.Length > ApiKey.NameMaxLength) errors.Add(("name", $"The name is {name.Length} characters; at most {ApiKey.NameMaxLength}."));

        if (!Enum.IsDefined(request.Role)) errors.Add(("role", "Choose a role for the key."));
        else if (workspace.Role is not { } mine || request.Role > mine)
            errors.Add(("role", $"A key cannot have a role above your own ({workspace.Role})."));

        var accountIds = request.AccountIds.Distinct().ToList();
        if (accountIds.Count > 0)
        {
            var known = await db.Set<TikTokAccount>().AsNoTracking().Where(a => accountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
            if (known.Count != accountIds.Count) errors.Add(("accounts", "One of the chosen accounts is not in this workspace."));
            else if (accountIds.Any(id => !workspace.MayUseAccount(id)))
                errors.Add(("accounts", "A key can only be limited to accounts you have access to yourself."));
        }
        else if (workspace.AccountScope is not null)
        {
            errors.Add(("accounts", "You have access to some accounts only: choose which of them the key may use."));
        }

        DateTimeOffset? expiresAt = request.Expiry switch
        {
            ApiKeyExpiry.Never => null,
            ApiKeyExpiry.Days30 => now.AddDays(30),
            ApiKeyExpiry.Days90 => now.AddDays(90),
            ApiKeyExpiry.Days365 => now.AddDays(365),
            _ => null,
        };
        if (request.Expiry == ApiKeyExpiry.OnDate)
        {
            if (request.ExpiresOn is not { } day) errors.Add(("expiry", "Choose the date the key stops working."));
            else
            {
                // The key works until the end of that day in the workspace's time zone.
                var zone = TimeZoneInfo.FindSystemTimeZoneById(workspace.Current.TimeZoneId);
                var endLocal = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
                expiresAt = new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
                if (expiresAt <= now) errors.Add(("expiry", "That date has passed. Choose a date from today on."));
            }
        }
        if (errors.Count > 0) return new(null, null, errors);

        var (secret, hash, prefix) = ApiKey.NewSecret();
        var key = new ApiKey
        {
            Name = name, Role = request.Role, SecretHash = hash, Prefix = prefix,
            AccountIds = string.Join(',', accountIds.Order()),
            CreatedByUserId = workspace.UserId!, CreatedByName = workspace.UserName ?? workspace.UserId!,
            CreatedAt = now, ExpiresAt = expiresAt,
        };
        db.Add(key);
        activity.Record(db, workspace.Current.Id, ActivityKinds.ApiKeyCreated,
            $"API key \"{name}\" ({prefix}…) created with the role {request.Role}"
            + (accountIds.Count > 0 ? $", limited to {accountIds.Count} {(accountIds.Count == 1 ? "account" : "accounts")}" : "")
            + (expiresAt is { } e ? $", expiring {e:yyyy-MM-dd}." : ", without expiry."),
            subjectId: key.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new(key, secret, []);
    }

    /// <summary>Revokes at once: the next request with the key is refused (keys are looked up on every request).</summary>
    public async Task<(bool Done, string Message)> RevokeAsync(Guid keyId, CancellationToken ct = default)
    {
        if (!workspace.May(StudioAction.ManageApiKeys)) return (false, Refused);
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null) return (false, "That key does not exist in this workspace.");
        if (key.RevokedAt is not null) return (true, $"\"{key.Name}\" was already revoked.");
        key.RevokedAt = time.GetUtcNow();
        key.RevokedByName = workspace.UserName ?? workspace.UserId;
        activity.Record(db, workspace.Current.Id, ActivityKinds.ApiKeyRevoked, $"API key \"{key.Name}\" ({key.Prefix}…) revoked.", subjectId: key.Id.ToString());
        await db.SaveChangesAsync(ct);
        return (true, $"\"{key.Name}\" is revoked; requests with it are refused from now on.");
    }

    private static string ComposeRulesHandle(TikTokAccount account) => Posts.Compose.ComposeRules.Handle(account);
}
