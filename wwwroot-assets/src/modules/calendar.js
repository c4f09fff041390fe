// The browser side of PostCalendar.razor: FullCalendar (month, week, list and day views) over the calendar's JSON feed.
//
// Time zones: the server computes every event in the workspace's IANA zone and sends wall-clock strings without an
// offset. FullCalendar is told the calendar is in "UTC", so it shows those strings exactly as given, and a dropped
// event's UTC fields ARE the new wall-clock time. No FullCalendar time-zone plugin, no browser-zone arithmetic.
//
// Division of work: this module draws and fetches; everything that changes data happens on the .NET side. A drop is
// handed to .NET (Drop), which checks it with the server's rules, asks for confirmation and says why in the page;
// its answer decides whether the event stays or snaps back. View and date changes are reported (ViewChanged) so the
// page can keep them in its address.
import { Calendar } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import listPlugin from "@fullcalendar/list";
import interactionPlugin from "@fullcalendar/interaction";

// The page's view names (kept in ?view=) and FullCalendar's.
const viewTypes = { month: "dayGridMonth", week: "timeGridWeek", list: "listWeek", day: "listDay" };
const viewNames = Object.fromEntries(Object.entries(viewTypes).map(([name, type]) => [type, name]));

// A phone (MudBlazor's "xs") gets the list by default: seven columns of 50 px cannot show a post.
const phone = "(max-width: 599.98px)";

const states = new WeakMap();

// "Now" as a wall-clock time of the workspace's zone, expressed as a UTC Date (FullCalendar's frame, see above).
function workspaceNow(timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second));
}

// The wall-clock time of a FullCalendar date in our frame: "2026-12-03T09:00".
const wallClock = (date) => date.toISOString().slice(0, 16);
const dayOf = (date) => date.toISOString().slice(0, 10);

function describe(date) {
  return date.toLocaleString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function describeDay(date) {
  return date.toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" });
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function avatar(props) {
  // No picture (or one that does not load): the handle's first letter, as MudAvatar shows it elsewhere.
  const letter = () => {
    const node = element("span", "studio-event-avatar studio-event-avatar-letter", (props.accountHandle.replace(/^@/, "")[0] ?? "?").toUpperCase());
    node.setAttribute("aria-hidden", "true");
    return node;
  };
  if (!props.avatarUrl) return letter();
  const img = element("img", "studio-event-avatar");
  img.src = props.avatarUrl;
  img.alt = "";
  img.width = 16;
  img.height = 16;
  img.loading = "lazy";
  img.addEventListener("error", () => img.replaceWith(letter()), { once: true });
  return img;
}

function status(props) {
  const chip = element("span", "studio-event-status", props.label);
  chip.dataset.status = props.status;
  return chip;
}

// The post's frame (issue 17): small, sized before it loads, lazy, and gone if it does not load.
function thumb(props) {
  const img = element("img", "studio-event-thumb");
  img.src = `/app/media/${props.thumb}/thumbnail`;
  img.alt = "Frame of the post";
  img.width = 18;
  img.height = 32;
  img.loading = "lazy";
  img.decoding = "async";
  img.addEventListener("error", () => img.remove(), { once: true });
  return img;
}

// A pending post close to its slot says so in words (not by colour): unapproved, it is not sent.
function urgent() {
  const note = element("span", "studio-event-urgent", "⚠ under 2 h to approve");
  note.dataset.testid = "calendar-urgent";
  return note;
}

// Every post shows its status in words, its account (picture and @handle) and the start of its caption (issue 16,
// item 14); how they are laid out depends on the room the view gives.
function renderEvent(arg) {
  const props = arg.event.extendedProps;
  const type = arg.view.type;
  if (props.kind === "limit") {
    // A phone's month cell has room for "14/15" only; the full sentence stays there for screen readers.
    const root = element("div", "studio-event studio-limit-badge");
    const short = element("span", "studio-limit-short", `${props.count}/${props.cap}`);
    short.setAttribute("aria-hidden", "true");
    root.append(element("span", "studio-limit-long", arg.event.title), short);
    return { domNodes: [root] };
  }
  if (props.kind === "more") return { domNodes: [element("div", "studio-event studio-more-link", arg.event.title)] };

  const root = element("div", `studio-event studio-event-in-${type.startsWith("list") ? "list" : type.startsWith("timeGrid") ? "week" : "month"}`);
  const who = element("span", "studio-event-who");
  who.append(avatar(props), element("span", "studio-event-account", props.accountHandle));
  const caption = element("span", "studio-event-caption", props.caption);
  const extra = props.urgent ? [urgent()] : [];
  if (type.startsWith("list")) {
    root.append(...(props.thumb ? [thumb(props)] : []), status(props), ...extra, who, caption);
  } else {
    const head = element("span", "studio-event-head");
    if (props.thumb) head.append(thumb(props));
    if (arg.timeText) head.append(element("span", "studio-event-time", arg.timeText));
    head.append(status(props));
    root.append(head, ...extra, who, caption);
  }
  return { domNodes: [root] };
}

function toEvent(raw, state) {
  if (raw.kind === "limit") {
    return { ...raw, display: "block", editable: false, order: 0, classNames: ["studio-limit", `studio-limit-${raw.level}`] };
  }
  if (raw.kind === "more") {
    const params = new URLSearchParams({ view: "day", date: raw.start });
    if (state.filters.account) params.set("account", state.filters.account);
    if (state.filters.status) params.set("status", state.filters.status);
    return {
      ...raw, display: "block", editable: false, order: 2, classNames: ["studio-more"],
      title: `+${raw.count} more`, url: `/app/calendar?${params}`,
    };
  }
  const account = state.accounts[raw.accountId] ?? { handle: "An account no longer connected", avatarUrl: null };
  return {
    ...raw,
    title: `${account.handle}: ${raw.caption} (${raw.label})`,
    url: `/app/posts/${raw.id}`,
    order: 1,
    accountHandle: account.handle,
    avatarUrl: account.avatarUrl,
    classNames: ["studio-post"].concat(raw.editable ? ["studio-post-movable"] : [],
      raw.status === "PendingApproval" ? ["studio-post-pending"] : [], raw.urgent ? ["studio-post-urgent"] : []),
  };
}

function decorate(info, state) {
  const props = info.event.extendedProps;
  const link = info.el.matches("a") ? info.el : info.el.querySelector("a");
  if (props.kind === "limit") {
    info.el.setAttribute("title", info.event.title);
    return;
  }
  if (props.kind === "more") {
    // The name starts with the visible "+N more" (a name must contain what is seen) and says where it leads.
    const text = `+${props.count} more ${props.count === 1 ? "post" : "posts"} on ${describeDay(info.event.start)}: show the whole day`;
    link?.setAttribute("aria-label", text);
    info.el.setAttribute("title", text);
    info.el.dataset.testid = "calendar-more";
    return;
  }
  const colour = state.colours[props.status] ?? "var(--mud-palette-text-secondary)";
  info.el.style.setProperty("--studio-status", colour);
  info.el.style.setProperty("--fc-event-border-color", colour);
  // The visible text already reads "09:00 Scheduled @pia caption" (so it is the link's name); the day is the
  // cell's. The tooltip adds the full date for the mouse.
  info.el.setAttribute("title", `${props.label}${props.urgent ? " (less than 2 hours to approve)" : ""}: ${props.accountHandle}, ${describe(info.event.start)}, ${props.caption}`);
  info.el.dataset.postId = info.event.id;
  info.el.dataset.status = props.status;
  info.el.dataset.testid = "calendar-post";
}

// FullCalendar's own markup, made to pass axe: its arrow icons are decoration (the buttons have names), and a day
// cell's name is its content (a label of just the date would hide the posts in it from its name).
function tidy(root) {
  for (const icon of root.querySelectorAll(".fc-icon[role=img]:not([aria-hidden])")) icon.setAttribute("aria-hidden", "true");
}

/**
 * Starts the calendar in `el`. options: { eventsUrl, workspaceId, timeZone, view ("month"|"week"|"list"|"day"|null),
 * date ("yyyy-MM-dd"|null), filters: { account, status }, accounts: { id: { handle, avatarUrl } }, colours: { Status: css },
 * perDay: { month, week } (posts per day the feed sends; a day asks for all) }.
 */
export function create(el, dotnet, options) {
  dispose(el);
  const state = {
    dotnet,
    filters: options.filters ?? {},
    accounts: options.accounts ?? {},
    colours: options.colours ?? {},
    dragging: false,
    dropping: false,
    refetchWanted: false,
    waiters: [],
    reported: null,
    timeZone: options.timeZone || "UTC",
  };
  const initialView = viewTypes[options.view] ?? (window.matchMedia(phone).matches ? viewTypes.list : viewTypes.month);
  // The cap follows the range asked for (FullCalendar fetches before it switches views): a month grid, a week
  // (grid or list), or one day, which gets every post.
  const perDayFor = (start, end) => {
    const days = Math.round((end - start) / 86_400_000);
    return days <= 1 ? null : days <= 7 ? options.perDay?.week ?? null : options.perDay?.month ?? null;
  };

  const settle = () => {
    const waiters = state.waiters;
    state.waiters = [];
    for (const resolve of waiters) resolve();
  };

  const fetchEvents = async (info, success, failure) => {
    const params = new URLSearchParams({ start: info.startStr, end: info.endStr, workspace: options.workspaceId });
    if (state.filters.account) params.set("account", state.filters.account);
    if (state.filters.status) params.set("status", state.filters.status);
    const cap = perDayFor(info.start, info.end);
    if (cap) params.set("perDay", String(cap));
    try {
      const response = await fetch(`${options.eventsUrl}?${params}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) {
        let title = null;
        try { title = (await response.json()).title; } catch { /* not problem details */ }
        throw new Error(title || `The calendar could not load its posts (the server answered ${response.status}). Reload the page to try again.`);
      }
      success((await response.json()).map((raw) => toEvent(raw, state)));
    } catch (error) {
      failure(error);
      const message = error instanceof TypeError
        ? "The calendar could not load its posts: the server could not be reached. Check the connection and reload the page."
        : error.message;
      dotnet.invokeMethodAsync("FeedFailed", message).catch(() => {});
    } finally {
      settle();
    }
  };

  const onDrop = async (info) => {
    const event = info.event;
    state.dropping = true;
    try {
      const answer = await dotnet.invokeMethodAsync("Drop", event.id, wallClock(event.start), event.extendedProps.version ?? null, event.allDay);
      if (answer?.moved) event.setExtendedProp("version", answer.version);
      else info.revert();
    } catch {
      // The circuit is gone (or the call failed): nothing was confirmed, so the post goes back where it was.
      info.revert();
    } finally {
      state.dropping = false;
      if (state.refetchWanted) refetchNow(state, state.calendar);
    }
  };

  const calendar = new Calendar(el, {
    plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
    timeZone: "UTC",
    now: () => workspaceNow(state.timeZone),
    initialView,
    initialDate: options.date || undefined,
    firstDay: 1,
    headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listWeek,listDay" },
    buttonText: { today: "Today", dayGridMonth: "Month", timeGridWeek: "Week", listWeek: "List", listDay: "Day" },
    buttonHints: { prev: "Previous $0", next: "Next $0", today: "This $0" },
    height: "auto",
    // The feed already holds back what a day cell has no room for and sends "+N more" instead.
    dayMaxEvents: false,
    // Every view asks the feed itself: a week or a day must not reuse a month's capped answer.
    lazyFetching: false,
    eventDisplay: "block",
    displayEventEnd: false,
    eventTimeFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    eventOrder: "order,start,title",
    noEventsContent: "No posts in this period.",
    // Not editable by default: the feed marks the posts this user may move (drafts and scheduled, Editor and up).
    editable: false,
    eventDurationEditable: false,
    snapDuration: "00:15",
    events: fetchEvents,
    eventContent: renderEvent,
    eventDidMount: (info) => decorate(info, state),
    dayCellDidMount: (info) => info.el.removeAttribute("aria-labelledby"),
    viewDidMount: () => tidy(el),
    eventClick: (info) => {
      if (info.event.extendedProps.kind !== "more") return;
      // "+N more" opens that day in the day list, which shows every post of the day, in place.
      info.jsEvent.preventDefault();
      state.calendar.changeView(viewTypes.day, dayOf(info.event.start));
    },
    eventDragStart: () => { state.dragging = true; },
    eventDragStop: () => {
      state.dragging = false;
      // A drop (if any) runs next and refetches itself when done.
      setTimeout(() => { if (!state.dropping && state.refetchWanted) refetchNow(state, state.calendar); }, 0);
    },
    eventDrop: onDrop,
    datesSet: (info) => {
      tidy(el);
      const place = { view: viewNames[info.view.type] ?? "month", date: dayOf(state.calendar.getDate()) };
      const first = state.reported === null;
      state.reported = place;
      dotnet.invokeMethodAsync("ViewChanged", place.view, place.date, first).catch(() => {});
    },
  });
  state.calendar = calendar;
  states.set(el, state);
  calendar.render();
  tidy(el);
}

function refetchNow(state, calendar) {
  state.refetchWanted = false;
  calendar.refetchEvents();
}

/** Reloads the events (a post changed); resolves once the feed answered. Waits while a post is being dragged or dropped. */
export function refetch(el) {
  const state = states.get(el);
  if (!state) return Promise.resolve();
  const done = new Promise((resolve) => {
    state.waiters.push(resolve);
    // Never keep the .NET side waiting on a fetch that does not come (a drag held for a long time).
    setTimeout(resolve, 10_000);
  });
  if (state.dragging || state.dropping) state.refetchWanted = true;
  else refetchNow(state, state.calendar);
  return done;
}

/** New account/status filters: the feed is asked again with them. */
export function setFilters(el, filters) {
  const state = states.get(el);
  if (!state) return Promise.resolve();
  state.filters = filters ?? {};
  return refetch(el);
}

/** Account names and pictures (a new account was connected, or one renamed). */
export function setAccounts(el, accounts) {
  const state = states.get(el);
  if (!state) return Promise.resolve();
  state.accounts = accounts ?? {};
  return refetch(el);
}

/** Goes to a view and date (the address changed under the page); null means the default view or today. */
export function show(el, view, date) {
  const state = states.get(el);
  if (!state) return;
  const type = viewTypes[view] ?? (window.matchMedia(phone).matches ? viewTypes.list : viewTypes.month);
  state.calendar.changeView(type, date || dayOf(workspaceNow(state.timeZone)));
}

export function dispose(el) {
  const state = states.get(el);
  if (!state) return;
  states.delete(el);
  state.calendar.destroy();
  for (const resolve of state.waiters) resolve();
}
