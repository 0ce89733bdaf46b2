// The floor page's script: start the worker, show its answer the way
// whichport's page shows a verdict (an element with data-verdict).
"use strict";
new Worker("/static/floor/floor-worker.js").onmessage = function (e) {
  if (!e.data || !e.data.ready) return;
  var out = document.getElementById("out");
  out.textContent = "Ready";
  out.setAttribute("data-verdict", "ok");
};
