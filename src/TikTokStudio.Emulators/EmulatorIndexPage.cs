using System.Net;

namespace TikTokStudio.Emulators;

/// <summary>The page at /emulators: what is emulated here and where to look.</summary>
internal static class EmulatorIndexPage
{
    public static string Render(string prefix)
    {
        var p = WebUtility.HtmlEncode(prefix.TrimEnd('/'));
        return $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Emulators — TikTok Studio</title>
        <style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style>
        </head><body>
        <h1>Emulators</h1>
        <p>These local stand-ins answer like the real services so every flow works offline and in tests.
        No request leaves this machine while they are in use.</p>
        <ul>
          <li><a href="{{p}}/tiktok">TikTok</a> — Login Kit v2, Content Posting API, Display API, with a cast of emulated creators.</li>
          <li><a href="{{p}}/google">Google sign-in</a> — OAuth 2.0 / OpenID Connect: account chooser, consent, token, userinfo.</li>
        </ul>
        </body></html>
        """;
    }
}
