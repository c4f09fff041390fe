using System.Net;
using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Stripe.Pages;

/// <summary>Plain server-rendered HTML for the emulated hosted pages: no script, labelled controls, visible focus.</summary>
public static class StripeHtml
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Money(long amount, string currency) =>
        (currency == "usd" ? "$" : currency.ToUpperInvariant() + " ") + (amount / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Date(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static IResult Page(string title, string body, int statusCode = 200) =>
        Results.Content($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} — Stripe emulator</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1a1f36;background:#f6f9fc}
            main{max-width:34rem;margin:2rem auto;padding:2rem 1.5rem;background:#fff;border-radius:.75rem;box-shadow:0 2px 8px rgba(0,0,0,.08)}
            @media (max-width:600px){main{margin:0;border-radius:0;min-height:100vh;box-sizing:border-box} }
            .brand{font-size:.9rem;color:#4f566b;margin:0 0 1rem}
            h1{font-size:1.5rem;margin:0 0 .5rem} h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
            label{display:block;margin:.8rem 0 .25rem;font-weight:600}
            input[type=text],input[type=email],select{font:inherit;width:100%;box-sizing:border-box;padding:.6rem .75rem;border:1px solid #8792a2;border-radius:.4rem}
            .row{display:flex;gap:1rem}.row>div{flex:1}
            button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:.4rem;cursor:pointer;margin-top:1rem}
            .primary{background:#635bff;color:#fff;border:1px solid #635bff}
            .secondary{background:#fff;color:#3c4257;border:1px solid #8792a2}
            button:focus-visible,input:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid #635bff;outline-offset:2px}
            .error{border-left:4px solid #c0123c;padding:.25rem 1rem;color:#8a0c2a;background:#fff5f7}
            .note{color:#4f566b;font-size:.9rem}
            .amount{font-size:2rem;font-weight:700;margin:.25rem 0}
            table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.4rem .3rem;border-bottom:1px solid #e3e8ee}
            a{color:#4b45c6}
            code{background:#f1f3f4;padding:0 .2rem;overflow-wrap:anywhere}
            form.inline{display:inline}
            </style>
            </head><body><main>
            <p class="brand">Stripe emulator · test mode</p>
            {{body}}
            </main></body></html>
            """, "text/html; charset=utf-8", null, statusCode);
}
