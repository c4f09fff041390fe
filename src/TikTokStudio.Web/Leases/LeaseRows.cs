using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TikTokStudio.Web.Leases;

/// <summary>
/// "One at a time, across every instance": a named lease with a holder, an expiry and a fencing token that grows by
/// one at every new holder. Rows are never deleted (a release only expires them), so the token keeps growing.
/// Times are Unix milliseconds of the app's TimeProvider.
/// </summary>
public sealed class LeaseRow
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public long Token { get; set; }
    public long ExpiresAtMs { get; set; }
}

/// <summary>
/// One of the N request slots of a per-token budget (N = TikTok's per-minute limit for the endpoint): a call takes
/// the slot used longest ago, only if that was a whole window ago, so N calls never fall in one window.
/// </summary>
public sealed class BudgetSlotRow
{
    /// <summary>SHA-256 of the access token and the endpoint: raw tokens are never stored.</summary>
    public required string Key { get; set; }
    public int Slot { get; set; }
    public long UsedAtMs { get; set; }
}

internal sealed class LeaseRowConfiguration : IEntityTypeConfiguration<LeaseRow>
{
    public void Configure(EntityTypeBuilder<LeaseRow> builder)
    {
        builder.ToTable("Leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Holder).HasMaxLength(200);
    }
}

internal sealed class BudgetSlotRowConfiguration : IEntityTypeConfiguration<BudgetSlotRow>
{
    public void Configure(EntityTypeBuilder<BudgetSlotRow> builder)
    {
        builder.ToTable("RequestBudgetSlots");
        builder.HasKey(s => new { s.Key, s.Slot });
        builder.Property(s => s.Key).HasMaxLength(100);
    }
}
