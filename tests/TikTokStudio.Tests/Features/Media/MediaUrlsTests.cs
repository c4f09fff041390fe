using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Tests.Features.Media;

public sealed class MediaUrlsTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TikTokStudio.Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    /// <summary>A server that says where it listens, as Kestrel does once bound.</summary>
    private sealed class ListeningServer(string address) : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public ListeningServer Start()
        {
            var addresses = new Microsoft.AspNetCore.Hosting.Server.Features.ServerAddressesFeature();
            addresses.Addresses.Add(address);
            Features.Set<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>(addresses);
            return this;
        }

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }

    private static MediaUrls Create(string environment, string? baseUrl, HttpContext? request = null) => new(
        new EphemeralDataProtectionProvider(),
        Options.Create(new MediaOptions { PublicBaseUrl = baseUrl }),
        new Environment(environment),
        new HttpContextAccessor { HttpContext = request },
        new ListeningServer("http://0.0.0.0:5123").Start());

    [Fact]
    public void Without_A_Public_Base_Url_Photo_Posting_Is_Unavailable_Outside_Development_And_Says_Why()
    {
        var request = new DefaultHttpContext();
        request.Request.Scheme = "https";
        request.Request.Host = new HostString("evil.example");
        var urls = Create("Production", baseUrl: "", request);

        Assert.False(urls.PhotoPostingAvailable);
        Assert.Equal("Photo posts need Media:PublicBaseUrl: TikTok pulls photos from a public URL on a verified domain.", urls.PhotoPostingReason);
        var error = Assert.Throws<InvalidOperationException>(() => urls.CreatePublicUrl(Guid.NewGuid(), TimeSpan.FromHours(1)));
        Assert.Equal(MediaUrls.PhotoPostingUnavailableReason, error.Message);
    }

    [Fact]
    public void In_Development_The_Request_Base_Url_Stands_In()
    {
        var request = new DefaultHttpContext();
        request.Request.Scheme = "http";
        request.Request.Host = new HostString("localhost", 5000);
        var urls = Create("Development", baseUrl: null, request);

        Assert.True(urls.PhotoPostingAvailable);
        Assert.StartsWith("http://localhost:5000/media/public/", urls.CreatePublicUrl(Guid.NewGuid(), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void In_Development_Background_Work_Uses_The_Servers_Own_Address()
    {
        var urls = Create("Development", baseUrl: null, request: null);

        Assert.True(urls.PhotoPostingAvailable);
        Assert.StartsWith("http://127.0.0.1:5123/media/public/", urls.CreatePublicUrl(Guid.NewGuid(), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Outside_Development_Background_Work_Without_A_Public_Base_Url_Cannot_Make_Photo_Urls()
    {
        Assert.False(Create("Production", baseUrl: null, request: null).PhotoPostingAvailable);
    }

    [Fact]
    public void A_Token_Reads_Back_Its_Media_Id_Only_With_The_Same_Keys()
    {
        var urls = Create("Production", "https://media.example.com");
        var other = Create("Production", "https://media.example.com");
        var id = Guid.NewGuid();

        var token = urls.CreateToken(id, TimeSpan.FromMinutes(5));

        Assert.Equal(id, urls.ReadToken(token));
        Assert.Null(other.ReadToken(token));
        Assert.Null(urls.ReadToken(""));
        Assert.Null(urls.ReadToken(token + "x"));
        Assert.DoesNotContain(id.ToString("N"), token);
    }
}
