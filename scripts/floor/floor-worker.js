// The floor's Web Worker: what engine-worker.js does to load whichport's
// module (wasm_exec.js, then instantiateStreaming), for the floor module.
"use strict";
importScripts("/static/wasm_exec.js");
var go = new Go();
WebAssembly.instantiateStreaming(fetch("/static/floor/floor.wasm"), go.importObject).then(function (r) {
  go.run(r.instance);
});
