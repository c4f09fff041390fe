using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Data;

namespace TikTokStudio.Tests.Account;

public sealed class ProfileTests : IClassFixture<StudioAppFactoryFixture>
{
    private readonly StudioAppFactory app;

    public ProfileTests(StudioAppFactoryFixture fixture) => app = fixture.App;

    [Theory]
    [InlineData("Asia/Tokyo", "Asia/Tokyo")]
    [InlineData("Mars/Olympus", "Europe/Berlin")]
    public async Task Profile_Saves_A_Known_Time_Zone_And_Refuses_An_Unknown_One(string submitted, string expected)
    {
        var (user, _) = await app.CreateUserAsync(timeZoneId: "Europe/Berlin");
        var client = await app.SignInAsync(user.Email!);
        var page = await client.GetStringAsync("/Account/Manage");
        Assert.Contains("Your time zone", page);

        var response = await client.PostAsync("/Account/Manage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "profile",
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
            ["Input.TimeZoneId"] = submitted,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var scope = app.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.SingleAsync(u => u.Id == user.Id);
        Assert.Equal(expected, saved.TimeZoneId);
    }
}
