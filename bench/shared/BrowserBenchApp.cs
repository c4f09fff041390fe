// Shared by the browser benchmarks (circuits, upload): the whole app on a loopback Kestrel port, in Development (the
// static web assets, blazor.web.js and MudBlazor's files, are served from the build output), with its own temporary
// data folder, no log output (stdout carries the result only) and optionally without Quartz; plus a signed-in
// headless Chromium context.
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

internal sealed class BrowserBenchApp : IAsyncDisposable
{
    public const string Password = "Bench-secret-1!";

    private readonly string dataDirectory;
    private IPlaywright? playwright;

    public WebApplicationFactory<global::Program> Factory { get; }
    public string BaseUrl { get; }
    public IServiceProvider Services => Factory.Services;

    private BrowserBenchApp(string dataDirectory, WebApplicationFactory<global::Program> factory, string baseUrl)
    {
        this.dataDirectory = dataDirectory;
        Factory = factory;
        BaseUrl = baseUrl;
    }

    public static BrowserBenchApp Start(bool withoutQuartz)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tiktok-studio-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(WebProjectDirectory());
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Emulators:Enabled", "true");
            builder.UseSetting("Security:AccountPostsPerMinute", "100000");
            builder.ConfigureTestServices(services =>
            {
                foreach (var provider in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Logging.ILoggerProvider)).ToList()) services.Remove(provider);
                if (!withoutQuartz) return;
                // The measured work comes from the benchmark itself; the real engine's jobs would compete for the cores.
                foreach (var hosted in services.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                    && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Quartz", StringComparison.Ordinal)).ToList())
                {
                    services.Remove(hosted);
                }
            });
        });
        factory.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null; // the tus endpoint sets its own limit per request
        });
        factory.StartServer();
        var baseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BrowserBenchApp(dataDirectory, factory, baseUrl);
    }

    /// <summary>A confirmed user with a workspace of their own.</summary>
    public async Task<(string Email, ApplicationUser User, Workspace Workspace)> NewMemberAsync(string workspaceName, string timeZone = "UTC")
    {
        using var scope = Services.CreateScope();
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = timeZone };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, workspaceName, timeZone);
        return (email, user, workspace);
    }

    /// <summary>A headless Debian Chromium context signed in as <paramref name="email"/> through the login form.</summary>
    public async Task<IBrowserContext> SignedInContextAsync(string email)
    {
        playwright ??= await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/Account/Login");
        await signIn.GetByLabel("Email address").FillAsync(email);
        await signIn.Locator("[id='Input.Password']").FillAsync(Password);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await signIn.WaitForURLAsync("**/app");
        await signIn.CloseAsync();
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        playwright?.Dispose();
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
    }

    public static int ArgValue(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "TikTokStudio.Web");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("src/TikTokStudio.Web not found above the benchmark's folder.");
    }
}
