using System.Net;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>Plain server-rendered HTML shared by the emulator's pages: no script, semantic markup, readable contrast.</summary>
public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Page(string title, string body, int statusCode = 200) =>
        Results.Content($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} — TikTok emulator</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#161823;background:#fff}
            button{font:inherit;padding:.4rem .9rem;margin:.2rem .2rem .2rem 0;border:1px solid #161823;border-radius:.3rem;background:#fe2c55;color:#fff;cursor:pointer}
            button.secondary{background:#fff;color:#161823}
            button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
            fieldset{margin:1rem 0;border:1px solid #8a8b91;border-radius:.3rem}
            table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #c4c4c8;padding:.25rem .5rem;text-align:left;vertical-align:top}
            .card{border:1px solid #c4c4c8;border-radius:.5rem;padding:1rem;margin:1rem 0}
            .card header{display:flex;gap:1rem;align-items:center}
            .error{border-left:4px solid #b00020;padding-left:1rem}
            code{background:#f1f1f2;padding:0 .2rem}
            </style>
            </head><body><main>
            {{body}}
            </main></body></html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>The avatar served for every creator: an SVG circle with the creator's initial.</summary>
    public static string AvatarSvg(EmulatedCreator creator)
    {
        var hue = (uint)creator.Username.GetHashCode(StringComparison.Ordinal) % 360;
        var initial = E(creator.DisplayName.Length > 0 ? creator.DisplayName[..1] : "?");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100" role="img" aria-label="{E(creator.DisplayName)}">
            <circle cx="50" cy="50" r="50" fill="hsl({hue},60%,45%)"/>
            <text x="50" y="63" font-size="40" text-anchor="middle" fill="#fff" font-family="sans-serif">{initial}</text></svg>
            """;
    }
}
