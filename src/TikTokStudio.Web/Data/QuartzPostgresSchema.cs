namespace TikTokStudio.Web.Data;

/// <summary>Quartz's PostgreSQL DDL as Quartz ships it (embedded in Quartz.dll), with the store's default table prefix.</summary>
internal static class QuartzPostgresSchema
{
    public const string TablePrefix = "QRTZ_";
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public static IEnumerable<string> Statements()
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Quartz.dll no longer carries {Resource}.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix).Replace("{1}", TablePrefix);
        // The script separates statements with a line reading exactly "--;;".
        foreach (var piece in script.Split("\n--;;"))
        {
            var statement = string.Join('\n', piece.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
            if (statement.Length > 0) yield return statement;
        }
    }
}
