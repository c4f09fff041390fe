// /app/calendar (FullCalendar) and the small bits of /app/posts that need script.
//
// Time zones: the server computes every event in the workspace's IANA zone and sends wall-clock strings without an
// offset. FullCalendar is told the calendar is in "UTC", so it shows those strings exactly as given, and a dropped
// event's UTC fields ARE the new wall-clock time. No FullCalendar time-zone plugin, no browser-zone arithmetic.
import { Calendar } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import listPlugin from "@fullcalendar/list";
import interactionPlugin from "@fullcalendar/interaction";

function token() {
  return document.querySelector('meta[name="request-verification-token"]')?.content ?? "";
}

// "Now" as a wall-clock time of the workspace's zone, expressed as a UTC Date (FullCalendar's frame, see above).
function workspaceNow(timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second));
}

// The wall-clock time of a FullCalendar date in our frame: "2026-12-03T09:00".
function wallClock(date) {
  return date.toISOString().slice(0, 16);
}

function describe(date) {
  return date.toLocaleString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function announce(region, message, kind) {
  if (!region) return;
  region.replaceChildren();
  if (!message) return;
  const box = document.createElement("div");
  box.className = `alert ${kind === "error" ? "alert-danger" : kind === "warning" ? "alert-warning" : "alert-success"} mb-0`;
  box.textContent = message;
  region.append(box);
}

// Status words + colours come from the page's legend, rendered by the server's PostStatusBadge (one source of truth).
function badgeClasses(legend) {
  const map = {};
  for (const badge of legend?.querySelectorAll("[data-status]") ?? []) map[badge.dataset.status] = badge.className;
  return map;
}

function renderEvent(arg, badges) {
  const props = arg.event.extendedProps;
  const root = document.createElement("div");
  if (props.kind === "limit") {
    root.className = "studio-event studio-limit-badge";
    root.textContent = arg.event.title;
    return { domNodes: [root] };
  }
  root.className = "studio-event";
  if (arg.timeText) {
    const time = document.createElement("span");
    time.className = "fw-bold";
    time.textContent = arg.timeText;
    root.append(time);
  }
  const badge = document.createElement("span");
  badge.className = badges[props.status] ?? "badge";
  badge.textContent = props.label;
  root.append(badge);
  if (props.avatarUrl) {
    const img = document.createElement("img");
    img.className = "avatar";
    img.src = props.avatarUrl;
    img.alt = "";
    img.width = 16;
    img.height = 16;
    img.loading = "lazy";
    root.append(img);
  }
  const who = document.createElement("span");
  who.textContent = props.accountName;
  root.append(who);
  const caption = document.createElement("span");
  caption.className = "text-secondary";
  caption.textContent = props.caption;
  root.append(caption);
  return { domNodes: [root] };
}

// Account names and avatars come once, from the account filter's options, instead of with every event.
function accountMap(filters) {
  const map = {};
  for (const option of filters?.querySelectorAll("[data-accounts] option[value]") ?? []) {
    if (option.value) map[option.value] = { name: option.textContent.trim(), avatar: option.dataset.avatar || null };
  }
  return map;
}

// The feed sends only what differs per event; the rest is added here.
function toEvent(raw, accounts) {
  if (raw.kind === "limit") {
    return { ...raw, display: "block", editable: false, order: 0, classNames: ["studio-limit", `studio-limit-${raw.level}`] };
  }
  const account = accounts[raw.accountId] ?? { name: "Removed account", avatar: null };
  return {
    ...raw,
    title: `${account.name}: ${raw.caption} (${raw.label})`,
    url: `/app/posts/${raw.id}`,
    order: 1,
    accountName: account.name,
    avatarUrl: account.avatar,
    classNames: ["studio-post", `studio-post-${raw.status.toLowerCase()}`].concat(raw.editable ? ["studio-post-movable"] : []),
  };
}

const limitColours = {
  "studio-limit-near": ["var(--tblr-warning-lt, #fff3cd)", "var(--tblr-warning, #f59f00)"],
  "studio-limit-full": ["var(--tblr-orange-lt, #ffe5d0)", "var(--tblr-orange, #f76707)"],
  "studio-limit-over": ["var(--tblr-danger-lt, #f8d7da)", "var(--tblr-danger, #d63939)"],
};

// A few rules the calendar needs (FullCalendar injects its own CSS; these size our event content inside it).
const css = `
.studio-event{display:block;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;text-align:left;font-size:.75rem;line-height:1.35;padding:1px 3px;color:var(--tblr-body-color)}
.studio-event>*{vertical-align:middle;margin-right:.25rem}
.studio-event .avatar{display:inline-block;width:16px;height:16px;border-radius:50%}
.studio-event .badge{font-size:.625rem;padding:.125rem .3rem}
.studio-limit-badge{font-weight:600}
.fc .studio-post{border-left-width:3px}
.fc .studio-post-movable{cursor:grab}
`;

function injectStyles() {
  if (document.getElementById("studio-calendar-css")) return;
  const style = document.createElement("style");
  style.id = "studio-calendar-css";
  style.textContent = css;
  document.head.append(style);
}

function startCalendar(el) {
  injectStyles();
  const timeZone = el.dataset.timeZone || "UTC";
  const filters = document.getElementById(el.dataset.filters);
  const region = document.getElementById(el.dataset.statusRegion);
  const badges = badgeClasses(document.getElementById(el.dataset.legend));
  const accounts = accountMap(filters);
  let dragging = false;

  const filterParams = () => {
    const params = {};
    if (!filters) return params;
    for (const [key, value] of new FormData(filters)) if (value) params[key] = value;
    return params;
  };

  const move = async (event, confirm) => {
    const body = new URLSearchParams({ start: wallClock(event.start), version: String(event.extendedProps.version ?? ""), confirm: confirm ? "true" : "false" });
    const response = await fetch(el.dataset.moveUrl.replace("{id}", encodeURIComponent(event.id)), {
      method: "POST",
      credentials: "same-origin",
      headers: { "RequestVerificationToken": token(), "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
      body,
    });
    let payload = {};
    try { payload = await response.json(); } catch { /* an empty or HTML body: fall back to the status */ }
    return { ok: response.ok, status: response.status, payload };
  };

  const onDrop = async (info) => {
    const event = info.event;
    if (event.allDay) {
      info.revert();
      announce(region, "Posts need a time of day: drop it on a time slot or on a day in the month view.", "error");
      return;
    }
    const when = describe(event.start);
    announce(region, `Moving to ${when}…`, "warning");
    try {
      let result = await move(event, false);
      if (result.ok && result.payload.needsConfirmation) {
        if (!window.confirm(result.payload.message)) {
          info.revert();
          announce(region, "Not moved: " + result.payload.message.replace(/ Move it anyway\?$/, ""), "error");
          return;
        }
        result = await move(event, true);
      }
      if (!result.ok || !result.payload.moved) {
        info.revert();
        const reason = result.payload.title || result.payload.message || `The server refused the move (${result.status}).`;
        announce(region, "Not moved: " + reason, "error");
        if (result.status === 409) calendar.refetchEvents();
        return;
      }
      event.setExtendedProp("version", result.payload.version);
      announce(region, result.payload.warning ? `${result.payload.message} ${result.payload.warning}` : result.payload.message,
        result.payload.warning ? "warning" : "success");
      calendar.refetchEvents(); // limit badges follow the move
    } catch {
      info.revert();
      announce(region, "Not moved: the server could not be reached. Check the connection and try again.", "error");
    }
  };

  const calendar = new Calendar(el, {
    plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
    timeZone: "UTC",
    now: () => workspaceNow(timeZone),
    initialView: el.dataset.initialView || "dayGridMonth",
    initialDate: el.dataset.initialDate || undefined,
    firstDay: 1,
    headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek" },
    buttonText: { today: "Today", month: "Month", week: "Week", list: "List" },
    buttonHints: { prev: "Previous $0", next: "Next $0", today: "This $0" },
    height: "auto",
    dayMaxEvents: 6,
    eventDisplay: "block",
    displayEventEnd: false,
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    eventOrder: "order,start,title",
    // Not editable by default: the feed marks the posts this user may move (drafts and scheduled, Editor and up).
    editable: false,
    eventDurationEditable: false,
    snapDuration: "00:15",
    events: {
      url: el.dataset.eventsUrl,
      extraParams: filterParams,
      failure: () => announce(region, "The calendar could not load its posts. Reload the page to try again.", "error"),
    },
    eventDataTransform: (raw) => toEvent(raw, accounts),
    eventContent: (arg) => renderEvent(arg, badges),
    eventDidMount: (info) => {
      const props = info.event.extendedProps;
      if (props.kind === "limit") {
        const [bg, border] = limitColours[info.event.classNames.find((c) => c in limitColours)] ?? limitColours["studio-limit-near"];
        info.el.style.backgroundColor = bg;
        info.el.style.borderColor = border;
        info.el.style.color = "inherit";
        info.el.setAttribute("title", info.event.title);
        return;
      }
      info.el.style.backgroundColor = "var(--tblr-bg-surface, #fff)";
      // The status colour of PostStatusBadge ("bg-blue-lt" → --tblr-blue) on the event's edge; the badge says it in words.
      const colour = /\bbg-([a-z]+)-lt\b/.exec(badges[props.status] ?? "")?.[1];
      info.el.style.borderColor = colour ? `var(--tblr-${colour})` : "var(--tblr-border-color, #dce1e7)";
      info.el.style.color = "inherit";
      const label = `${props.label}: ${props.accountName}, ${describe(info.event.start)}, ${props.caption}`;
      info.el.setAttribute("aria-label", label);
      info.el.setAttribute("title", label);
      info.el.dataset.postId = info.event.id;
      info.el.dataset.testid = "calendar-post";
    },
    eventDragStart: () => { dragging = true; },
    eventDragStop: () => { dragging = false; },
    eventDrop: onDrop,
  });
  calendar.render();

  // Filters refetch the feed and stay in the address bar (bookmarkable).
  filters?.addEventListener("change", () => {
    const url = new URL(location.href);
    for (const key of ["account", "status"]) {
      const value = filters.elements[key]?.value;
      if (value) url.searchParams.set(key, value); else url.searchParams.delete(key);
    }
    history.replaceState(null, "", url);
    calendar.refetchEvents();
  });
  filters?.addEventListener("submit", (e) => { e.preventDefault(); calendar.refetchEvents(); });

  // The publishing engine (or a teammate) changed a post: recolour and move events. Debounced: a burst is one fetch.
  let pending;
  document.addEventListener("live:changed", (e) => {
    if (e.detail?.entity !== "post") return;
    clearTimeout(pending);
    pending = setTimeout(function refetch() {
      if (dragging) { pending = setTimeout(refetch, 1000); return; }
      calendar.refetchEvents();
    }, 300);
  });

  el.studioCalendar = calendar;
  return calendar;
}

// /app/posts: cancel and retry reuse the publishing endpoints (hx-swap="none"); afterwards the row re-fetches itself,
// and a refusal is read out in the list's status region.
document.addEventListener("htmx:after:request", (evt) => {
  const ctx = evt.detail?.ctx;
  const source = ctx?.sourceElement;
  if (!source?.matches?.("[data-row-action]")) return;
  if (ctx.response?.status >= 400) {
    let reason = "The action was refused.";
    try { reason = JSON.parse(ctx.text).title || reason; } catch { /* not problem details */ }
    announce(document.getElementById("posts-announcer"), reason, "error");
  }
  const row = source.closest("tr[data-live-topic]");
  if (row) window.htmx?.trigger(row, "live-refresh", {});
});

function init() {
  for (const el of document.querySelectorAll("[data-calendar]")) {
    if (!el.studioCalendar) startCalendar(el);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
