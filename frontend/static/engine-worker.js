// engine-worker.js runs whichport's WebAssembly module off the page's main
// thread and answers engine.js's calls: {id, fn, args} -> {id, result}.
//
// It downloads and compiles the module itself, streaming (compiling while
// the bytes arrive), and starts that before anything else, even before
// wasm_exec.js is fetched: nothing on the way to the first answer waits for
// the page's main thread, which is busy laying out the page meanwhile.
//
// Each stage's time is recorded (ms since the epoch) and sent with "ready"
// and after the first call of each function; engine.js shows them as
// whichport.timings.
"use strict";
var timings = [];
function mark(what) { timings.push([what, performance.timeOrigin + performance.now()]); }
mark("worker: started");
var url = "/static/whichport.wasm";
function fetchBytes() {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error("whichport.wasm: HTTP " + r.status);
    return r.arrayBuffer();
  });
}
function compile() {
  if (WebAssembly.compileStreaming) {
    return WebAssembly.compileStreaming(fetch(url)).catch(function () {
      // A server without application/wasm: compile from the bytes instead.
      return fetchBytes().then(WebAssembly.compile);
    });
  }
  return fetchBytes().then(WebAssembly.compile);
}
var compiled = compile().then(function (m) { mark("worker: module compiled"); return m; });
// Go's loader, wasm_exec.js, is imported without blocking this thread, which
// takes the module's bytes as they arrive meanwhile; importScripts (for a
// browser without import() in a classic worker) would hold them back until
// the loader had been fetched.
var loader = new Promise(function (resolve) { resolve(import("/static/wasm_exec.js")); })
  .catch(function () { importScripts("/static/wasm_exec.js"); })
  .then(function () { mark("worker: wasm_exec.js run"); });

var queue = [], firstCall = {};
function answer(m) {
  var wp = self.whichport, out = { id: m.id }, first = !firstCall[m.fn];
  if (first) { firstCall[m.fn] = true; mark("worker: " + m.fn + " called"); }
  try {
    if (!wp || typeof wp[m.fn] !== "function") throw new Error("no such function: " + m.fn);
    out.result = wp[m.fn].apply(wp, m.args || []);
  } catch (e) {
    out.error = String(e && e.message || e);
  }
  if (first) { mark("worker: " + m.fn + " answered"); out.timings = timings.splice(0); }
  self.postMessage(out);
}
Promise.all([compiled, loader]).then(function (got) {
  var module = got[0], go = new Go();
  return WebAssembly.instantiate(module, go.importObject).then(function (instance) {
    mark("worker: instantiated");
    // run returns once main waits for calls; package initialisation and
    // main run before that (wasm/main.go marks "whichport:main").
    go.run(instance);
    var main = performance.getEntriesByName("whichport:main")[0];
    if (main) timings.push(["worker: Go main entered", performance.timeOrigin + main.startTime]);
    mark("worker: go.run returned");
    return self.whichport.ready;
  });
}).then(function (wp) {
  self.postMessage({ ready: true, version: wp.version, timings: timings.splice(0) });
  queue.splice(0).forEach(answer);
}, function (err) {
  self.postMessage({ failed: String(err && err.message || err) });
});
self.onmessage = function (e) {
  var m = e.data || {};
  if (self.whichport && self.whichport.loaded) answer(m);
  else queue.push(m);
};
