namespace TikTokStudio.Web.Leases;

/// <summary>Who holds a lease: this app instance (host name, process, and a random part: two hosts may share a process in tests).</summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = Truncate($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    private static string Truncate(string id) => id.Length <= 200 ? id : id[^200..];
}
