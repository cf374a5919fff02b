/* Uniform's service worker (issue 20, ADR 0025). Rendered by web.pwa.service_worker.

   Keeps on this device, for the work floor without a connection:
   - the app's static files (hashed names: kept until a new deployment gives a new worker);
   - the pages of the app the person opened, or that their home asked it to keep (their
     interns' pages and open feedback sheets): always asked from the server first, the kept copy
     only when there is no connection.
   Never kept: anything but a plain HTML page of the app (no downloads, no PDFs, no account or
   admin pages), an answer that is not 200, a page sent after a redirect. Navigations to other
   pages do not pass through the worker at all (offline: the browser's own error page).
   Logging out (js/offline.js, also on any page shown logged out) deletes every kept page. */
"use strict";
var VERSION = {{ version_json|safe }};
var ASSETS = {{ assets_json|safe }};
var OFFLINE_URL = {{ offline_url_json|safe }};
var STATIC_CACHE = "uniform-static-" + VERSION;
var PAGES_CACHE = "uniform-pages";
var FRESH_MS = 15 * 60 * 1000;  // a kept page younger than this is not fetched again by a prefetch
var KEEP = [/^\/$/, /^\/internships\/[0-9a-f-]{36}\/$/, /^\/internships\/[0-9a-f-]{36}\/feedback\/[0-9a-f-]{36}\/$/,
            /^\/internships\/[0-9a-f-]{36}\/activities\/$/, /^\/offline\/$/];

function keepable(url) {
  return url.origin === self.location.origin && KEEP.some(function (re) { return re.test(url.pathname); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(ASSETS); })
      .then(function () { return caches.open(PAGES_CACHE); })
      .then(function (cache) { return cache.add(new Request(OFFLINE_URL, { credentials: "same-origin" })).catch(function () {}); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("uniform-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function stamped(response) {
  // The copy carries when it was kept (a header of our own), for the prefetch's freshness.
  var headers = new Headers(response.headers);
  headers.set("X-Uniform-Kept-At", String(Date.now()));
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function keepPage(request, response) {
  var type = response.headers.get("Content-Type") || "";
  if (response.status !== 200 || response.redirected || type.indexOf("text/html") !== 0) return Promise.resolve();
  return stamped(response.clone()).then(function (copy) {
    return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(request.url, copy); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  // Only the pages it may keep go through the worker; every other page is the browser's own.
  if (request.mode !== "navigate" || !keepable(url)) return;
  event.respondWith(
    fetch(request).then(function (response) {
      event.waitUntil(keepPage(request, response.clone()));
      return response;
    }).catch(function () {
      return caches.open(PAGES_CACHE).then(function (cache) {
        return cache.match(request.url, { ignoreSearch: url.pathname === "/" }).then(function (hit) {
          return hit || cache.match(OFFLINE_URL).then(function (page) {
            return page || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
          });
        });
      });
    })
  );
});

function prefetch(urls) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return urls.reduce(function (chain, href) {
      var url = new URL(href, self.location.origin);
      if (!keepable(url)) return chain;
      return chain.then(function () {
        return cache.match(url.href).then(function (hit) {
          var kept = hit && Number(hit.headers.get("X-Uniform-Kept-At") || 0);
          if (kept && Date.now() - kept < FRESH_MS) return;
          return fetch(url.href, { credentials: "same-origin", headers: { "X-Uniform-Prefetch": "1" } })
            .then(function (response) { return keepPage(new Request(url.href), response); })
            .catch(function () {});
        });
      });
    }, Promise.resolve());
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "prefetch" && Array.isArray(data.urls)) event.waitUntil(prefetch(data.urls.slice(0, 60)));
  if (data.type === "forget") event.waitUntil(caches.delete(PAGES_CACHE));
});
