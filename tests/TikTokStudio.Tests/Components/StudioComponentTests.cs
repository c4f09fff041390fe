using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Components;
using TikTokStudio.Web.Live;

namespace TikTokStudio.Tests.Components;

public sealed class StudioComponentTests : StudioComponentTest
{
    [Fact]
    public async Task The_Job_That_Raises_A_Change_Goes_On_While_Open_Pages_Reload()
    {
        await using var app = new StudioAppFactory();
        var (owner, workspace) = await app.CreateUserAsync();
        await SignInToApp(app, owner.Id);
        using var release = new ManualResetEventSlim();
        var probe = Render<BlockingLiveProbe>(p => p.Add(x => x.Release, release));

        // An idle circuit's dispatcher runs work inline on the calling thread: a reload that blocks would then hold the
        // raiser (the publishing engine) until it finished.
        var raise = Task.Run(() => app.Services.GetRequiredService<ILiveNotifier>().ChangedAsync(workspace.Id, "post", Guid.NewGuid().ToString()));
        var raiserWentOn = await Task.WhenAny(raise, Task.Delay(TimeSpan.FromSeconds(10))) == raise;
        release.Set();

        Assert.True(raiserWentOn, "ChangedAsync waited for the page's reload");
        probe.WaitForAssertion(() => Assert.Equal("reloads: 1", probe.Markup));
    }

    /// <summary>A page whose live reload blocks its thread until the test lets it go.</summary>
    private sealed class BlockingLiveProbe : StudioComponent
    {
        [Parameter] public ManualResetEventSlim Release { get; set; } = default!;

        private int reloads;

        protected override void OnInitialized() => OnLive(change => change.Entity == "post", () =>
        {
            Release.Wait(TimeSpan.FromSeconds(30));
            reloads++;
            return Task.CompletedTask;
        });

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, $"reloads: {reloads}");
    }
}
