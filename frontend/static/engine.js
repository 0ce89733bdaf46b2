// engine.js loads whichport's browser module (the Go rules engine compiled
// to WebAssembly) without blocking the first paint, and exposes it as
// globalThis.whichport. whichport.ready resolves to the API once loaded;
// the window also receives a "whichport-ready" event. See wasm/README.md.
(function () {
  "use strict";
  var wp = globalThis.whichport = globalThis.whichport || {};
  if (wp.ready) return;
  wp.ready = new Promise(function (resolve, reject) { wp._resolve = resolve; wp._reject = reject; });
  wp.ready.catch(function () {});
  function fail(err) {
    wp.failed = String(err && err.message || err);
    wp._reject(err);
    globalThis.dispatchEvent && globalThis.dispatchEvent(new Event("whichport-failed"));
  }
  function run() {
    if (typeof WebAssembly !== "object") { fail(new Error("this browser cannot run WebAssembly")); return; }
    var s = document.createElement("script");
    s.src = "/static/wasm_exec.js";
    s.onerror = function () { fail(new Error("could not load wasm_exec.js")); };
    s.onload = function () {
      var go = new Go();
      var url = "/static/whichport.wasm";
      var p = WebAssembly.instantiateStreaming
        ? WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function () {
            // A server without application/wasm: compile from bytes instead.
            return fetch(url).then(function (r) { return r.arrayBuffer(); })
              .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
          })
        : fetch(url).then(function (r) { return r.arrayBuffer(); })
            .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
      p.then(function (r) { go.run(r.instance); }, fail);
    };
    document.head.appendChild(s);
  }
  // Start after the page has painted.
  if (document.readyState === "complete") setTimeout(run, 0);
  else addEventListener("load", function () { setTimeout(run, 0); });
})();
