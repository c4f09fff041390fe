using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TikTokStudio.Web.Email;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Web.Data;

/// <summary>
/// Identity and application data. Tenant-owned rows are filtered by the current workspace on every query and
/// guarded on every save, so one workspace can never read or write another's data by accident.
/// <para>
/// One model, two engines: this type carries the SQLite migrations (Data/Migrations) and
/// <see cref="PostgresStudioDbContext"/> the PostgreSQL ones (Data/Migrations/Postgres); the model itself is the same.
/// </para>
/// </summary>
public class StudioDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    private readonly ITenantScope tenantScope;

    public StudioDbContext(DbContextOptions<StudioDbContext> options, ITenantScope tenantScope) : this((DbContextOptions)options, tenantScope)
    {
    }

    /// <summary>For the provider-specific subclass (its options are typed to it).</summary>
    protected StudioDbContext(DbContextOptions options, ITenantScope tenantScope) : base(options) => this.tenantScope = tenantScope;

    /// <summary>Read by the query filters on every query (EF parameterizes it per context instance).</summary>
    public Guid? CurrentWorkspaceId => tenantScope.WorkspaceId;

    /// <summary>The accounts the actor may see, or null for all; read by the filters of accounts and posts on every query.</summary>
    public List<Guid>? CurrentAccountScope => tenantScope.AccountScope?.ToList();

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    /// <summary>Data Protection's key ring, shared by every instance (architecture §9).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset stored as text; a binary (UTC ticks) column keeps order.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(StudioDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes().ToList())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null)
            {
                typeof(StudioDbContext).GetMethod(nameof(FilterByWorkspace), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(entityType.ClrType)
                    .Invoke(this, [builder]);
            }
        }

        // A member limited to some accounts sees nothing of the others: not the account, not its posts (which carries
        // through to everything read through them). These replace the plain workspace filter for the two types.
        builder.Entity<Features.Connections.TikTokAccount>().HasQueryFilter(a =>
            a.WorkspaceId == CurrentWorkspaceId && (CurrentAccountScope == null || CurrentAccountScope.Contains(a.Id)));
        builder.Entity<Features.Posts.Post>().HasQueryFilter(p =>
            p.WorkspaceId == CurrentWorkspaceId && (CurrentAccountScope == null || CurrentAccountScope.Contains(p.AccountId)));
        // A post's timeline (and so the bell's notifications) goes with the post: the subquery carries the post's filter.
        builder.Entity<Features.Posts.PostEvent>().HasQueryFilter(e =>
            e.WorkspaceId == CurrentWorkspaceId && (CurrentAccountScope == null || Set<Features.Posts.Post>().Any(p => p.Id == e.PostId)));
    }

    private void FilterByWorkspace<T>(ModelBuilder builder) where T : class, ITenantOwned
    {
        builder.Entity<T>().HasQueryFilter(row => row.WorkspaceId == CurrentWorkspaceId);
        builder.Entity<T>().HasIndex(row => row.WorkspaceId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        GuardActivityAppendOnly();
        using var turn = SqliteWriters.WaitTurn(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        GuardActivityAppendOnly();
        using var turn = await SqliteWriters.WaitTurnAsync(this, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The activity log is append-only: an entry may be added, never changed or removed through the context (the
    /// retention job deletes old ones with one set-based statement; a deleted workspace's go with it by cascade).
    /// </summary>
    private void GuardActivityAppendOnly()
    {
        foreach (var entry in ChangeTracker.Entries<Features.Activity.ActivityEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Activity entries are append-only: they cannot be changed or deleted.");
        }
    }

    /// <summary>New tenant rows take the current workspace; a write into another workspace is refused.</summary>
    private void GuardTenantWrites()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var current = CurrentWorkspaceId;
            if (entry.State == EntityState.Added && entry.Entity.WorkspaceId == Guid.Empty)
            {
                entry.Entity.WorkspaceId = current
                    ?? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} was added outside any workspace.");
            }
            else if (current is { } workspaceId && entry.Entity.WorkspaceId != workspaceId)
            {
                throw new InvalidOperationException(
                    $"Refused to write a {entry.Metadata.ClrType.Name} of another workspace.");
            }
        }
    }
}
