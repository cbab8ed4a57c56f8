// Progressive enhancement for the citizen pages. Every page works without it: forms post,
// links navigate. Behaviours are switched on by data attributes so that pages carry no
// inline script (the Content-Security-Policy allows scripts from the platform only).

// Elements with data-poll-url wait for a sign-in to be completed by another device: the
// status is asked every couple of seconds, and once the card has answered, the page's
// continue form (data-poll-form) is submitted.
function startPolling(element) {
  const url = element.getAttribute("data-poll-url");
  const form = document.getElementById(element.getAttribute("data-poll-form"));
  const live = element.querySelector("[data-poll-status]");
  let stopped = false;
  async function tick() {
    if (stopped) return;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) {
        const body = await response.json();
        if (body.state === "answered" && form) {
          stopped = true;
          form.submit();
          return;
        }
        if (body.state === "expired") {
          stopped = true;
          if (live) live.textContent = element.getAttribute("data-expired-text") || "";
          return;
        }
      }
    } catch (_error) {
      // The network may drop for a moment; the next tick tries again.
    }
    setTimeout(tick, 2000);
  }
  setTimeout(tick, 1500);
}

// Buttons with data-print print the page (the pass has a print style sheet).
function wirePrint(button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// A form sent back with mistakes: focus its summary, so that screen readers read it first and
// keyboard users start from the links to each field.
function focusErrors() {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  focusErrors();
  document.querySelectorAll("[data-poll-url]").forEach(startPolling);
  document.querySelectorAll("[data-print]").forEach(wirePrint);
});
