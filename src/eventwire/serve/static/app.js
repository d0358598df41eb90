// eventwire pages: small progressive enhancements. Every page works without this file.
"use strict";

// Filters: a changed drop-down submits its form at once (the button stays for keyboards).
function autoSubmit() {
  for (const select of document.querySelectorAll("select.auto-submit")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
}

// Document page: the highlight under the pointer or the keyboard focus is explained in the
// side panel (the same details as its hover title, readable on touch screens too).
function highlightDetails() {
  const panel = document.getElementById("hl-details");
  if (!panel) return;
  const show = (mark) => {
    panel.replaceChildren();
    const head = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = mark.textContent;
    head.append(strong, " · " + mark.dataset.kind + " (" + mark.dataset.label + ")");
    const list = document.createElement("dl");
    for (const part of (mark.title || "").split(" · ")) {
      const cut = part.indexOf(": ");
      if (cut < 0) continue;
      const dt = document.createElement("dt");
      dt.textContent = part.slice(0, cut);
      const dd = document.createElement("dd");
      dd.textContent = part.slice(cut + 2);
      list.append(dt, dd);
    }
    panel.append(head, list);
  };
  for (const mark of document.querySelectorAll("mark.hl[data-kind]")) {
    mark.addEventListener("mouseenter", () => show(mark));
    mark.addEventListener("focus", () => show(mark));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  autoSubmit();
  highlightDetails();
});
