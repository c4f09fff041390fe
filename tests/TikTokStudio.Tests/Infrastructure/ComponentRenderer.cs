using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>Renders a component to HTML with the framework's HtmlRenderer and parses it with AngleSharp (bunit does not restore here).</summary>
public static class ComponentRenderer
{
    public static async Task<IHtmlDocument> RenderAsync<TComponent>(Action<IServiceCollection>? services = null,
        Dictionary<string, object?>? parameters = null) where TComponent : IComponent
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<NavigationManager>(new TestNavigationManager());
        collection.AddSingleton<AntiforgeryStateProvider>(new TestAntiforgeryStateProvider());
        collection.AddSingleton(TimeProvider.System);
        MudBlazor.Services.ServiceCollectionExtensions.AddMudServices(collection);
        collection.AddSingleton<Microsoft.JSInterop.IJSRuntime, NoJSRuntime>();
        services?.Invoke(collection);
        await using var provider = collection.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? []))).ToHtmlString());
        return new HtmlParser().ParseDocument(html);
    }

    private sealed class NoJSRuntime : Microsoft.JSInterop.IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    private sealed class TestNavigationManager : NavigationManager
    {
        public TestNavigationManager() => Initialize("http://localhost/", "http://localhost/app");
    }

    private sealed class TestAntiforgeryStateProvider : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
