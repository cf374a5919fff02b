/* Feedback sheet: tapping the chosen level again clears it (the "–" button does the same
   without JavaScript). Changes are autosaved by htmx (the save bar); this script adds:
   - the un-tap and the clusters' live "rated" counts;
   - a copy of the sheet on this device (js/local-copy.js) until the server has it, so nothing
     is lost when the connection drops or the phone locks: a failed autosave says so, is tried
     again when the connection is back, and a copy left behind is offered on the next visit. */
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
  // ... and the sheet's total at the top ("3 gedragsindicatoren beoordeeld").
  function recountAll() {
    var line = document.getElementById("sheet-rated-count");
    if (!line || !line.dataset.many) return;
    var n = form.querySelectorAll("input.seg-input:checked:not([value=''])").length;
    line.textContent = n === 1 ? line.dataset.one : line.dataset.many.replace("2", String(n));
  }
  form.addEventListener("change", function (e) {
    var details = e.target.closest("details.sheet-cluster");
    if (details) recount(details);
    recountAll();
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

  // ------------------------------------------------------------------ the copy on this device
  var copy = window.UniformLocalCopy(form, "uniform:sheet:" + form.dataset.sheet);
  var texts = document.getElementById("sheet-texts");
  var edits = 0;        // changes typed since the page loaded
  var sentAt = -1;      // the value of `edits` when the autosave in flight was sent
  var failed = false;

  function say(name) {
    var state = document.getElementById("save-state");
    var template = texts && texts.querySelector("[data-text=" + name + "]");
    if (!state || !template) return;
    state.innerHTML = "";
    var span = document.createElement("span");
    span.className = template.className;
    span.textContent = template.textContent;
    state.appendChild(span);
  }
  function retry() {
    if (!failed) return;
    form.dispatchEvent(new Event("input", { bubbles: true }));  // the save bar's hx-trigger
  }

  form.addEventListener("input", function () { edits += 1; copy.keep(); });
  form.addEventListener("change", function () { edits += 1; copy.keep(); });

  document.body.addEventListener("htmx:beforeRequest", function (e) {
    if (e.target.closest && e.target.closest(".sticky-bar")) sentAt = edits;
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    if (!(e.target.closest && e.target.closest(".sticky-bar"))) return;
    var ok = e.detail.successful && !(e.detail.xhr.responseText || "").match(/alert-danger/);
    if (ok) {
      failed = false;
      if (edits === sentAt) copy.forget();  // the server has exactly what is on the screen
      else copy.keep();                     // newer typing: keep it (and its new base revision)
    } else if (!e.detail.successful) {
      failed = true;
      say(navigator.onLine === false ? "offline" : "failed");
    }
  });
  window.addEventListener("online", retry);
  setInterval(function () { if (failed && navigator.onLine !== false) retry(); }, 15000);

  // A copy left behind by an earlier visit (the connection dropped, the phone locked).
  copy.offer(document.getElementById("local-draft"), function () {
    form.querySelectorAll("details.sheet-cluster").forEach(recount);
    recountAll();
    form.dispatchEvent(new Event("input", { bubbles: true }));  // save it now
  });
})();
