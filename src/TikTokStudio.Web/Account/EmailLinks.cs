using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace TikTokStudio.Web.Account;

/// <summary>The app's public address (<c>App:PublicUrl</c>): links in emails and anything sent outside are built from it.</summary>
public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>e.g. https://studio.example.com. Required outside Development; in Development the request's own address is used when empty.</summary>
    public string? PublicUrl { get; set; }

    public static string? Validate(AppOptions options, bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            return isDevelopment ? null
                : "App:PublicUrl is required outside Development (e.g. App__PublicUrl=https://studio.example.com): links in emails are built from it, never from the request's Host header.";
        }
        return Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Length == 0
            ? null
            : $"App:PublicUrl must be an absolute http(s) URL without a query, not '{options.PublicUrl}'.";
    }
}

/// <summary>
/// Absolute links for emails (confirm, reset password, invitations). They never follow the request's Host header,
/// which an attacker controls: the configured public URL wins, and only Development falls back to the request.
/// </summary>
public sealed class EmailLinks(IOptions<AppOptions> options, NavigationManager navigation)
{
    public string For(string relativePath, IReadOnlyDictionary<string, object?> query)
    {
        var baseUri = options.Value.PublicUrl is { Length: > 0 } configured ? configured.TrimEnd('/') + "/" : navigation.BaseUri;
        var absolute = new Uri(new Uri(baseUri), relativePath.TrimStart('/')).AbsoluteUri;
        return navigation.GetUriWithQueryParameters(absolute, query);
    }
}
