namespace TikTokStudio.Web.Features.Approvals;

/// <summary>The approvals' services. /app/approvals and the post page's panel run over the circuit against them.</summary>
public static class ApprovalsSetup
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddScoped<ApprovalService>();
        return services;
    }
}
