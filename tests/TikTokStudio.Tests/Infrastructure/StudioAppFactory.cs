using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokStudio.Web.Data;
using TikTokStudio.Web.Features.Workspaces;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>
/// The whole app in memory on its own SQLite files in a fresh temporary data directory (Development, emulators on),
/// or on a PostgreSQL database of its own (<paramref name="provider"/> Postgres: created here, dropped on Dispose), or
/// on another host's PostgreSQL database (<paramref name="sharedDatabase"/>: two instances of one deployment).
/// Dispose deletes the folder unless <see cref="KeepDataDirectory"/> (for restart tests) is set.
/// </summary>
public sealed partial class StudioAppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Sup3r-secret!";

    public StudioAppFactory(string? dataDirectory = null, bool realServer = false, Dictionary<string, string>? settings = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite, string? sharedDatabase = null, string? owner = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "tiktok-studio-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        this.settings = settings ?? [];
        if (sharedDatabase is not null) provider = DatabaseProvider.Postgres;
        Provider = provider;
        if (provider == DatabaseProvider.Postgres)
        {
            if (sharedDatabase is null) ownDatabase = PostgresForTests.CreateDatabase(owner ?? "app");
            DatabaseConnectionString = sharedDatabase ?? ownDatabase!.ConnectionString;
            this.settings[DatabaseSettings.ProviderKey] = "Postgres";
            this.settings["ConnectionStrings:" + DatabaseSettings.ConnectionStringName] = DatabaseConnectionString;
        }
        if (realServer)
        {
            // The app calls its own emulator over loopback, as it does when run for real.
            UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
            StartServer();
            ServerAddress = new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        }
    }

    private readonly Dictionary<string, string> settings;
    private readonly TestDatabase? ownDatabase;

    public DatabaseProvider Provider { get; }

    /// <summary>The PostgreSQL database of this host (null on SQLite); pass it as sharedDatabase to start a second instance.</summary>
    public string? DatabaseConnectionString { get; }

    public string DataDirectory { get; }

    /// <summary>The hosting environment (Development unless a test checks Production behaviour).</summary>
    public string Environment { get; init; } = "Development";
    public bool KeepDataDirectory { get; set; }

    /// <summary>The app's clock; tests that cross days move it (and the emulator's) forward.</summary>
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Emulators:Enabled", "true");
        builder.UseSetting("Emulators:TikTok:ProcessingDelayMs", "0");
        builder.UseSetting("Emulators:TikTok:ModerationDelayMs", "0");
        // Most publishing tests run PublishPost themselves; a webhook's nudge would start a second run beside theirs.
        // The tests of TikTok's webhooks turn them on.
        builder.UseSetting("Emulators:TikTok:WebhooksEnabled", "false");
        // Every test signs in through the real form from one (test server) address; the throttle has its own test.
        builder.UseSetting("Security:AccountPostsPerMinute", "100000");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.AddProvider(AppErrorLog.For($"{Provider} {DataDirectory}")));
    }

    /// <summary>Set when the app listens on a real loopback port.</summary>
    public Uri? ServerAddress { get; }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowserLikeClient() => ServerAddress is null
        ? CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
        : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = ServerAddress };

    /// <summary>A confirmed user with a workspace of their own, created directly (not through the sign-up page).</summary>
    public async Task<(ApplicationUser User, Workspace Workspace)> CreateUserAsync(string? email = null, string workspaceName = "Acme", string timeZoneId = "Europe/Berlin")
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZoneId = timeZoneId };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(user, workspaceName, timeZoneId);
        return (user, workspace);
    }

    /// <summary>A new Owner with a workspace of their own, signed in.</summary>
    public async Task<(HttpClient Client, Workspace Workspace)> SignedInOwnerAsync()
    {
        var (user, workspace) = await CreateUserAsync();
        return (await SignInAsync(user.Email!), workspace);
    }

    /// <summary>A Viewer of someone else's workspace (which is their current one), signed in.</summary>
    public async Task<HttpClient> SignedInViewerAsync()
    {
        var (_, workspace) = await CreateUserAsync(workspaceName: "Owned");
        var (viewer, _) = await CreateUserAsync(workspaceName: "Viewer's own");
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Memberships.Add(new Membership { UserId = viewer.Id, WorkspaceId = workspace.Id, Role = WorkspaceRole.Viewer });
            (await db.Users.SingleAsync(u => u.Id == viewer.Id)).CurrentWorkspaceId = workspace.Id;
            await db.SaveChangesAsync();
        }
        return await SignInAsync(viewer.Email!);
    }

    /// <summary>Rows of one workspace, read straight from the database (across the tenant filter, for assertions).</summary>
    public async Task<List<T>> RowsOfAsync<T>(Guid workspaceId) where T : class, ITenantOwned
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Set<T>().IgnoreQueryFilters()
            .Where(row => row.WorkspaceId == workspaceId).AsNoTracking().ToListAsync();
    }

    /// <summary>Signs in through the real login form and returns a client carrying the auth cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = CreateBrowserLikeClient();
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryFieldOf(form),
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var alert = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync())
                .QuerySelectorAll("[role=alert]").Select(e => e.TextContent.Trim());
            Assert.Fail($"Sign-in failed with {(int)response.StatusCode}: {string.Join(" | ", alert)}");
        }
        return client;
    }

    /// <summary>The token the page rendered for script requests such as tus uploads (the RequestVerificationToken header).</summary>
    public static string AntiforgeryMetaOf(string html) => MetaToken().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page has no request-verification-token meta tag.");

    public static string AntiforgeryFieldOf(string html) => FieldToken().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page has no antiforgery form field.");

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)""")]
    private static partial Regex MetaToken();

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex FieldToken();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) ownDatabase?.Dispose();
        if (disposing && !KeepDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* SQLite may still hold a file for a moment; temp folders are cleaned by the OS. */ }
        catch (UnauthorizedAccessException) { }
    }
}
