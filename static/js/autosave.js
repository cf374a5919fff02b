/* Autosave of a form, shared by the feedback sheet (js/feedback-sheet.js) and the evaluation
   (js/evaluation-form.js). Needs js/local-copy.js.

   - A change is saved 800 ms after the last one: the whole form is posted to ``options.url``
     (as htmx would, with HX-Request) and the answer, the page's save bar (#save-state), is put
     in place; its elements marked hx-swap-oob replace the page's elements of the same id (the
     new revision, and what else the page shows of the saved state).
   - A copy stays on this device (UniformLocalCopy) until the server has exactly what is on the
     screen; a failed save says so (options.texts: [data-text=offline], [data-text=failed]), is
     tried again when the connection is back, and a copy left behind is offered on the next visit
     (options.banner).
   - One save at a time: a change made while a save is in flight is sent after it, with the
     revision that save returned, so the person never conflicts with herself.
   - A submit of the form (or of a form in options.guard, such as the signature's) waits for the
     save in flight, then goes with the revision it returned (a save that is only due is dropped:
     the submit carries the whole form); when that save was refused (someone else saved
     meanwhile, bad input) or did not get through, the save bar says why and nothing is
     submitted. A submit by a button matching options.askFor saves first, then calls
     options.ask(button) instead (a question about what is saved).
   - Enter in a field never submits the form (nor presses the form's first button): on a level
     (a radio) it chooses that level, and nothing else.

   UniformAutosave(form, options) -> { save, flush, copy } */
window.UniformAutosave = function (form, options) {
  "use strict";
  var DELAY = 800, RETRY = 15000;
  var copy = window.UniformLocalCopy(form, options.key);
  var timer = null;       // a save is due
  var inFlight = null;    // the promise of the save being sent (and of those queued after it)
  var queued = false;     // a change came while a save was in flight
  var edits = 0;          // changes since the page was loaded
  var sentAt = 0;         // the value of `edits` when the last save was sent
  var lastResult = "none";
  var failed = false;     // the last save did not reach the server
  var leaving = false;    // a submit is on its way: no more autosaves
  var passing = false;    // our own requestSubmit after the save

  function say(name) {
    var state = document.getElementById("save-state");
    var template = options.texts && options.texts.querySelector("[data-text=" + name + "]");
    if (!state || !template) return;
    state.innerHTML = "";
    var span = document.createElement("span");
    span.className = template.className;
    span.textContent = template.textContent;
    state.appendChild(span);
  }

  // The answer: the save bar, and elements (hx-swap-oob) that replace those of the same id.
  function swap(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var fragment = holder.content;
    Array.prototype.forEach.call(fragment.querySelectorAll("[hx-swap-oob]"), function (el) {
      el.parentNode.removeChild(el);
      el.removeAttribute("hx-swap-oob");
      var old = el.id && document.getElementById(el.id);
      if (old) old.replaceWith(el);
    });
    var state = fragment.getElementById ? fragment.getElementById("save-state") : fragment.querySelector("#save-state");
    var current = document.getElementById("save-state");
    if (state && current) current.replaceWith(state);
    return !/alert-danger/.test(html);
  }

  function send() {
    sentAt = edits;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(options.url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      failed = false;
      if (!swap(html)) return "refused";  // a conflict or bad input: the bar says it, the copy stays
      if (edits === sentAt) copy.forget();  // the server has exactly what is on the screen
      else copy.keep();                     // newer changes: keep them (with the new revision)
      return "saved";
    }).catch(function () {
      failed = true;
      say(navigator.onLine === false ? "offline" : "failed");
      return "failed";
    }).then(function (result) { lastResult = result; return result; });
  }

  function settle() { return inFlight ? inFlight.then(settle) : Promise.resolve(lastResult); }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (inFlight) { queued = true; return settle(); }
    inFlight = send().then(function (result) {
      inFlight = null;
      var again = queued && result === "saved";
      queued = false;
      return again ? save() : result;
    });
    return inFlight;
  }

  // What is typed is on the server, or the bar says why not: before a submit.
  function flush() {
    if (timer !== null || (edits !== sentAt && !failed)) return save();
    return settle();
  }
  function busy() { return timer !== null || inFlight !== null; }

  function changed() {
    edits += 1;
    copy.keep();
    if (leaving) return;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }
  form.addEventListener("input", changed);
  // A text's "change" (when it loses focus) follows its "input" events: no new change then.
  form.addEventListener("change", function (e) {
    if (!/^(textarea|text|search|email|tel|url|number|password)$/.test(e.target.type)) changed();
  });

  // Enter on a level chooses it; in any other field it does nothing (no implicit submission).
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.isComposing) return;
    var el = e.target;
    if (el.tagName !== "INPUT" || /^(submit|button|reset|image)$/.test(el.type)) return;
    e.preventDefault();
    if (el.type === "radio" && !el.checked) {
      el.checked = true;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  function guard(target) {
    target.addEventListener("submit", function (e) {
      if (passing) return;
      var submitter = e.submitter || null;
      var ask = options.askFor && submitter && submitter.matches(options.askFor);
      var carries = target === form && !ask;
      if (carries) {
        // The submit carries the whole form: a save that is due is not needed any more; one in
        // flight changes the revision, so the submit waits for it and sends the new one.
        clearTimeout(timer);
        timer = null;
        queued = false;
        if (!inFlight) { leaving = true; return; }
      } else if (!ask && !busy()) {
        return;  // another form (the signature): nothing of this one is waiting
      }
      e.preventDefault();
      // Another form, or the question (about what is saved): what is typed is saved first.
      var wait = carries ? settle() : (busy() ? flush() : Promise.resolve("none"));
      wait.then(function (result) {
        var deliberate = submitter && submitter.name === "overwrite";  // "keep my version"
        // Refused (a conflict, bad input) or not sent: the save bar says why; a second tap goes.
        if (!deliberate && (result === "refused" || result === "failed")) return;
        if (ask) { options.ask(submitter); return; }
        if (target === form) leaving = true;
        passing = true;
        try { target.requestSubmit(submitter && submitter.form === target ? submitter : undefined); }
        finally { passing = false; }
      });
    });
  }
  guard(form);
  (options.guard || []).forEach(function (other) { if (other) guard(other); });

  window.addEventListener("online", function () { if (failed) save(); });
  setInterval(function () { if (failed && navigator.onLine !== false) save(); }, RETRY);
  window.addEventListener("beforeunload", function (e) {
    if (!leaving && (busy() || failed)) { e.preventDefault(); e.returnValue = ""; }
  });

  // A copy left behind by an earlier visit (the connection dropped, the phone locked).
  copy.offer(options.banner, function () {
    edits += 1;
    if (options.onRestored) options.onRestored();
    save();
  });
  return { save: save, flush: flush, copy: copy };
};
