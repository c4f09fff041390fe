// Small behaviour for the static pages (sign-up, profile): no inline scripts, so the Content-Security-Policy can forbid them.

// A time zone picker that nobody has set yet starts at the browser's own zone.
function preselectBrowserZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll('select[data-browser-zone-default="true"]')) {
    if (zone && select.querySelector(`option[value="${CSS.escape(zone)}"]`)) select.value = zone;
    select.dataset.browserZoneDefault = "applied";
  }
}

preselectBrowserZone();
// blazor.web.js swaps static pages in place (enhanced navigation); run again after each.
document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", preselectBrowserZone));
