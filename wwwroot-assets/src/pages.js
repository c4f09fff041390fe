// Small behaviour for the static pages (sign-up, profile): no inline scripts, so the Content-Security-Policy can forbid them.

// A time zone picker that nobody has set yet starts at the browser's own zone.
function preselectBrowserZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll('select[data-browser-zone-default="true"]')) {
    if (zone && select.querySelector(`option[value="${CSS.escape(zone)}"]`)) select.value = zone;
    select.dataset.browserZoneDefault = "applied";
  }
}

// "Continue with Google" sends the browser's zone along, so an account made through Google starts in it.
function fillBrowserZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const input of document.querySelectorAll("input[data-browser-zone]")) {
    if (zone && !input.value) input.value = zone;
  }
}

function applyBrowserZone() {
  preselectBrowserZone();
  fillBrowserZone();
}

applyBrowserZone();
// blazor.web.js swaps static pages in place (enhanced navigation); run again after each.
document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", applyBrowserZone));
