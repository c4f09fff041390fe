using TikTokStudio.Web.Data;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>One app host shared by a test class; each test makes its own users and workspaces, so none depends on another.</summary>
public class StudioAppFactoryFixture : IDisposable
{
    public StudioAppFactoryFixture() : this(DatabaseProvider.Sqlite)
    {
    }

    protected StudioAppFactoryFixture(DatabaseProvider provider, bool realServer = false) =>
        App = new(realServer: realServer, provider: provider, owner: GetType().Name);

    public StudioAppFactory App { get; }

    public void Dispose() => App.Dispose();
}

/// <summary>The same on a PostgreSQL database of its own (a database per test class).</summary>
public sealed class PostgresAppFactoryFixture() : StudioAppFactoryFixture(DatabaseProvider.Postgres);

/// <summary>One app host on a real loopback port (it calls its own emulated TikTok) shared by a test class.</summary>
public class RealServerFixture : StudioAppFactoryFixture
{
    public RealServerFixture() : base(DatabaseProvider.Sqlite, realServer: true)
    {
    }

    protected RealServerFixture(DatabaseProvider provider) : base(provider, realServer: true)
    {
    }
}

/// <summary>The same on a PostgreSQL database of its own.</summary>
public sealed class PostgresRealServerFixture() : RealServerFixture(DatabaseProvider.Postgres);
