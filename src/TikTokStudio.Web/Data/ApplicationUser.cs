using Microsoft.AspNetCore.Identity;

namespace TikTokStudio.Web.Data;

public class ApplicationUser : IdentityUser
{
    /// <summary>IANA time zone used to show times to this user when it differs from the workspace's.</summary>
    [PersonalData]
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>The workspace the user last chose; checked against membership on every request.</summary>
    public Guid? CurrentWorkspaceId { get; set; }
}
