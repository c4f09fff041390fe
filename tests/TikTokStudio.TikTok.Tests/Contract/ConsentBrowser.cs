using System.Net;
using System.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TikTokStudio.TikTok.Tests.Contract;

/// <summary>The consent page as the creator's browser sees it, and what it sent back to the redirect URI.</summary>
public sealed record ConsentOutcome(IHtmlDocument Page, Uri Location, string? Code, string? Scopes, string? State, string? Error);

/// <summary>
/// Drives the emulator's consent page like a browser: GET the authorize URL, then submit its form with the hidden
/// inputs, the ticked checkboxes and the name/value of the one submit button clicked, and read the 302's Location.
/// </summary>
public static class ConsentBrowser
{
    public static async Task<IHtmlDocument> OpenAsync(HttpClient browser, Uri authorizeUrl)
    {
        using var response = await browser.GetAsync(authorizeUrl);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The consent page answered {(int)response.StatusCode}: {html}");
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>Clicks "Authorize as @{username}", leaving unticked the scopes in <paramref name="untick"/>.</summary>
    public static async Task<ConsentOutcome> AuthorizeAsAsync(HttpClient browser, Uri authorizeUrl, string username, IEnumerable<string>? untick = null)
    {
        var page = await OpenAsync(browser, authorizeUrl);
        var form = page.Forms.Single(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase));
        var button = form.QuerySelectorAll<IHtmlButtonElement>("button[type=submit]")
            .Single(b => b.TextContent.Trim() == "Authorize as @" + username);
        var unticked = (untick ?? []).ToHashSet(StringComparer.Ordinal);

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            switch (input.Type)
            {
                case "hidden":
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case "checkbox" when input.IsChecked && !unticked.Contains(input.Value):
                    fields.Add(new(input.Name!, input.Value));
                    break;
            }
        }
        fields.Add(new(button.Name!, button.Value));

        // The form's action is relative to the page, as a browser resolves it.
        var action = new Uri(authorizeUrl, form.GetAttribute("action") ?? authorizeUrl.PathAndQuery);
        using var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Consent answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        var query = HttpUtility.ParseQueryString(location.Query);
        return new ConsentOutcome(page, location, query["code"], query["scopes"], query["state"], query["error"]);
    }
}
