// widget.js drives /embed: a provider's preset (from the query string) on
// top, the visitor's settings below, one verdict from whichport.explainAgainst.
// Query: provider (a name, or a known provider's id), host, pairs
// ("587:starttls,465:implicit") and accent (#rgb or #rrggbb only).
//
// It is loaded in <head> without defer, so the part before main() runs
// before the first paint: it sets <html data-await="provider"> when a known
// provider's details will arrive from the engine, and style.css reserves
// their space (no layout shift). main() runs once the document is parsed.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var q = new URLSearchParams(location.search);
  var SEC = { starttls: "STARTTLS", implicit: "implicit TLS", none: "no TLS" };
  var SEV = { ok: "OK", warning: "Warning", error: "Will fail", info: "Note" };

  // The accent: strictly #rgb or #rrggbb, with a readable text colour on it.
  var accent = q.get("accent") || "";
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
    var hex = accent.length === 4 ? accent.replace(/[0-9a-f]/gi, "$&$&") : accent;
    var lum = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var L = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    // The brand colour frames the preset and marks focus; links and text keep
    // the page's own accent, whose contrast is known.
    document.documentElement.style.setProperty("--brand", hex);
    document.documentElement.style.setProperty("--on-brand", L > 0.18 ? "#000" : "#fff");
    document.documentElement.dataset.accent = hex;
  }

  var providerParam = (q.get("provider") || "").slice(0, 80);
  var hostParam = (q.get("host") || "").trim().slice(0, 253);
  var pairsParam = (q.get("pairs") || "").slice(0, 200);
  var pairs = pairsParam.split(",").map(function (p) {
    var m = /^\s*(\d{1,5})\s*:\s*(starttls|implicit|none)\s*$/.exec(p);
    return m && +m[1] >= 1 && +m[1] <= 65535 ? { port: +m[1], security: m[2] } : null;
  }).filter(Boolean);
  if (providerParam && !hostParam && !pairs.length) document.documentElement.dataset.await = "provider";
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();

  function main() {
  // The ports, one line per TLS mode: "STARTTLS: 587, 2525" and
  // "Implicit TLS: 465" (always both lines, so the box keeps its height).
  function showPreset(name, hosts, ports) {
    $("preset-name").textContent = name || "your provider";
    if (hosts && hosts.length) $("preset-host").textContent = hosts.join(", ");
    if (!ports || !ports.length) return;
    var box = $("preset-pairs");
    box.textContent = "";
    [["starttls", "STARTTLS"], ["implicit", "Implicit TLS"], ["none", "No TLS"]].forEach(function (m) {
      var list = ports.filter(function (c) { return c.security === m[0]; }).map(function (c) { return c.port; });
      if (!list.length && m[0] === "none") return;
      var line = box.appendChild(el("span", "pair-line"));
      line.appendChild(el("span", "k", m[1] + ": "));
      line.appendChild(document.createTextNode(list.length ? list.join(", ") : "not offered"));
    });
  }
  showPreset(providerParam, hostParam ? [hostParam] : [], pairs);

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  // rich(parent, text): backtick spans as code, never as Markdown source.
  function rich(parent, text) {
    String(text).split("`").forEach(function (part, i, all) {
      if (i % 2 === 1 && i < all.length - 1) parent.appendChild(el("code", null, part));
      else parent.appendChild(document.createTextNode(i % 2 === 1 ? "`" + part : part));
    });
    return parent;
  }
  function sev(s) { return el("span", "sev sev-" + (SEV[s] ? s : "info"), SEV[s] || s); }

  var F = { host: $("w-host"), port: $("w-port"), security: $("w-security") };
  var wp = null, preset = null, last = "", seq = 0;

  function update() {
    if (!wp) return;
    var s = { host: F.host.value.trim(), port: F.port.value.trim(), security: F.security.value };
    var line = $("w-verdict"), out = $("w-result");
    if (!s.host && !s.port) {
      line.textContent = "Type your host, port and TLS mode.";
      delete line.dataset.verdict;
      out.textContent = ""; last = ""; seq++; resize(); return;
    }
    var my = ++seq;
    // Without a usable preset (no known provider, host or pairs) the widget
    // still checks the settings on their own.
    (preset ? wp.explainAgainst(s, preset) : wp.explain(s)).then(function (r) { if (my === seq) show(s, r); });
  }
  function show(s, r) {
    var line = $("w-verdict"), out = $("w-result");
    var key = JSON.stringify(r);
    if (key === last) return;
    last = key;
    if (r.ok === false) { line.textContent = (r.error && r.error.message) || "Cannot check."; return; }
    var order = { error: 0, warning: 1, info: 2, ok: 3 };
    var top = (r.findings || []).slice().sort(function (a, b) { return (a.severity in order ? order[a.severity] : 9) - (b.severity in order ? order[b.severity] : 9); })[0];
    line.textContent = "";
    line.dataset.verdict = r.verdict;
    line.appendChild(sev(r.verdict));
    rich(line, " " + (top && r.verdict !== "ok" ? top.title : (preset ? "These settings match " + $("preset-name").textContent + "." : "These settings should work.")));
    out.textContent = "";
    if (r.verdict !== "ok") {
      if (top && top.detail) out.appendChild(rich(el("p"), top.detail));
      var rec = r.recommended || {};
      if (rec.port) {
        var use = el("p", "use");
        use.appendChild(el("strong", null, "Use: "));
        use.appendChild(document.createTextNode((rec.host || s.host || "") + " port " + rec.port + " with " + (SEC[rec.security] || rec.security)));
        out.appendChild(use);
      }
      if (top && top.fix) {
        var fix = el("p");
        fix.appendChild(el("strong", null, "Fix: "));
        rich(fix, top.fix);
        out.appendChild(fix);
      }
    }
    resize();
  }
  // Tell an embedding page (embed.js) how tall the widget is.
  function resize() {
    if (window.parent !== window) window.parent.postMessage({ whichport: "height", height: Math.ceil($("widget").getBoundingClientRect().bottom + window.scrollY) + 8 }, "*");
  }

  ["input", "change"].forEach(function (ev) {
    Object.keys(F).forEach(function (k) { F[k].addEventListener(ev, update); });
  });

  var api = globalThis.whichport;
  if (!api || !api.ready) return;
  api.ready.then(function (w) {
    return (providerParam ? w.provider(providerParam) : Promise.resolve(null)).then(function (known) { start(w, known); });
  }).catch(function (err) {
    document.documentElement.dataset.engine = "failed";
    $("w-verdict").textContent = "The checker could not load: " + (err && err.message || err) + ".";
  });
  function start(w, known) {
    wp = w;
    if (known && !hostParam && !pairs.length) {
      preset = known.id;
      showPreset(known.name, known.hosts, known.ports);
    } else {
      preset = known || hostParam || pairs.length ? { id: known ? known.id : "", name: known ? known.name : providerParam, host: hostParam, pairs: pairs.map(function (p) { return p.port + ":" + p.security; }).join(",") } : null;
      if (known) showPreset(known.name, hostParam ? [hostParam] : known.hosts, pairs.length ? pairs : known.ports);
    }
    document.documentElement.dataset.engine = "ready";
    $("w-verdict").textContent = "Type your host, port and TLS mode.";
    update();
  }
  addEventListener("load", resize);
  addEventListener("resize", resize);
  if (window.ResizeObserver) new ResizeObserver(resize).observe($("widget"));
  resize();
  }
})();
