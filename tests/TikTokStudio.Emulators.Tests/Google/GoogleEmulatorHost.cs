using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TikTokStudio.Emulators.Tests.Google;

/// <summary>
/// One Google emulator per test on a loopback port, mounted as the web app mounts it, and the steps a client and a
/// person take against it: authorize (chooser, consent), redeem the code, call userinfo.
/// </summary>
public sealed class GoogleEmulatorHost : IAsyncDisposable
{
    public const string ClientId = "000000000000-emulated.apps.googleusercontent.com";
    public const string ClientSecret = "emulated-google-client-secret";
    public const string RedirectUri = "http://127.0.0.1:5999/signin-google";
    public const string Verifier = "a-long-random-code-verifier-0123456789-abcdefghijklmnop";

    /// <summary>RFC 7636 S256 of <see cref="Verifier"/>: base64url of SHA-256, no padding.</summary>
    public static readonly string Challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    private readonly WebApplication _app;

    private GoogleEmulatorHost(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(origin + "/emulators/google/") };
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string Origin { get; }

    /// <summary>Base address {origin}/emulators/google/; redirects are not followed.</summary>
    public HttpClient Http { get; }

    public static async Task<GoogleEmulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddStudioEmulators(builder.Configuration);
        var app = builder.Build();
        app.MapStudioEmulators("/emulators");
        await app.StartAsync();
        var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new GoogleEmulatorHost(app, origin);
    }

    /// <summary>The authorization URL a client like ASP.NET Core's Google handler builds.</summary>
    public static string AuthorizeUrl(string? challenge = null, string method = "S256", string redirectUri = RedirectUri, string state = "state-123",
        string scope = "openid email profile", string clientId = ClientId)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["scope"] = scope, ["state"] = state,
            ["code_challenge"] = challenge ?? Challenge, ["code_challenge_method"] = method,
        };
        return QueryHelpers.AddQueryString("o/oauth2/v2/auth", query);
    }

    /// <summary>
    /// Opens the chooser, picks a cast member (by address) or "another account", and answers the consent step.
    /// Returns where Google sends the browser: the redirect URI with a code, or with error=access_denied.
    /// </summary>
    public async Task<Uri> AuthorizeAsync(string email, bool allow = true, string? authorizeUrl = null, string? otherName = null, bool otherVerified = true)
    {
        var chooserUrl = authorizeUrl ?? AuthorizeUrl();
        var chooser = await HtmlAsync(chooserUrl);
        var cast = chooser.QuerySelectorAll("button[name=account]").FirstOrDefault(b => b.TextContent.Contains(email));
        var fields = new List<KeyValuePair<string, string>>();
        IElement form;
        if (cast is not null)
        {
            form = cast.Closest("form")!;
            fields.Add(new("account", cast.GetAttribute("value")!));
        }
        else
        {
            form = chooser.QuerySelector("input[name=other_email]")!.Closest("form")!;
            fields.AddRange([new("account", "other"), new("other_email", email), new("other_name", otherName ?? ""),
                new("other_email_verified", otherVerified ? "true" : "false")]);
        }
        fields.AddRange(Hidden(form));
        using var consent = await Http.PostAsync(Action(form), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var consentForm = new HtmlParser().ParseDocument(await consent.Content.ReadAsStringAsync()).QuerySelector("form[method=post]")!;
        using var decided = await Http.PostAsync(Action(consentForm),
            new FormUrlEncodedContent(Hidden(consentForm).Append(new("decision", allow ? "allow" : "cancel"))));
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        return decided.Headers.Location!;
    }

    public async Task<string> CodeForAsync(string email, string? authorizeUrl = null, bool otherVerified = true, string? otherName = null)
    {
        var redirect = await AuthorizeAsync(email, authorizeUrl: authorizeUrl, otherVerified: otherVerified, otherName: otherName);
        return QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
    }

    /// <summary>The token request exactly as the ASP.NET Core OAuth handler sends it (client_secret_post).</summary>
    public static Dictionary<string, string> CodeGrant(string code, string? verifier = Verifier, string redirectUri = RedirectUri, string secret = ClientSecret)
    {
        var grant = new Dictionary<string, string>
        {
            ["client_id"] = ClientId, ["redirect_uri"] = redirectUri, ["client_secret"] = secret, ["code"] = code,
            ["grant_type"] = "authorization_code",
        };
        if (verifier is not null) grant["code_verifier"] = verifier;
        return grant;
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> TokenAsync(Dictionary<string, string> form, string? basicAuth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = new FormUrlEncodedContent(form) };
        if (basicAuth is not null) request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuth)));
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<string> AccessTokenForAsync(string email, bool otherVerified = true, string? otherName = null)
    {
        var (status, json) = await TokenAsync(CodeGrant(await CodeForAsync(email, otherVerified: otherVerified, otherName: otherName)));
        Assert.Equal(HttpStatusCode.OK, status);
        return json.GetProperty("access_token").GetString()!;
    }

    public async Task<IDocument> HtmlAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public async Task AdvanceClockAsync(double seconds)
    {
        using var response = await Http.PostAsJsonAsync("_emulator/clock/advance", new { seconds });
        response.EnsureSuccessStatusCode();
    }

    private string Action(IElement form) => new Uri(new Uri(Origin), form.GetAttribute("action")).AbsoluteUri;

    private static IEnumerable<KeyValuePair<string, string>> Hidden(IElement form) =>
        form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
