// engine.js starts whichport's browser module (the Go rules engine compiled
// to WebAssembly) in a Web Worker, so compiling and starting it never
// blocks the page, and exposes it as globalThis.whichport: every function
// returns a Promise of a plain object (see wasm/README.md). whichport.ready
// resolves to the API once the module runs; the window then also receives a
// "whichport-ready" event (or "whichport-failed"). Should it run after the
// page's own scripts (loaded async), "whichport-started" tells them that
// globalThis.whichport exists. Nothing leaves the browser.
(function () {
  "use strict";
  var wp = globalThis.whichport = globalThis.whichport || {};
  if (wp.ready) return;
  var FNS = ["explain", "explainAgainst", "parse", "rewrite", "explainError", "snippet", "snippets",
    "providers", "provider", "detectProvider", "portFacts", "environments"];
  var resolveReady, rejectReady;
  wp.ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
  wp.ready.catch(function () {});
  var worker = null, seq = 0, pending = {}, sent = {};

  function fail(err) {
    if (wp.failed) return;
    wp.failed = String(err && err.message || err);
    var e = err instanceof Error ? err : new Error(wp.failed);
    rejectReady(e);
    for (var id in pending) pending[id][1](e);
    pending = {};
    dispatchEvent(new Event("whichport-failed"));
  }
  // call posts at once, even before the engine is ready: the worker keeps
  // calls until its module runs and answers them in order, so a first
  // question costs no extra round trip through this (busy) thread.
  function call(fn, args) {
    if (wp.failed) return Promise.reject(new Error(wp.failed));
    return new Promise(function (resolve, reject) {
      var id = ++seq;
      pending[id] = [resolve, reject, fn];
      if (!sent[fn]) { sent[fn] = true; mark("page: " + fn + " sent"); }
      worker.postMessage({ id: id, fn: fn, args: args });
    });
  }
  FNS.forEach(function (fn) {
    wp[fn] = function () { return call(fn, Array.prototype.slice.call(arguments)); };
  });

  // whichport.timings: [what, ms since navigation start] for each stage of
  // the engine's start and first calls, the worker's included (scripts/
  // ready-floor.mjs prints them).
  var timings = wp.timings = [["page: engine.js run", performance.now()]];
  function mark(what, at) { timings.push([what, at === undefined ? performance.now() : at]); }
  function workerTimings(ts) {
    // The worker's clock starts when it does: its stages come as epoch ms.
    if (ts) ts.forEach(function (t) { timings.push([t[0], t[1] - performance.timeOrigin]); });
  }

  function start() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      fail(new Error("this browser cannot run WebAssembly in a worker"));
      return;
    }
    // The worker downloads and compiles the module itself, streaming: its
    // bytes never pass through this thread, which is busy with the page.
    // index.html starts it from its first line (globalThis.whichportWorker,
    // with the events it got before this script ran); a page without that
    // line gets it started here.
    var early = globalThis.whichportWorker;
    try {
      worker = early && early.worker || new Worker("/static/engine-worker.js");
    } catch (e) { fail(e); return; }
    if (early) mark("page: worker created in the head", early.at);
    else mark("page: worker created");
    function onMessage(e) {
      var m = e.data || {};
      workerTimings(m.timings);
      if (m.ready) {
        mark("page: ready received");
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
      if (m.timings) mark("page: " + p[2] + " answer received");
      if (m.error) p[1](new Error(m.error)); else p[0](m.result);
    }
    function onError(e) { fail(new Error(e.message || "the engine worker failed")); }
    worker.onmessage = onMessage;
    worker.onerror = onError;
    if (early) early.events.splice(0).forEach(function (e) { if (e.type === "error") onError(e); else onMessage(e); });
  }
  // Start now, as early as the page loads engine.js: the module downloads,
  // compiles and runs off the main thread, so the page paints and responds
  // meanwhile.
  start();
  dispatchEvent(new Event("whichport-started"));
})();
