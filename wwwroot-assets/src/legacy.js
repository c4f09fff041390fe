// TikTok Studio front end: htmx for partial updates, Alpine for small local state, SignalR for live signals.
import htmx from "htmx.org/dist/htmx.esm.js";
import Alpine from "alpinejs";
import "@tabler/core/dist/js/tabler.esm.js";
import { startLive } from "./live.js";
import "./calendar.js";

window.htmx = htmx;
window.Alpine = Alpine;

// Every state-changing htmx request carries the antiforgery token the server rendered into the page
// (the server validates it explicitly; see Htmx/AntiforgeryFilter.cs).
document.addEventListener("htmx:config:request", (evt) => {
  const token = document.querySelector('meta[name="request-verification-token"]')?.content;
  if (token && evt.detail?.ctx?.request?.headers) {
    evt.detail.ctx.request.headers["RequestVerificationToken"] = token;
  }
});

Alpine.start();
startLive();
