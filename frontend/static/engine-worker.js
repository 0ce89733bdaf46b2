// engine-worker.js runs whichport's WebAssembly module off the page's main
// thread and answers engine.js's calls: {id, fn, args} -> {id, result}.
"use strict";
importScripts("/static/wasm_exec.js");
var url = "/static/whichport.wasm";
var go = new Go();
function compile() {
  if (WebAssembly.instantiateStreaming) {
    return WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function () {
      // A server without application/wasm: compile from the bytes instead.
      return fetch(url).then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    });
  }
  return fetch(url).then(function (r) { return r.arrayBuffer(); })
    .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
}
var queue = [];
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
self.onmessage = function (e) {
  if (self.whichport && self.whichport.loaded) answer(e.data);
  else queue.push(e.data);
};
compile().then(function (r) {
  go.run(r.instance);
  return self.whichport.ready;
}).then(function (wp) {
  self.postMessage({ ready: true, version: wp.version });
  queue.splice(0).forEach(answer);
}, function (err) {
  self.postMessage({ failed: String(err && err.message || err) });
});
