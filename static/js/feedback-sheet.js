/* Feedback sheet: tapping the chosen level again clears it (the "–" button does the same
   without JavaScript). Changes are autosaved by htmx (the save bar); this script adds:
   - the un-tap and the clusters' live "rated" counts;
   - a copy of the sheet on this device (localStorage) until the server has it, so nothing is
     lost when the connection drops or the phone locks: a failed autosave says so, is tried
     again when the connection is back, and a copy left behind is offered on the next visit.
     A restored copy is sent with the revision it was based on, so if somebody saved the sheet
     in the meantime the server reports a conflict instead of overwriting their text. */
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

  // ------------------------------------------------------------------ the copy on this device
  var key = "uniform:sheet:" + form.dataset.sheet;
  var texts = document.getElementById("sheet-texts");
  var banner = document.getElementById("local-draft");
  var SKIP = { csrfmiddlewaretoken: 1, revision: 1, overwrite: 1, carry: 1 };
  var MAX_AGE = 7 * 24 * 3600 * 1000;  // and logging out removes it (js/uniform.js)
  var edits = 0;        // changes typed since the page loaded
  var sentAt = -1;      // the value of `edits` when the autosave in flight was sent
  var failed = false;
  var storage = null;
  try { storage = window.localStorage; storage.getItem(key); } catch (err) { storage = null; }

  function revision() {
    var field = document.getElementById("revision");
    return field ? field.value : "";
  }
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled || el.type === "submit" || el.type === "button") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out[el.name] = el.value;
    });
    return out;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function read() {
    if (!storage) return null;
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (err) { return null; }
  }
  function keep() {
    if (!storage) return;
    try { storage.setItem(key, JSON.stringify({ at: Date.now(), revision: revision(), values: values() })); } catch (err) { /* full */ }
  }
  function forget() { if (storage) storage.removeItem(key); }
  function say(name, extra) {
    var state = document.getElementById("save-state");
    var template = texts && texts.querySelector("[data-text=" + name + "]");
    if (!state || !template) return;
    state.innerHTML = "";
    var span = document.createElement("span");
    span.className = template.className;
    span.textContent = template.textContent + (extra || "");
    state.appendChild(span);
  }
  function retry() {
    if (!failed) return;
    form.dispatchEvent(new Event("input", { bubbles: true }));  // the save bar's hx-trigger
  }

  form.addEventListener("input", function () { edits += 1; keep(); });
  form.addEventListener("change", function () { edits += 1; keep(); });

  document.body.addEventListener("htmx:beforeRequest", function (e) {
    if (e.target.closest && e.target.closest(".sticky-bar")) sentAt = edits;
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    if (!(e.target.closest && e.target.closest(".sticky-bar"))) return;
    var ok = e.detail.successful && !(e.detail.xhr.responseText || "").match(/alert-danger/);
    if (ok) {
      failed = false;
      if (edits === sentAt) forget();  // the server has exactly what is on the screen
      else keep();                     // newer typing: keep it (and its new base revision)
    } else if (!e.detail.successful) {
      failed = true;
      say(navigator.onLine === false ? "offline" : "failed");
    }
  });
  window.addEventListener("online", retry);
  setInterval(function () { if (failed && navigator.onLine !== false) retry(); }, 15000);

  // A copy left behind by an earlier visit (the connection dropped, the phone locked).
  var left = read();
  if (left && (Date.now() - left.at > MAX_AGE || same(left.values, values()))) { forget(); left = null; }
  if (left && banner) {
    var when = new Date(left.at);
    banner.querySelector("[data-when]").textContent = when.toLocaleString(document.documentElement.lang || undefined,
      { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    banner.classList.remove("d-none");
    banner.querySelector("[data-action=restore]").addEventListener("click", function () {
      Object.keys(left.values).forEach(function (name) {
        var fields = form.querySelectorAll("[name='" + name + "']");
        Array.prototype.forEach.call(fields, function (el) {
          if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === left.values[name];
          else el.value = left.values[name];
        });
      });
      if (left.revision && document.getElementById("revision")) document.getElementById("revision").value = left.revision;
      form.querySelectorAll("details.sheet-cluster").forEach(recount);
      banner.classList.add("d-none");
      form.dispatchEvent(new Event("input", { bubbles: true }));  // save it now
    });
    banner.querySelector("[data-action=discard]").addEventListener("click", function () {
      forget();
      banner.classList.add("d-none");
    });
  }
})();
