/* On every page.
   - Loads Bootstrap's scripts once the page is parsed (below).
   - A form shown again with errors far down a long page (the internship page) scrolls into
     view, its first wrong field focused: the person sees what to fix.
   - The "Back" button of an error page goes back in the history (shown only with JavaScript;
     a javascript: link would need 'unsafe-inline' in the CSP, ADR 0010).
   - Logging out on a shared tablet leaves nothing of the people on it behind:
   copies of feedback sheets kept on the device (js/feedback-sheet.js) are removed. */
/* Bootstrap's scripts (the phone's menu, dropdowns, collapses) are not needed to show a page: they
   are loaded once it is parsed (after DOMContentLoaded, still before `load`), so a phone shows the
   page sooner (issue 20, ADR 0032). Their URLs (hashed) are this script's data-after-parse. */
(function () {
  "use strict";
  var me = document.currentScript;
  var later = me && me.getAttribute("data-after-parse");
  if (!later) return;
  document.addEventListener("DOMContentLoaded", function () {
    later.split(" ").forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      document.head.appendChild(script);
    });
  });
})();

(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-logout]")) return;
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var name = localStorage.key(i);
        if (name && name.indexOf("uniform:") === 0) localStorage.removeItem(name);
      }
    } catch (err) { /* storage unavailable: nothing kept either */ }
  });
})();

document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var here = document.querySelector("[data-scroll-here]");
  if (!here) return;
  here.scrollIntoView({ block: "start" });
  var wrong = here.querySelector(".is-invalid, [aria-invalid=true]");
  if (wrong && wrong.focus) wrong.focus({ preventScroll: true });
});

document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-history-back]").forEach(function (button) {
    if (window.history.length < 2) return;
    button.classList.remove("d-none");
    button.addEventListener("click", function () { window.history.back(); });
  });
});

/* A table wider than its box scrolls sideways: keyboard users need to reach it (WCAG 2.1.1,
   axe's scrollable-region-focusable). Such a wrapper becomes a named tab stop, a region named
   after its table's caption or label, or the heading before it (ADR 0020); it stops being one
   when the screen is wide enough again. */
(function () {
  "use strict";
  var label = document.documentElement.lang === "en" ? "Table, scrolls sideways" : "Tabel, scrolt opzij";
  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    for (var el = box; el && el !== document.body; el = el.parentElement) {
      for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        var heading = prev.matches("h1, h2, h3, h4, h5, h6") ? prev : prev.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading && heading.textContent.trim()) return heading.textContent.trim();
      }
    }
    return label;
  }
  function update() {
    document.querySelectorAll(".table-responsive, [data-scroll-region]").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) box.setAttribute("aria-label", nameOf(box));
        box.dataset.scrollRegion = "auto";
      } else if (!scrolls && box.dataset.scrollRegion === "auto") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollRegion;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("load", update);  // after the fonts: a table can grow wider then
  // At most once a frame (a rotation, a resized window): the next frame has the new tab stops.
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; update(); });
  });
  document.addEventListener("htmx:afterSettle", update);
})();
