using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TikTokStudio.Emulators.TikTok;

/// <summary>
/// <c>GET {prefix}/tiktok</c>: what a person would see on TikTok — each creator's profile, posts and inbox drafts,
/// with a plain form button to post a draft (the step a real creator does in the TikTok app).
/// </summary>
public static class CreatorsPage
{
    public static void Map(RouteGroupBuilder tiktok)
    {
        tiktok.MapGet("/", (HttpContext context, TikTokEmulatorState state) =>
        {
            var baseUrl = EmulatorUrls.Base(context);
            var body = new StringBuilder();
            lock (state.Gate)
            {
                var now = state.Now;
                body.Append($"""
                    <h1>TikTok emulator</h1>
                    <p>Emulated time: <time datetime="{now:O}">{now.ToString("u", CultureInfo.InvariantCulture)}</time>.
                    Apps: <code>{Html.E(state.Options.ClientKey)}</code> (audited), <code>{Html.E(state.Options.UnauditedClientKey)}</code> (unaudited).
                    {state.Posts.Count} post(s) received.</p>
                    """);
                foreach (var creator in state.Creators) AppendCreator(body, creator, baseUrl, now);
            }
            return Html.Page("Creators", body.ToString());
        });
    }

    private static void AppendCreator(StringBuilder body, EmulatedCreator c, string baseUrl, DateTimeOffset now)
    {
        var id = Html.E(c.Username);
        var flags = new List<string> { c.IsPrivate ? "private account" : "public account", $"max {c.MaxVideoPostDurationSec} s" };
        if (c.CommentDisabled) flags.Add("comments off");
        if (c.EffectiveDuetDisabled) flags.Add("duet off");
        if (c.EffectiveStitchDisabled) flags.Add("stitch off");
        if (c.Banned) flags.Add("banned from posting");
        if (c.AtDailyCap) flags.Add("at daily post cap");
        if (c.UploadOnly) flags.Add("grants upload only");
        body.Append($"""
            <section class="card" id="{id}" aria-labelledby="h-{id}">
            <header><img src="{baseUrl}/avatars/{Uri.EscapeDataString(c.Username)}.svg" alt="" width="56" height="56">
            <div><h2 id="h-{id}">{Html.E(c.DisplayName)} <small>@{id}</small></h2>
            <p>{Html.E(c.Bio)}</p></div></header>
            <p>{c.FollowerCount:N0} followers · {c.LikesCount:N0} likes · {c.Videos.Count} seeded videos · {Html.E(string.Join(", ", flags))}</p>
            """);

        var drafts = c.Posts.Where(p => p.Evaluate(now).Status == PostStatus.SendToUserInbox).ToList();
        if (drafts.Count > 0)
        {
            body.Append($"<h3>Inbox drafts</h3><ul>");
            foreach (var draft in drafts)
            {
                var label = Html.E(draft.Title ?? draft.PublishId);
                body.Append($"""
                    <li><form method="post" action="{baseUrl}/_emulator/posts/{Uri.EscapeDataString(draft.PublishId)}/complete-inbox">
                    {draft.MediaType.ToLowerInvariant()} draft <code>{Html.E(draft.PublishId)}</code> “{label}”
                    <button type="submit" aria-label="Post draft {Html.E(draft.PublishId)}">Post</button></form></li>
                    """);
            }
            body.Append("</ul>");
        }

        if (c.Posts.Count > 0)
        {
            body.Append("<h3>Posts received</h3><table><thead><tr><th scope=\"col\">publish_id</th><th scope=\"col\">Mode</th><th scope=\"col\">Status</th><th scope=\"col\">Privacy</th><th scope=\"col\">Title</th></tr></thead><tbody>");
            foreach (var post in c.Posts)
            {
                var view = post.Evaluate(now);
                var status = view.FailReason is null ? view.Status : $"{view.Status} ({view.FailReason})";
                body.Append($"<tr><td><code>{Html.E(post.PublishId)}</code></td><td>{post.Mode} {post.MediaType}</td><td>{Html.E(status)}</td><td>{Html.E(post.PrivacyLevel ?? post.InboxPrivacyLevel ?? "")}</td><td>{Html.E(post.Title)}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        body.Append("</section>");
    }
}
