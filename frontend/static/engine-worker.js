// engine-worker.js runs whichport's WebAssembly module off the page's main
// thread and answers engine.js's calls: {id, fn, args} -> {id, result}.
// Its first message is the module, downloaded by engine.js while this worker
// started: {module: ArrayBuffer}, or {module: null} when the page could not
// download or send it, and the worker fetches it itself.
"use strict";
importScripts("/static/wasm_exec.js");
var url = "/static/whichport.wasm";
var go = new Go();
function compile() {
  if (WebAssembly.compileStreaming) {
    return WebAssembly.compileStreaming(fetch(url)).catch(function () {
      // A server without application/wasm: compile from the bytes instead.
      return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
    });
  }
  return fetch(url).then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
}
var queue = [], started = false;
function answer(m) {
  var wp = self.whichport, out = { id: m.id };
  try {
    if (!wp || typeof wp[m.fn] !== "function") throw new Error("no such function: " + m.fn);
    out.result = wp[m.fn].apply(wp, m.args || []);
  } catch (e) {
    out.error = String(e && e.message || e);
  }
  self.postMessage(out);
}
// run compiles (unless compiled) and starts the module.
function run(module) {
  WebAssembly.instantiate(module, go.importObject).then(function (r) {
    var instance = r.instance || r; // instantiate(bytes) gives {module, instance}
    go.run(instance);
    return self.whichport.ready;
  }).then(function (wp) {
    self.postMessage({ ready: true, version: wp.version });
    queue.splice(0).forEach(answer);
  }, function (err) {
    self.postMessage({ failed: String(err && err.message || err) });
  });
}
self.onmessage = function (e) {
  var m = e.data || {};
  if (!started && "module" in m) {
    started = true;
    if (m.module) run(m.module);
    else compile().then(run, function (err) { self.postMessage({ failed: String(err && err.message || err) }); });
    return;
  }
  if (self.whichport && self.whichport.loaded) answer(m);
  else queue.push(m);
};
