using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Account.Google;

/// <summary>Who to pick on the emulated Google's account chooser: a cast member by address, or "Use another account".</summary>
public sealed record GoogleAccount(string Email, string? Name = null, bool EmailVerified = true, bool FromCast = false)
{
    public static GoogleAccount Cast(string email) => new(email, FromCast: true);

    /// <summary>A fresh address nobody has used, so tests sharing one app never meet each other's accounts.</summary>
    public static GoogleAccount Fresh(string name = "Nora Quinn", bool emailVerified = true) =>
        new($"google-{Guid.NewGuid():N}@example.com", name, emailVerified);
}

/// <summary>
/// Drives "Continue with Google" as a browser would, against the Google emulator mounted in the app: the sign-in
/// page's form, the account chooser, the consent step, Google's redirect back and the app's own pages after it.
/// </summary>
public sealed class EmulatedGoogle(HttpClient browser)
{
    /// <summary>Posts the "Continue with Google" form of a page; returns the chooser URL the app redirected to.</summary>
    public async Task<Uri> StartAsync(string fromPage = "/Account/Login", string? timeZone = "Europe/Paris", string returnUrl = "")
    {
        var page = await browser.GetStringAsync(fromPage);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StudioAppFactory.AntiforgeryFieldOf(page),
            ["provider"] = "Google",
            ["ReturnUrl"] = returnUrl,
        };
        if (timeZone is not null) fields["timeZone"] = timeZone;
        var response = await browser.PostAsync("/Account/PerformExternalLogin", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(browser.BaseAddress!, response.Headers.Location!);
    }

    /// <summary>Picks the account, then Allow or Cancel on the consent step; returns the URL Google sends the browser back to.</summary>
    public async Task<Uri> AnswerAsync(Uri chooser, GoogleAccount account, bool allow = true)
    {
        var chooserPage = Parse(await browser.GetStringAsync(chooser));
        IElement form;
        var fields = new List<KeyValuePair<string, string>>();
        if (account.FromCast)
        {
            var button = chooserPage.QuerySelectorAll("button[name=account]").Single(b => b.TextContent.Contains(account.Email));
            form = button.Closest("form")!;
            fields.Add(new("account", button.GetAttribute("value")!));
        }
        else
        {
            form = chooserPage.QuerySelector("input[name=other_email]")!.Closest("form")!;
            fields.Add(new("account", "other"));
            fields.Add(new("other_email", account.Email));
            fields.Add(new("other_name", account.Name ?? ""));
            fields.Add(new("other_email_verified", account.EmailVerified ? "true" : "false"));
        }
        fields.AddRange(HiddenFields(form));
        var consent = await browser.PostAsync(new Uri(chooser, form.GetAttribute("action")), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);

        var consentForm = Parse(await consent.Content.ReadAsStringAsync()).QuerySelector("form[method=post]")!;
        var decision = HiddenFields(consentForm).Append(new("decision", allow ? "allow" : "cancel"));
        var answer = await browser.PostAsync(new Uri(chooser, consentForm.GetAttribute("action")), new FormUrlEncodedContent(decision));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return new Uri(chooser, answer.Headers.Location!);
    }

    /// <summary>Follows Google's redirect into the app: the handler's callback, then the page it sends the browser to.</summary>
    public async Task<HttpResponseMessage> ReturnAsync(Uri callback)
    {
        var handled = await browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, handled.StatusCode);
        var next = handled.Headers.Location!.ToString();
        // A failure goes straight to the sign-in page; a success to the external-login page, which decides.
        return next.Contains("/Account/ExternalLogin", StringComparison.Ordinal) ? await browser.GetAsync(next) : handled;
    }

    /// <summary>The whole flow from the sign-in page.</summary>
    public async Task<HttpResponseMessage> SignInAsync(GoogleAccount account, string fromPage = "/Account/Login", string? timeZone = "Europe/Paris") =>
        await ReturnAsync(await AnswerAsync(await StartAsync(fromPage, timeZone), account));

    /// <summary>The callback URL with one query parameter replaced (a replayed code, a tampered state).</summary>
    public static Uri WithParameter(Uri callback, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), query));
    }

    public static string ParameterOf(Uri callback, string name) => QueryHelpers.ParseQuery(callback.Query)[name].ToString();

    /// <summary>The path and query a redirect points to, relative to the app.</summary>
    public static string Target(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static IEnumerable<KeyValuePair<string, string>> HiddenFields(IElement form) =>
        form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
}
