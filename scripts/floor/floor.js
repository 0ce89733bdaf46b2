// The floor page's script: start the worker, show its answer the way
// whichport's page shows a verdict (an element with data-verdict). Stage
// timings go to globalThis.floorTimings, as whichport.timings do on the page.
"use strict";
var timings = globalThis.floorTimings = [["page: floor.js run", performance.now()]];
var worker = new Worker("/static/floor/floor-worker.js");
timings.push(["page: worker created", performance.now()]);
worker.onmessage = function (e) {
  var m = e.data || {};
  if (m.timings) m.timings.forEach(function (t) { timings.push([t[0], t[1] - performance.timeOrigin]); });
  if (!m.ready) return;
  timings.push(["page: ready received", performance.now()]);
  var out = document.getElementById("out");
  out.textContent = "Ready";
  out.setAttribute("data-verdict", "ok");
};
