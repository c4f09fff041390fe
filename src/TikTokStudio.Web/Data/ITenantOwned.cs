namespace TikTokStudio.Web.Data;

/// <summary>A row that belongs to one workspace. StudioDbContext filters every query on it by the current workspace.</summary>
public interface ITenantOwned
{
    Guid WorkspaceId { get; set; }
}

/// <summary>The workspace the current unit of work acts for (the request's, or the one a job entered). Null: none.</summary>
public interface ITenantScope
{
    Guid? WorkspaceId { get; }

    /// <summary>The TikTok accounts the actor may see (null for all): posts and accounts of the others are filtered out.</summary>
    IReadOnlySet<Guid>? AccountScope => null;
}
