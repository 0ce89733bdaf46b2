// The floor's Web Worker: what engine-worker.js does to load whichport's
// module (the streaming compile started first, wasm_exec.js imported
// meanwhile, then instantiate and run), for the floor module, with the same
// stage timings.
"use strict";
var timings = [];
function mark(what) { timings.push([what, performance.timeOrigin + performance.now()]); }
mark("worker: started");
var compiled = WebAssembly.compileStreaming(fetch("/static/floor/floor.wasm"))
  .then(function (m) { mark("worker: module compiled"); return m; });
var loader = new Promise(function (resolve) { resolve(import("/static/wasm_exec.js")); })
  .catch(function () { importScripts("/static/wasm_exec.js"); })
  .then(function () { mark("worker: wasm_exec.js run"); });
Promise.all([compiled, loader]).then(function (got) {
  var module = got[0], go = new Go();
  return WebAssembly.instantiate(module, go.importObject).then(function (instance) {
    mark("worker: instantiated");
    // main posts {ready: true} (main.go); the timings follow it.
    go.run(instance);
    mark("worker: go.run returned");
    self.postMessage({ timings: timings });
  });
});
