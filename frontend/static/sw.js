// sw.js makes whichport work offline after the first visit. The server
// rewrites every /static/NAME below to its content-hashed name, so a new
// build changes this file, the browser installs the new worker, and the old
// cache is dropped. Static files: cache first. Pages: network first, the
// cached page when offline. /api/: network only (live checks need it).
"use strict";
var PRECACHE = [
  "/",
  "/embed",
  "/manifest.webmanifest",
  "/static/style.css",
  "/static/engine.js",
  "/static/app.js",
  "/static/widget.js",
  "/static/check.js",
  "/static/engine-worker.js",
  "/static/wasm_exec.js",
  "/static/whichport.wasm",
  "/static/icon-32.png",
  "/static/icon-192.png"
];
// The cache name follows the list, which follows the hashed names.
var CACHE = "whichport-" + (function (s) {
  var h = 5381;
  for (var i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
})(PRECACHE.join("\n"));

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) {
    // Hashed static files may come from the HTTP cache (the page just
    // fetched them); pages and the manifest are revalidated.
    return c.addAll(PRECACHE.map(function (u) {
      return new Request(u, { cache: u.indexOf("/static/") === 0 ? "default" : "no-cache" });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("whichport-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== location.origin || url.pathname.indexOf("/api/") === 0) return; // network only
  if (req.mode === "navigate") {
    // The page: fresh when online; the cached page (/ or /embed) offline.
    var fallback = url.pathname === "/embed" ? "/embed" : "/";
    e.respondWith(fetch(req).catch(function () {
      return caches.match(fallback, { ignoreSearch: true });
    }));
    return;
  }
  e.respondWith(caches.match(req).then(function (hit) {
    return hit || fetch(req).then(function (res) {
      if (res.ok && url.pathname.indexOf("/static/") === 0) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(req, copy); });
      }
      return res;
    });
  }));
});
