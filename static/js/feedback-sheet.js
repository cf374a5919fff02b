/* Feedback sheet: tapping the chosen level again clears it (the "–" button does the same
   without JavaScript). Changes are autosaved by htmx; this only adds the un-tap. */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) return;
  var armed = null;

  // Keep each cluster's "rated" count right as levels are tapped.
  function recount(details) {
    var badge = details.querySelector(":scope > summary .badge");
    if (!badge) return;
    var total = details.querySelectorAll("fieldset.rate").length;
    var rated = details.querySelectorAll("input.seg-input:checked:not([value=''])").length;
    badge.textContent = rated + "/" + total;
    badge.classList.toggle("text-bg-primary", rated > 0);
    badge.classList.toggle("text-bg-light", rated === 0);
  }
  form.addEventListener("change", function (e) {
    var details = e.target.closest("details.sheet-cluster");
    if (details) recount(details);
  });
  form.addEventListener("pointerdown", function (e) {
    var label = e.target.closest(".seg-btn");
    if (!label) return;
    var input = document.getElementById(label.htmlFor);
    armed = input && input.checked && input.value ? input : null;
  });
  form.addEventListener("click", function (e) {
    var label = e.target.closest(".seg-btn");
    if (!label || !armed) return;
    var input = document.getElementById(label.htmlFor);
    if (input !== armed) return;
    e.preventDefault();
    var none = form.querySelector("input[name='" + input.name + "'][value='']");
    if (none) { none.checked = true; none.dispatchEvent(new Event("change", { bubbles: true })); }
    armed = null;
  });
})();
