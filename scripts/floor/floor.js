// The floor page's script: start the worker, show its answer the way
// whichport's page shows a verdict (an element with data-verdict). Stage
// timings go to globalThis.floorTimings, as whichport.timings do on the page.
"use strict";
var timings = globalThis.floorTimings = [["page: floor.js run", performance.now()]];
// A page that started the worker from its head (the page's content with
// the floor's engine, ready-floor.mjs CONTENT=1) hands it over with the
// messages it sent meanwhile, as it does to engine.js.
var head = globalThis.whichportWorker;
var worker = head ? head.worker : new Worker("/static/floor/floor-worker.js");
timings.push(["page: worker created", head ? head.at : performance.now()]);
worker.onmessage = answer;
if (head) head.events.forEach(answer);
function answer(e) {
  var m = e.data || {};
  if (m.timings) m.timings.forEach(function (t) { timings.push([t[0], t[1] - performance.timeOrigin]); });
  if (!m.ready) return;
  timings.push(["page: ready received", performance.now()]);
  var out = document.getElementById("out");
  out.textContent = "Ready";
  out.setAttribute("data-verdict", "ok");
}
