/* Feedback sheet: tapping the chosen level again clears it (the "–" button does the same
   without JavaScript); the clusters' "rated" counts follow the taps. Changes are autosaved and
   kept on this device until the server has them (js/autosave.js, js/local-copy.js). "Indienen"
   asks once, in a dialog that says what is shared (without JavaScript it submits directly). */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form) return;
  var armed = null;
  var copyKey = "uniform:sheet:" + form.dataset.sheet;

  // An empty cluster comes as text (<noscript data-cluster-body>: a lighter page on a phone, ADR
  // 0032); its fields are made when it is opened, before printing, and all at once when a copy
  // on this device may be put back (the copy names fields of every cluster).
  function fill(details) {
    var later = details.querySelector(":scope > noscript[data-cluster-body]");
    if (!later) return;
    var holder = document.createElement("template");
    holder.innerHTML = later.textContent;
    later.replaceWith(holder.content);
  }
  function fillAll() { form.querySelectorAll("details.sheet-cluster").forEach(fill); }
  // At once on the summary's click (a tap, Enter or Space): the next Tab finds the fields.
  form.addEventListener("click", function (e) {
    var summary = e.target.closest && e.target.closest("details.sheet-cluster > summary");
    if (summary) fill(summary.parentNode);
  });
  form.addEventListener("toggle", function (e) {
    if (e.target.open && e.target.matches && e.target.matches("details.sheet-cluster")) fill(e.target);
  }, true);
  window.addEventListener("beforeprint", fillAll);
  try { if (window.localStorage.getItem(copyKey)) fillAll(); } catch (err) { /* no storage: no copy */ }

  // Keep each cluster's "rated" count right as levels are tapped.
  function recount(details) {
    var badge = details.querySelector(":scope > summary .badge");
    if (!badge || details.querySelector(":scope > noscript[data-cluster-body]")) return;
    var total = details.querySelectorAll("fieldset.rate").length;
    var rated = details.querySelectorAll("input.seg-input:checked:not([value=''])").length;
    (badge.querySelector("[data-count]") || badge).textContent = rated + "/" + total;
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

  // ------------------------------------- autosave, the copy on this device (js/autosave.js)
  // "Indienen" waits for the save, then asks once, in the page, what is about to be shared:
  // the question's summary is what the server has (each save's answer brings it up to date).
  var dialog = document.getElementById("submit-dialog");
  window.UniformAutosave(form, {
    url: form.dataset.autosave,
    key: copyKey,
    texts: document.getElementById("sheet-texts"),
    banner: document.getElementById("local-draft"),
    askFor: dialog && dialog.showModal ? "[data-asks]" : null,
    ask: function () { dialog.showModal(); },
    onRestored: function () {
      form.querySelectorAll("details.sheet-cluster").forEach(recount);
      recountAll();
    },
  });
  if (dialog) {
    dialog.querySelectorAll("[data-close]").forEach(function (button) {
      button.addEventListener("click", function () { dialog.close(); });
    });
  }
})();
