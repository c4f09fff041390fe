using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Data;

/// <summary>The tenant filter and write guard of StudioDbContext, on a real (in-memory) SQLite database.</summary>
public sealed class TenantScopingTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly Scope scope = new();
    private readonly Guid workspaceA = Guid.NewGuid();
    private readonly Guid workspaceB = Guid.NewGuid();

    public TenantScopingTests()
    {
        connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
        var now = DateTimeOffset.UtcNow;
        db.Workspaces.AddRange(
            new Workspace { Id = workspaceA, Name = "A", TimeZoneId = "UTC", CreatedAt = now, TrialEndsAt = now },
            new Workspace { Id = workspaceB, Name = "B", TimeZoneId = "UTC", CreatedAt = now, TrialEndsAt = now });
        db.Users.AddRange(new ApplicationUser { Id = "u1", UserName = "u1" }, new ApplicationUser { Id = "u2", UserName = "u2" });
        db.Memberships.AddRange(
            new Membership { WorkspaceId = workspaceA, UserId = "u1", Role = WorkspaceRole.Owner },
            new Membership { WorkspaceId = workspaceB, UserId = "u2", Role = WorkspaceRole.Owner });
        db.SaveChanges();
    }

    [Fact]
    public async Task Queries_See_Only_The_Current_Workspace()
    {
        scope.WorkspaceId = workspaceA;
        await using var db = NewContext();

        var visible = await db.Memberships.Select(m => m.UserId).ToListAsync();

        Assert.Equal(["u1"], visible);
    }

    [Fact]
    public async Task Without_A_Workspace_Queries_See_Nothing()
    {
        scope.WorkspaceId = null;
        await using var db = NewContext();

        Assert.Empty(await db.Memberships.ToListAsync());
    }

    [Fact]
    public async Task A_Row_Of_Another_Workspace_Cannot_Be_Found_By_Id()
    {
        scope.WorkspaceId = workspaceB;
        await using var db = NewContext();

        var foreign = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == "u1");

        Assert.Null(foreign);
    }

    [Fact]
    public async Task New_Rows_Take_The_Current_Workspace()
    {
        scope.WorkspaceId = workspaceA;
        await using var db = NewContext();
        db.Users.Add(new ApplicationUser { Id = "u3", UserName = "u3" });
        var membership = new Membership { UserId = "u3", Role = WorkspaceRole.Editor };

        db.Memberships.Add(membership);
        await db.SaveChangesAsync();

        Assert.Equal(workspaceA, membership.WorkspaceId);
    }

    [Fact]
    public async Task Writing_A_Row_Into_Another_Workspace_Is_Refused()
    {
        scope.WorkspaceId = workspaceA;
        await using var db = NewContext();
        db.Users.Add(new ApplicationUser { Id = "u4", UserName = "u4" });
        db.Memberships.Add(new Membership { UserId = "u4", WorkspaceId = workspaceB, Role = WorkspaceRole.Editor });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("another workspace", error.Message);
        scope.WorkspaceId = workspaceB;
        await using var check = NewContext();
        Assert.DoesNotContain(await check.Memberships.Select(m => m.UserId).ToListAsync(), id => id == "u4");
    }

    [Fact]
    public async Task The_Database_Is_Sqlite_3()
    {
        await using var db = NewContext();
        await using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";

        var version = (string)(await command.ExecuteScalarAsync())!;

        Assert.StartsWith("3.", version);
    }

    private StudioDbContext NewContext() =>
        new(new DbContextOptionsBuilder<StudioDbContext>().UseSqlite(connection).Options, scope);

    public void Dispose() => connection.Dispose();

    private sealed class Scope : ITenantScope
    {
        public Guid? WorkspaceId { get; set; }
    }
}
