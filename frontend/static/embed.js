// embed.js puts whichport's settings checker in a help page, as an iframe
// right after this script tag, configured by the tag's data- attributes:
//   <script src="https://WHICHPORT/static/embed.js" data-provider="Example Mail"
//     data-host="smtp.example.com" data-pairs="587:starttls,465:implicit"
//     data-accent="#0a7" async></script>
// The iframe grows to fit the widget. Nothing the visitor types leaves it.
(function () {
  "use strict";
  var s = document.currentScript;
  if (!s || !s.src) return;
  var origin = new URL(s.src).origin;
  var q = [];
  ["provider", "host", "pairs", "accent"].forEach(function (k) {
    var v = s.getAttribute("data-" + k);
    if (v) q.push(k + "=" + encodeURIComponent(v));
  });
  var f = document.createElement("iframe");
  f.src = origin + "/embed" + (q.length ? "?" + q.join("&") : "");
  f.title = s.getAttribute("data-title") || "Check your SMTP settings";
  f.loading = "lazy";
  f.setAttribute("width", "100%");
  f.setAttribute("height", s.getAttribute("data-height") || "460");
  f.style.border = "0";
  f.style.maxWidth = "40rem";
  f.style.display = "block";
  s.parentNode.insertBefore(f, s.nextSibling);
  window.addEventListener("message", function (e) {
    if (e.source !== f.contentWindow || e.origin !== origin || !e.data || e.data.whichport !== "height") return;
    var h = Math.ceil(+e.data.height);
    if (h > 100 && h < 4000) f.setAttribute("height", String(h));
  });
})();
