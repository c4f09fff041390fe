using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Web.Email;

public static class DevOutboxEndpoints
{
    /// <summary>/dev/outbox in Development only. The bodies are our own templates, so rendering them is safe there.</summary>
    public static IEndpointRouteBuilder MapDevOutbox(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>().IsDevelopment()) return endpoints;

        endpoints.MapGet("/dev/outbox", async (StudioDbContext db) =>
        {
            var emails = await db.OutboxEmails.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(100).ToListAsync();
            return new RazorComponentResult<DevOutboxPage>(new { Emails = emails });
        });
        return endpoints;
    }
}
