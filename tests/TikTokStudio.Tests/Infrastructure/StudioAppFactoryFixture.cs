namespace TikTokStudio.Tests.Infrastructure;

/// <summary>One app host shared by a test class; each test makes its own users and workspaces, so none depends on another.</summary>
public sealed class StudioAppFactoryFixture : IDisposable
{
    public StudioAppFactory App { get; } = new();

    public void Dispose() => App.Dispose();
}

/// <summary>One app host on a real loopback port (it calls its own emulated TikTok) shared by a test class.</summary>
public sealed class RealServerFixture : IDisposable
{
    public StudioAppFactory App { get; } = new(realServer: true);

    public void Dispose() => App.Dispose();
}
