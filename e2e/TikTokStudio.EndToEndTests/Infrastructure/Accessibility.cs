using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace TikTokStudio.EndToEndTests.Infrastructure;

/// <summary>axe-core on the page as it is now: no critical and no serious violation, each one named when it fails.</summary>
public static class Accessibility
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        // Colours mid-transition are not the page's colours: a button just enabled fades from grey to its colour in
        // MudBlazor, and axe reading it halfway reported white on pink. Finite animations end first (spinners loop on).
        await page.WaitForFunctionAsync("""
            () => document.getAnimations().every(a => a.playState !== 'running' || !isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
            """);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "critical" or "serious").ToList();
        Assert.True(serious.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", serious.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }

    /// <summary>Nothing scrolls sideways (the phone layout rule: document width within the window).</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        if (scrollWidth <= innerWidth) return;
        // Name the elements that stick out, so the failure says where to look.
        var culprits = await page.EvaluateAsync<string[]>("""
            w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                   .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')
            """, innerWidth);
        Assert.Fail($"{page.Url} scrolls sideways: {scrollWidth} px of content in a {innerWidth} px window. Widest: {string.Join(", ", culprits)}");
    }
}
