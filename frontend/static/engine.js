// engine.js starts whichport's browser module (the Go rules engine compiled
// to WebAssembly) in a Web Worker, so compiling and starting it never
// blocks the page, and exposes it as globalThis.whichport: every function
// returns a Promise of a plain object (see wasm/README.md). whichport.ready
// resolves to the API once the module runs; the window then also receives a
// "whichport-ready" event (or "whichport-failed"). Nothing leaves the browser.
(function () {
  "use strict";
  var wp = globalThis.whichport = globalThis.whichport || {};
  if (wp.ready) return;
  var FNS = ["explain", "explainAgainst", "parse", "rewrite", "explainError", "snippet", "snippets",
    "providers", "provider", "detectProvider", "portFacts", "environments"];
  var resolveReady, rejectReady;
  wp.ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
  wp.ready.catch(function () {});
  var worker = null, seq = 0, pending = {};

  function fail(err) {
    if (wp.failed) return;
    wp.failed = String(err && err.message || err);
    rejectReady(err instanceof Error ? err : new Error(wp.failed));
    dispatchEvent(new Event("whichport-failed"));
  }
  function call(fn, args) {
    return wp.ready.then(function () {
      return new Promise(function (resolve, reject) {
        var id = ++seq;
        pending[id] = [resolve, reject];
        worker.postMessage({ id: id, fn: fn, args: args });
      });
    });
  }
  FNS.forEach(function (fn) {
    wp[fn] = function () { return call(fn, Array.prototype.slice.call(arguments)); };
  });

  function start() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      fail(new Error("this browser cannot run WebAssembly in a worker"));
      return;
    }
    // The module is downloaded here while the worker starts (a worker takes
    // a while to fetch its script and start its thread), then handed over
    // (transferred, not copied) for the worker to compile off this thread;
    // {module: null} tells it to fetch the module itself.
    var bytes = fetchModule();
    try {
      worker = new Worker("/static/engine-worker.js");
    } catch (e) { fail(e); return; }
    bytes.then(function (b) {
      try { worker.postMessage({ module: b }, [b]); } catch (e) { worker.postMessage({ module: null }); }
    }, function () { worker.postMessage({ module: null }); });
    worker.onmessage = function (e) {
      var m = e.data || {};
      if (m.ready) {
        wp.version = m.version;
        wp.loaded = true;
        resolveReady(wp);
        dispatchEvent(new Event("whichport-ready"));
        return;
      }
      if (m.failed) { fail(new Error(m.failed)); return; }
      var p = pending[m.id];
      if (!p) return;
      delete pending[m.id];
      if (m.error) p[1](new Error(m.error)); else p[0](m.result);
    };
    worker.onerror = function (e) { fail(new Error(e.message || "the engine worker failed")); };
  }
  function fetchModule() {
    return fetch("/static/whichport.wasm").then(function (r) {
      if (!r.ok) throw new Error("whichport.wasm: HTTP " + r.status);
      return r.arrayBuffer();
    });
  }
  // Start now, as early as the page loads engine.js: the module downloads,
  // compiles and runs off the main thread, so the page paints and responds
  // meanwhile.
  start();
})();
