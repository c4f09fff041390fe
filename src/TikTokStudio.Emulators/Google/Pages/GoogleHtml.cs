using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Google;

/// <summary>Plain server-rendered HTML for the emulated Google pages: no script, labelled controls, visible focus.</summary>
public static class GoogleHtml
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Page(string title, string body, int statusCode = 200) =>
        Results.Content($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} — Google sign-in emulator</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1f1f1f;background:#f0f4f9}
            main{max-width:30rem;margin:2rem auto;padding:2rem 1.5rem;background:#fff;border-radius:1.75rem}
            @media (max-width:600px){main{margin:0;border-radius:0;min-height:100vh;box-sizing:border-box} }
            .brand{font-size:.95rem;color:#444746;margin:0 0 1rem}
            h1{font-size:1.6rem;font-weight:400;margin:0 0 .25rem}
            h2{font-size:1.1rem;font-weight:500;margin:1.5rem 0 .5rem}
            .lead{margin:0 0 1.5rem;color:#444746}
            ul.accounts{list-style:none;margin:0;padding:0;border-top:1px solid #c4c7c5}
            ul.accounts li{border-bottom:1px solid #c4c7c5}
            button.account{display:flex;gap:.9rem;align-items:center;width:100%;padding:.75rem .5rem;border:0;background:none;font:inherit;text-align:left;cursor:pointer;color:inherit}
            button.account:hover{background:#f2f2f2}
            .avatar{flex:none;display:inline-flex;align-items:center;justify-content:center;width:2.25rem;height:2.25rem;border-radius:50%;background:#0b57d0;color:#fff;font-weight:600}
            .who{display:flex;flex-direction:column;min-width:0;overflow-wrap:anywhere}
            .who small{color:#444746}
            .tag{font-size:.8rem;padding:0 .4rem;border-radius:.3rem;background:#fce8e6;color:#8c1d18;margin-left:.3rem}
            fieldset{border:1px solid #c4c7c5;border-radius:.75rem;margin:1rem 0;padding:.75rem 1rem}
            legend{font-weight:500;padding:0 .3rem}
            label{display:block;margin:.6rem 0 .2rem;font-weight:500}
            .radio{display:flex;gap:.5rem;align-items:center}.radio label{margin:0;font-weight:400}
            input[type=email],input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:.6rem .75rem;border:1px solid #747775;border-radius:.3rem}
            .actions{display:flex;justify-content:flex-end;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}
            button.primary,button.secondary{font:inherit;font-weight:500;padding:.55rem 1.5rem;border-radius:2rem;cursor:pointer}
            button.primary{background:#0b57d0;color:#fff;border:1px solid #0b57d0}
            button.secondary{background:#fff;color:#0b57d0;border:1px solid #747775}
            button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
            .error{border-left:4px solid #b3261e;padding-left:1rem}
            code{background:#f1f3f4;padding:0 .2rem;overflow-wrap:anywhere}
            .scopes li{margin:.4rem 0}
            </style>
            </head><body><main>
            <p class="brand">Google sign-in emulator</p>
            {{body}}
            </main></body></html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>The request's parameters as hidden fields, so each step posts the whole request on (the emulator keeps no session).</summary>
    public static string Hidden(IEnumerable<(string Name, string Value)> fields)
    {
        var html = new StringBuilder();
        foreach (var (name, value) in fields) html.Append($"""<input type="hidden" name="{E(name)}" value="{E(value)}">""").Append('\n');
        return html.ToString();
    }

    public static string Initial(GoogleUser user) => E(user.Name.Length > 0 ? user.Name[..1].ToUpperInvariant() : "?");

    /// <summary>The picture userinfo links to: a circle with the person's initial.</summary>
    public static string AvatarSvg(GoogleUser user)
    {
        var hue = (uint)user.Sub.GetHashCode(StringComparison.Ordinal) % 360;
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="{E(user.Name)}">
            <circle cx="48" cy="48" r="48" fill="hsl({hue},55%,40%)"/>
            <text x="48" y="62" font-size="40" text-anchor="middle" fill="#fff" font-family="sans-serif">{Initial(user)}</text></svg>
            """;
    }

    /// <summary>Google's own error page: the error code in the heading, the detail below, no way back to the app.</summary>
    public static IResult ErrorPage(AuthorizationProblem problem) =>
        Page("Access blocked", $"""
            <h1>Access blocked: this request is invalid</h1>
            <div class="error" role="alert">
            <p><strong>Error {problem.Status}: {E(problem.Error)}</strong></p>
            <p>{E(problem.Description)}</p>
            </div>
            """, problem.Status);
}
