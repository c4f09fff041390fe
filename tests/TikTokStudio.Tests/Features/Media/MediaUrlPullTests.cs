using System.Net;
using TikTokStudio.Web.Features.Media;

namespace TikTokStudio.Tests.Features.Media;

/// <summary>Media named by an address (the API's pull, an import's media cell) is pulled only from the public internet (outside Development).</summary>
public sealed class MediaUrlPullTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.10", true)]
    [InlineData("169.254.169.254", true)] // cloud metadata
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("93.184.215.14", false)]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", false)]
    public void Private_And_Local_Addresses_Are_Recognized(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, MediaUrlPull.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public async Task The_Pull_Client_Refuses_To_Connect_To_A_Private_Address_Outside_Development()
    {
        using var client = new HttpClient(MediaUrlPull.Handler(allowPrivateAddresses: false));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://127.0.0.1:9/video.mp4"));

        var why = Assert.IsType<PrivateAddressException>(refused.InnerException);
        Assert.Equal("127.0.0.1 resolves to 127.0.0.1, a private, loopback, link-local or multicast address; only files on the public internet are pulled.", why.Message);
    }

    [Fact]
    public async Task In_Development_The_Pull_Client_May_Reach_The_Developers_Own_Machine()
    {
        using var client = new HttpClient(MediaUrlPull.Handler(allowPrivateAddresses: true));

        // Port 9 (discard) is closed here: the connection is attempted (and refused), not blocked by the address rule.
        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://127.0.0.1:9/video.mp4"));

        Assert.IsNotType<PrivateAddressException>(failed.InnerException);
    }
}
