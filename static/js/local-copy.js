/* A copy of a form on this device (localStorage) until the server has it: nothing typed is lost
   when the connection drops, the phone locks or the page is left unsaved. Used by the feedback
   sheet (js/feedback-sheet.js) and the evaluation (js/evaluation-form.js). Logging out removes
   every copy (js/uniform.js). A restored copy puts back the revision it was based on, so if
   somebody saved in the meantime the server reports a conflict instead of overwriting.

   UniformLocalCopy(form, key) -> { keep, forget, read, values, same, offer(banner, onRestored) } */
window.UniformLocalCopy = function (form, key) {
  "use strict";
  var SKIP = { csrfmiddlewaretoken: 1, revision: 1, overwrite: 1, carry: 1 };
  var MAX_AGE = 7 * 24 * 3600 * 1000;
  var storage = null;
  try { storage = window.localStorage; storage.getItem(key); } catch (err) { storage = null; }

  function revisionField() { return form.querySelector("input[name=revision]") || document.getElementById("revision"); }
  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.disabled || el.type === "submit" || el.type === "button") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out[el.name] = el.value;
    });
    return out;
  }
  // An empty value and no value are the same to the server (a feedback sheet's cluster not yet
  // opened has no fields: js/feedback-sheet.js).
  function filled(values) {
    var out = {};
    Object.keys(values || {}).sort().forEach(function (name) { if (values[name] !== "") out[name] = values[name]; });
    return out;
  }
  function same(a, b) { return JSON.stringify(filled(a)) === JSON.stringify(filled(b)); }
  function read() {
    if (!storage) return null;
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (err) { return null; }
  }
  function keep() {
    if (!storage) return;
    var field = revisionField();
    try { storage.setItem(key, JSON.stringify({ at: Date.now(), revision: field ? field.value : "", values: values() })); } catch (err) { /* full */ }
  }
  function forget() { if (storage) storage.removeItem(key); }
  function restore(copy) {
    // Radios and checkboxes not in the copy were unticked when it was made.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name]) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = copy.values[el.name] === el.value;
      else if (el.name in copy.values) el.value = copy.values[el.name];
    });
    var field = revisionField();
    if (copy.revision && field) field.value = copy.revision;
  }
  /* Offer a copy left behind by an earlier visit in ``banner`` (with [data-when],
     [data-action=restore] and [data-action=discard]); a copy equal to the page is dropped. */
  function offer(banner, onRestored) {
    var left = read();
    if (left && (Date.now() - left.at > MAX_AGE || same(left.values, values()))) { forget(); left = null; }
    if (!left || !banner) return;
    banner.querySelector("[data-when]").textContent = new Date(left.at).toLocaleString(
      document.documentElement.lang || undefined, { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    banner.classList.remove("d-none");
    banner.querySelector("[data-action=restore]").addEventListener("click", function () {
      restore(left);
      banner.classList.add("d-none");
      if (onRestored) onRestored();
    });
    banner.querySelector("[data-action=discard]").addEventListener("click", function () {
      forget();
      banner.classList.add("d-none");
    });
  }
  return { keep: keep, forget: forget, read: read, values: values, same: same, offer: offer };
};
