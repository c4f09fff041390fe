// The small bits of the (still htmx) /app/posts page that need script. They lived beside the old calendar script;
// the calendar moved to a module of its own (modules/calendar.js), and this goes when the posts list moves too.

function announce(region, message) {
  if (!region) return;
  region.replaceChildren();
  if (!message) return;
  const box = document.createElement("div");
  box.className = "alert alert-danger mb-0";
  box.textContent = message;
  region.append(box);
}

// Cancel and retry reuse the publishing endpoints (hx-swap="none"); afterwards the row re-fetches itself, and a
// refusal is read out in the list's status region.
document.addEventListener("htmx:after:request", (evt) => {
  const ctx = evt.detail?.ctx;
  const source = ctx?.sourceElement;
  if (!source?.matches?.("[data-row-action]")) return;
  if (ctx.response?.status >= 400) {
    let reason = "The action was refused.";
    try { reason = JSON.parse(ctx.text).title || reason; } catch { /* not problem details */ }
    announce(document.getElementById("posts-announcer"), reason);
  }
  const row = source.closest("tr[data-live-topic]");
  if (row) window.htmx?.trigger(row, "live-refresh", {});
});
