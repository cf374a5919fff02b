/* The app without a connection (issue 20, ADR 0025). On every page.
   - Registers the service worker (/sw.js) for a logged-in person; on a page shown logged out,
     every page it kept is deleted (logging out, an expired session).
   - Asks the worker to keep the pages this page links with [data-offline] (the mentor's home:
     the interns' pages and open feedback sheets), so they open later without a connection.
   - A form with [data-offline-href] (the home's "continue feedback sheet", a POST) goes to that
     page instead when there is no connection.
   - A form with [data-outbox] (hours, activities) submitted without a connection is kept on this device
     (localStorage "uniform:outbox") and sent when the connection is back, as the form would
     have been; an answer the server refuses (a wrong value, a conflict) is shown, never dropped.
   - #offline-status says plainly that there is no connection and what is not sent yet. */
(function () {
  "use strict";
  var OUTBOX = "uniform:outbox";
  var en = document.documentElement.lang === "en";
  var T = en ? {
    offline: "No connection. What you type stays on this device and is sent when the connection is back.",
    waiting: function (n) { return n === 1 ? "1 change not sent yet:" : n + " changes not sent yet:"; },
    refused: "Not accepted by Uniform, enter it again:",
    sent: function (n) { return n === 1 ? "1 change sent." : n + " changes sent."; },
    drop: "Remove"
  } : {
    offline: "Geen verbinding. Wat je invult, blijft op dit toestel en wordt verstuurd zodra de verbinding terug is.",
    waiting: function (n) { return n === 1 ? "1 wijziging nog niet verstuurd:" : n + " wijzigingen nog niet verstuurd:"; },
    refused: "Niet aanvaard door Uniform, vul opnieuw in:",
    sent: function (n) { return n === 1 ? "1 wijziging verstuurd." : n + " wijzigingen verstuurd."; },
    drop: "Verwijderen"
  };
  var storage = null;
  try { storage = window.localStorage; storage.getItem(OUTBOX); } catch (err) { storage = null; }
  var loggedIn = document.body && document.body.hasAttribute("data-user");

  function outbox() {
    if (!storage) return [];
    try { return JSON.parse(storage.getItem(OUTBOX) || "[]"); } catch (err) { return []; }
  }
  function saveOutbox(items) {
    if (!storage) return;
    if (items.length) storage.setItem(OUTBOX, JSON.stringify(items)); else storage.removeItem(OUTBOX);
  }
  function unsentCopies() {
    // Feedback sheets and evaluations typed but not yet saved (js/local-copy.js keeps them).
    if (!storage) return 0;
    var n = 0;
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf("uniform:") === 0 && key !== OUTBOX) n++;
    }
    return n;
  }

  var lastSaid = null;
  function render(note) {
    var box = document.getElementById("offline-status");
    if (!box) return;
    var items = outbox();
    var offline = navigator.onLine === false;
    var waiting = items.filter(function (i) { return !i.refused; });
    var refused = items.filter(function (i) { return i.refused; });
    var copies = offline ? unsentCopies() : 0;
    // Rewritten only when what it says changes: a status region is read out on every change.
    var said = JSON.stringify([offline, items, copies, note || ""]);
    if (said === lastSaid) return;
    lastSaid = said;
    box.textContent = "";
    if (!offline && !items.length && !note) { box.classList.add("d-none"); return; }
    box.classList.remove("d-none");
    box.classList.toggle("alert-warning", offline || refused.length > 0);
    box.classList.toggle("alert-success", !offline && !refused.length && !!note);
    function line(text, strong) {
      var p = document.createElement("p");
      p.className = "mb-1";
      if (strong) { var b = document.createElement("strong"); b.textContent = text; p.appendChild(b); } else p.textContent = text;
      box.appendChild(p);
      return p;
    }
    if (offline) line(T.offline, true);
    if (note) line(note);
    if (waiting.length + copies) {
      line(T.waiting(waiting.length + copies));
      var ul = document.createElement("ul");
      ul.className = "mb-1";
      waiting.forEach(function (item) { var li = document.createElement("li"); li.textContent = item.label; ul.appendChild(li); });
      if (copies) { var li = document.createElement("li"); li.textContent = en ? "a form being filled in (feedback, evaluation)" : "een formulier in bewerking (feedback, evaluatie)"; ul.appendChild(li); }
      box.appendChild(ul);
    }
    refused.forEach(function (item) {
      var p = line(T.refused + " " + item.label + (item.error ? " (" + item.error + ")" : "") + " ");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = T.drop;
      button.addEventListener("click", function () {
        saveOutbox(outbox().filter(function (other) { return other.id !== item.id; }));
        render();
      });
      p.appendChild(button);
    });
  }

  function describe(form) {
    // data-outbox: what it is ("Uren"); data-outbox-fields (a select says its choice's text): the fields that tell the entries apart.
    var parts = [form.getAttribute("data-outbox")];
    (form.getAttribute("data-outbox-fields") || "").split(" ").forEach(function (name) {
      var el = name && form.elements[name];
      if (!el) return;
      if (el.type === "checkbox") { if (el.checked) parts.push((el.labels && el.labels[0] ? el.labels[0].textContent : name).trim()); }
      else if (el.tagName === "SELECT") { if (el.value && el.selectedOptions[0]) parts.push(el.selectedOptions[0].textContent.trim()); }
      else if (el.value) parts.push(el.value);
    });
    return parts.filter(Boolean).join(" · ");
  }

  function keep(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { if (typeof value === "string") fields.push([name, value]); });
    var items = outbox();
    items.push({ id: Date.now() + "-" + Math.random().toString(36).slice(2, 8), action: form.action, fields: fields,
                 label: describe(form), page: location.pathname, at: Date.now() });
    saveOutbox(items);
    form.reset();
    render();
    // The box that now lists it is at the top of the page: bring it into view.
    var box = document.getElementById("offline-status");
    if (box && box.scrollIntoView) box.scrollIntoView({ block: "start" });
  }

  var sending = false;
  function send() {
    if (sending || navigator.onLine === false) return Promise.resolve();
    var items = outbox().filter(function (i) { return !i.refused; });
    if (!items.length) return Promise.resolve();
    sending = true;
    var sent = 0, here = false;
    return items.reduce(function (chain, item) {
      return chain.then(function () {
        var body = new URLSearchParams();
        item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
        return fetch(item.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
          var rest = outbox();
          if (response.ok && response.redirected) {
            rest = rest.filter(function (other) { return other.id !== item.id; });
            sent++;
            if (item.page === location.pathname) here = true;
          } else {
            // Refused (a wrong value, a closed internship, no longer allowed): kept and shown.
            rest.forEach(function (other) { if (other.id === item.id) { other.refused = true; other.error = String(response.status); } });
          }
          saveOutbox(rest);
        }).catch(function () { /* still no connection: the next attempt */ });
      });
    }, Promise.resolve()).then(function () {
      sending = false;
      if (here && !outbox().length) { location.reload(); return; }
      render(sent ? T.sent(sent) : "");
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches) return;
    if (form.matches("form[data-logout]")) {
      // Log out only once the kept pages are gone: the logout's redirect must not find the home
      // of the person who just left in the cache (a shared tablet). At most 2 s.
      if (form.dataset.forgotten) return;
      e.preventDefault();
      var done = function () { form.dataset.forgotten = "1"; HTMLFormElement.prototype.submit.call(form); };
      Promise.race([forget(), new Promise(function (resolve) { setTimeout(resolve, 2000); })]).then(done, done);
      return;
    }
    if (navigator.onLine !== false) return;
    if (form.matches("form[data-offline-href]")) { e.preventDefault(); location.href = form.getAttribute("data-offline-href"); return; }
    if (form.matches("form[data-outbox]")) {
      if (form.checkValidity && !form.checkValidity()) return;
      e.preventDefault();
      keep(form);
    }
  }, true);

  function forget() {
    if (storage) storage.removeItem(OUTBOX);
    if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "forget" });
    return window.caches ? caches.delete("uniform-pages") : Promise.resolve();
  }

  // What the page keeps on the device while offline (a sheet's local copy) shows within seconds.
  setInterval(function () { if (navigator.onLine === false) render(); }, 1500);
  window.addEventListener("online", function () { render(); send(); });
  window.addEventListener("offline", function () { render(); });
  document.addEventListener("DOMContentLoaded", function () { render(); send(); });

  if (!("serviceWorker" in navigator)) return;
  if (!loggedIn) {
    // Shown logged out: nothing of anybody stays on this device.
    if (window.caches) caches.delete("uniform-pages");
    return;
  }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var urls = Array.prototype.map.call(document.querySelectorAll("a[data-offline]"), function (a) { return a.href; });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-href]"), function (f) {
      urls.push(new URL(f.getAttribute("data-offline-href"), location.href).href);
    });
    if (urls.length && registration.active && navigator.onLine !== false) registration.active.postMessage({ type: "prefetch", urls: urls });
  }).catch(function () { /* no worker (private window, old browser): the app works online as before */ });
})();
