using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>Drives the emulated TikTok as a person (its consent form) and as a test (its control API).</summary>
public static class EmulatedTikTok
{
    /// <summary>Starts "Connect TikTok" as the signed-in user and returns the emulator's consent page URL.</summary>
    public static async Task<Uri> StartConnectAsync(HttpClient app)
    {
        var page = await app.GetStringAsync("/app/connections");
        var response = await app.PostAsync("/app/connections/connect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(app.BaseAddress!, response.Headers.Location!);
    }

    /// <summary>Answers the consent page (as the given creator, or Deny) and returns the app callback URL TikTok redirects to.</summary>
    public static async Task<Uri> AnswerConsentAsync(HttpClient browser, Uri consentPage, string? asCreator, IEnumerable<string>? uncheckScopes = null)
    {
        var html = await browser.GetStringAsync(consentPage);
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form[method=post]")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
            fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""));
        var unchecked_ = uncheckScopes?.ToHashSet() ?? [];
        foreach (var box in form.QuerySelectorAll("input[type=checkbox][checked]"))
            if (!unchecked_.Contains(box.GetAttribute("value")!)) fields.Add(new(box.GetAttribute("name")!, box.GetAttribute("value")!));
        fields.Add(asCreator is null ? new("deny", "1") : new("creator", asCreator));

        var action = new Uri(consentPage, form.GetAttribute("action"));
        var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(consentPage, response.Headers.Location!);
    }

    /// <summary>The whole connect flow; returns where the app sent the browser after the callback.</summary>
    public static async Task<string> ConnectAsync(HttpClient app, string? asCreator, IEnumerable<string>? uncheckScopes = null)
    {
        var consent = await StartConnectAsync(app);
        var callback = await AnswerConsentAsync(app, consent, asCreator, uncheckScopes);
        var response = await app.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    public static async Task AdvanceClockAsync(HttpClient app, TimeSpan by)
    {
        var response = await app.PostAsJsonAsync("/emulators/tiktok/_emulator/clock/advance", new { seconds = (long)by.TotalSeconds });
        response.EnsureSuccessStatusCode();
    }
}
