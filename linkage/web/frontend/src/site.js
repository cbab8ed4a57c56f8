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

// Repeating groups (household members): a template row is cloned with fresh indexes.
function wireRepeat(button) {
  const target = document.getElementById(button.getAttribute("data-repeat-target"));
  const template = document.getElementById(button.getAttribute("data-repeat-template"));
  if (!target || !template) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = target.querySelectorAll("[data-repeat-item]").length;
    const html = template.innerHTML.replaceAll("__INDEX__", String(index)).replaceAll(
      "__NUMBER__",
      String(index + 1),
    );
    target.insertAdjacentHTML("beforeend", html);
    const added = target.querySelectorAll("[data-repeat-item]")[index];
    const first = added && added.querySelector("input, select");
    if (first) first.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-poll-url]").forEach(startPolling);
  document.querySelectorAll("[data-print]").forEach(wirePrint);
  document.querySelectorAll("[data-repeat-target]").forEach(wireRepeat);
});
