/* On every page.
   - A form shown again with errors far down a long page (the internship page) scrolls into
     view, its first wrong field focused: the person sees what to fix.
   - The "Back" button of an error page goes back in the history (shown only with JavaScript;
     a javascript: link would need 'unsafe-inline' in the CSP, ADR 0010).
   - Logging out on a shared tablet leaves nothing of the people on it behind:
   copies of feedback sheets kept on the device (js/feedback-sheet.js) are removed. */
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
