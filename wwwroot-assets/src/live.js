// Live channel: one SignalR connection per /app page. The server only says "entity X changed";
// elements that show X ask htmx to re-fetch themselves. Slow polling (hx-trigger "every ...") covers a dropped socket.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";

const labels = {
  connected: "Live updates on",
  reconnecting: "Reconnecting live updates…",
  disconnected: "Live updates off — reload to retry",
  connecting: "Connecting live updates…",
};

function setState(state) {
  document.documentElement.dataset.live = state;
  for (const dot of document.querySelectorAll("[data-live-indicator]")) {
    dot.dataset.state = state;
    dot.setAttribute("title", labels[state]);
    dot.setAttribute("aria-label", labels[state]);
  }
}

// A fragment opts in with data-live-topic="post:42" (or "post:*"); it is refreshed by the htmx event "live-refresh".
export function refreshTopic(entity, id) {
  const selectors = [`[data-live-topic~="${entity}:${id}"]`, `[data-live-topic~="${entity}:*"]`];
  for (const el of document.querySelectorAll(selectors.join(","))) {
    window.htmx?.trigger(el, "live-refresh", { entity, id });
  }
  document.dispatchEvent(new CustomEvent("live:changed", { detail: { entity, id } }));
}

export function startLive() {
  const hubUrl = document.querySelector("[data-live-hub]")?.dataset.liveHub;
  if (!hubUrl) return;
  const connection = new HubConnectionBuilder()
    .withUrl(hubUrl)
    .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();
  connection.on("changed", (entity, id) => refreshTopic(entity, String(id)));
  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(() => setState("connected"));
  connection.onclose(() => setState("disconnected"));
  setState("connecting");
  connection.start().then(() => setState("connected"), () => setState("disconnected"));
  window.studioLive = { connection, state: () => connection.state === HubConnectionState.Connected };
}
