// check.js is "Check a server": the only part of the page that talks to our
// server, and only with the domain. It streams GET /api/v1/check?domain=...
// &stream=1 (EventSource) into the hosts x ports matrix, the per-connection
// steps, transcripts and certificate chains, and writes the summary when the
// last row settles. app.js loads it when a check starts.
(function () {
  "use strict";
  var P = globalThis.whichportPage;
  var $ = P.$, el = P.el, add = P.add, clear = P.clear, sev = P.sev, secWord = P.secWord,
    dotted = P.dotted, findingEl = P.findingEl, copyButton = P.copyButton;

  // ---- Check a server (live; the only part using the network) ----
  var STEP_WORD = { resolve: "resolve", connect: "connect", greeting: "greeting", ehlo: "EHLO", starttls: "STARTTLS", tls: "TLS", "ehlo-after-tls": "EHLO after TLS", quit: "QUIT" };
  var PLAN = {
    starttls: ["connect", "greeting", "ehlo", "starttls", "tls", "ehlo-after-tls"],
    implicit: ["connect", "tls", "greeting", "ehlo"],
    auto: ["connect", "greeting", "ehlo"]
  };
  var OUTCOME = {
    ok: ["ok", "OK"], refused: ["error", "Connection refused"], timeout: ["error", "Timed out"], reset: ["error", "Connection reset"],
    rejected: ["error", "Rejected"], "other-mode": ["warning", "Speaks the other TLS mode"], "tls-failed": ["error", "TLS failed"], error: ["error", "Error"]
  };
  var check = null;

  function domainOf(input) {
    var v = input.trim();
    var at = v.lastIndexOf("@");
    if (at >= 0) v = v.slice(at + 1);
    v = v.replace(/^[a-z]+:\/\//i, "").replace(/[\/?#].*$/, "").replace(/\.$/, "");
    return v.toLowerCase();
  }
  function checkStatus(t) { $("check-status").textContent = t; }
  function fmtMS(ms) { return ms >= 1000 ? (ms / 1000).toFixed(1) + " s" : Math.round(ms) + " ms"; }

  function startCheck(domain, push) {
    if (check && check.es) check.es.close();
    domain = domainOf(domain);
    if (!domain) { checkStatus("Enter a domain, an email address or a host."); return; }
    $("check-domain").value = domain;
    document.title = "Check " + domain + " · whichport";
    var path = "/check/" + encodeURIComponent(domain);
    if (push && location.pathname !== path) history.pushState(null, "", path + "#server");
    $("check-share").href = path;
    // The link may wrap after a slash or a dot, not inside a word.
    var link = clear($("check-share"));
    (location.origin + path).split(/(?<=[\/.])/).forEach(function (part) { add(link, part); add(link, el("wbr")); });
    $("check-result").hidden = false;
    clear($("check-summary")); clear($("check-dns")); clear($("check-matrix")); clear($("check-findings")); clear($("check-overview"));
    $("check-from").textContent = "";
    if ($("check-yours")) $("check-yours").remove();
    check = { domain: domain, probes: {}, planned: 0, settled: 0, done: false, gotEvent: false, dns: {} };
    checkStatus("Checking " + domain + "…");
    $("check-start").disabled = true;
    $("check-result").setAttribute("aria-busy", "true");
    var c = check;
    var url = "/api/v1/check?domain=" + encodeURIComponent(domain) + "&stream=1";
    if (!window.EventSource) { fetchReport(c); return; }
    var es = c.es = new EventSource(url);
    function on(name, fn) {
      es.addEventListener(name, function (e) {
        if (check !== c) return;
        c.gotEvent = true;
        var d = {};
        try { d = JSON.parse(e.data || "{}"); } catch (err) { return; }
        fn(d);
      });
    }
    on("start", function (d) { onStart(c, d); });
    on("dns", function (d) { onDNS(c, d); });
    on("planned", function (d) { onPlanned(c, d); });
    on("step", function (d) { onStep(c, d); });
    on("probe", function (d) { onProbe(c, d); });
    on("summary", function (d) { onSummary(c, d); });
    on("done", function (d) { onDone(c, d); });
    es.addEventListener("error", function (e) {
      if (check !== c || c.done) { es.close(); return; }
      if (e.data) {
        var d = {};
        try { d = JSON.parse(e.data); } catch (err) { d = { error: e.data }; }
        // The time budget ran out: the server still sends what it has (a
        // partial summary, then done), so keep listening.
        if (d.budget) { c.partial = true; c.budgetMsg = d.error || ""; checkStatus("Our time budget ran out; writing up what finished…"); return; }
        finish(c, "The check failed: " + (d.error || "unknown error") + ".");
        return;
      }
      es.close();
      if (!c.gotEvent) {
        fetchReport(c); // read the server's own error message (bad input, rate limit...)
      } else {
        finish(c, "The connection to our server was lost before the check finished. Try again.");
      }
    });
  }
  function fetchReport(c) {
    fetch("/api/v1/check?domain=" + encodeURIComponent(c.domain), { headers: { Accept: "application/json" } })
      .then(function (res) {
        return res.json().catch(function () { return { error: "our server answered " + res.status }; }).then(function (j) {
          if (check !== c) return;
          if (!res.ok || j.error) {
            var wait = res.headers.get("Retry-After");
            finish(c, "The check could not run: " + (j.error || res.status) + (wait ? " Try again in " + wait + " s." : ""));
            return;
          }
          renderFullReport(c, j);
        });
      }, function () { if (check === c) finish(c, "Our server could not be reached. Are you offline? The checks above still work offline."); });
  }
  function renderFullReport(c, j) {
    onStart(c, j);
    if (j.mx) onDNS(c, { kind: "mx", data: j.mx });
    if (j.discovery) onDNS(c, { kind: "discovery", data: j.discovery });
    ["mta_sts", "tls_rpt", "spf", "dmarc"].forEach(function (k) { if (j[k]) onDNS(c, { kind: k.replace("_", "-"), data: j[k] }); });
    (j.probes || []).forEach(function (p) { onPlanned(c, p); onProbe(c, p); });
    onSummary(c, j);
    onDone(c, { ms: j.ms });
  }
  function finish(c, text) {
    c.done = true;
    if (c.es) c.es.close();
    $("check-start").disabled = false;
    $("check-result").removeAttribute("aria-busy");
    checkStatus(text);
  }
  // Where the probes ran is said once, here (the summary sentence's own
  // "Probed from ..." is left out in onSummary).
  function onStart(c, d) {
    c.from = d.from || "";
    $("check-from").textContent = "Probed from " + (d.from || "our server") + ", not from your computer. Your own network may block ports that ours reaches " +
      "(home ISPs and clouds often block 25, some block 465 and 587), so a port that answers here can still time out for you.";
  }
  var FROM_SENTENCE = /\s*Probed from [^;]*; your own network may differ\.\s*$/;
  var RAN_OUT = /\s*The check ran out of time, so some results are missing\./; // said by the note above it
  function problems(d) {
    var ps = (d && d.problems || []).map(function (p) { return p.message; }).filter(Boolean);
    return ps.length ? " Problem: " + ps.join("; ") : "";
  }
  function srvLine(list) {
    return (list || []).map(function (x) {
      if (!x) return "";
      if (x.not_offered) return x.service + ": not offered (\".\")";
      if (!x.found) return x.service + ": none";
      return x.service + ": " + (x.records || []).map(function (r) { return r.target + ":" + r.port; }).join(", ");
    }).filter(Boolean).join("; ");
  }
  function dnsLine(kind, d) {
    if (!d) return null;
    switch (kind) {
      case "mx":
        if (d.status === "null") return "MX: a null MX (\"MX 0 .\"): this domain accepts no mail.";
        if (d.status === "nxdomain") return "MX: the domain does not exist in DNS.";
        if (d.status === "none") return "MX: no MX and no address: nowhere to deliver.";
        if (d.status === "error") return "MX: the lookup failed" + (d.error ? " (" + d.error + ")" : "") + ".";
        var hs = (d.hosts || []).map(function (h) { return h.host + " (preference " + h.preference + ")"; }).join(", ");
        return "MX: " + (d.status === "implicit" ? "no MX record; the domain's own address receives mail: " : "") + (hs || "none") + (d.dnssec ? "; DNSSEC-validated" : "") + "." + problems(d);
      case "mta-sts":
        if (d.error && !d.found) return "MTA-STS: lookup failed (" + d.error + ").";
        if (!d.found) return "MTA-STS: not published.";
        return "MTA-STS: " + (d.policy ? "mode " + d.policy.mode + ", max_age " + d.policy.max_age + " s" : "record found") + (d.policy_error ? "; policy problem: " + d.policy_error : "") + "." + problems(d);
      case "tls-rpt":
        return "TLS-RPT: " + (d.found ? (d.txt || []).join(" ") || "published" : "not published") + "." + problems(d);
      case "spf":
        return "SPF: " + (d.found ? d.record || (d.records || [])[0] || "published" : "not published") + "." + problems(d);
      case "dmarc":
        return "DMARC: " + (d.found ? (d.record && d.record.p ? "policy " + d.record.p : (d.txt || [])[0] || "published") : "not published") + "." + problems(d);
      case "srv":
        return "Submission SRV records: " + (srvLine(Array.isArray(d) ? d : [d]) || "none") + ".";
      case "discovery":
        if (Array.isArray(d)) return "Submission SRV records: " + (srvLine(d) || "none") + ".";
        var sv = (d.servers || []).map(function (x) { return x.host + ":" + x.port + " " + secWord(x.security) + " (from " + x.source + ")"; });
        // The DNSSEC note has its own finding above.
        var notes = (d.notes || []).filter(function (n) { return !/not DNSSEC-validated/.test(n); });
        return "Submission servers found: " + (sv.length ? sv.join(", ") : "none") + "." + (notes.length ? " " + notes.join(" ") : "");
    }
    return null;
  }
  var DNS_ORDER = ["mx", "srv", "discovery", "mta-sts", "tls-rpt", "spf", "dmarc"];
  function onDNS(c, d) {
    var line = dnsLine(d.kind, d.data);
    if (!line) return;
    var box = $("check-dns"), ul = box.querySelector("ul");
    if (!ul) { box.appendChild(el("h3", { text: "DNS" })); ul = box.appendChild(el("ul")); }
    // The servers found say what the SRV records gave (with "from srv"):
    // one line, not two.
    if (d.kind === "srv" && ul.querySelector('[data-kind="discovery"]')) return;
    if (d.kind === "discovery") { var srv = ul.querySelector('[data-kind="srv"]'); if (srv) ul.removeChild(srv); }
    var li = ul.querySelector('[data-kind="' + d.kind + '"]');
    if (!li) {
      li = el("li", { "data-kind": d.kind });
      var rank = DNS_ORDER.indexOf(d.kind), next = null;
      Array.prototype.some.call(ul.children, function (x) { if (DNS_ORDER.indexOf(x.dataset.kind) > rank) { next = x; return true; } });
      ul.insertBefore(li, next);
    }
    li.textContent = line;
  }
  function probeTitle(d) {
    return d.host + " port " + d.port + " · " + secWord(d.mode || "") + (d.kind ? " · " + (d.kind === "mx" ? "MX" : "submission") : "");
  }
  function addrBlock(p, ip) {
    var blk = p.addrs[ip];
    if (blk) return blk;
    var free = p.addrs[""];
    if (free && ip) { delete p.addrs[""]; free.dataset.ip = ip; free.querySelector(".ip").textContent = ip; p.addrs[ip] = free; return free; }
    blk = el("div", { class: "addr", "data-ip": ip || "" }, el("span", { class: "ip", text: ip || "" }),
      el("ol", { class: "steps" }, (PLAN[p.mode] || PLAN.starttls).map(function (n) { return stepLi(n, null); })));
    p.li.querySelector(".addrs").appendChild(blk);
    p.addrs[ip || ""] = blk;
    return blk;
  }
  function stepLi(name, s) {
    var li = el("li", { "data-step": name });
    fillStep(li, name, s);
    return li;
  }
  function fillStep(li, name, s) {
    clear(li);
    var state = !s ? "pending" : s.ok ? "ok" : "error";
    li.dataset.state = state;
    add(li, sev(state, state === "pending" ? "…" : state === "ok" ? "OK" : "Failed"));
    add(li, " ");
    add(li, el("span", { text: STEP_WORD[name] || name }));
    if (s) add(li, el("span", { class: "ms", text: " " + fmtMS(s.ms || 0) }));
    if (s && s.detail) li.title = s.detail;
  }
  // overview draws the hosts x ports matrix: one row per host, one column
  // per port, each cell the probe's state (or its latest step while it runs),
  // linking to the probe's details below.
  function overview(c) {
    var box = $("check-overview");
    var ids = Object.keys(c.probes);
    if (!ids.length) { clear(box); return; }
    var hosts = [], ports = [], cell = {};
    ids.forEach(function (id) {
      var p = c.probes[id];
      if (hosts.indexOf(p.host) < 0) hosts.push(p.host);
      if (ports.indexOf(p.port) < 0) ports.push(p.port);
      (cell[p.host + " " + p.port] = cell[p.host + " " + p.port] || []).push(p);
    });
    ports.sort(function (a, b) { return a - b; });
    var table = el("table", { class: "overview", id: "check-overview-table" },
      el("caption", { class: "vh", text: "Hosts and ports: the state of each connection" }),
      el("thead", null, el("tr", null, el("th", { scope: "col", text: "Host" }),
        ports.map(function (port) { return el("th", { scope: "col", text: String(port) }); }))),
      el("tbody", null, hosts.map(function (h) {
        // Host names may break after a dot, not inside a label.
        return el("tr", null, el("th", { scope: "row" }, dotted(h)), ports.map(function (port) {
          var ps = cell[h + " " + port];
          if (!ps) return el("td", { class: "na" }, el("span", { "aria-hidden": "true", text: "–" }), el("span", { class: "vh", text: "not checked" }));
          return el("td", { "data-state": ps[0].li.dataset.state }, ps.map(function (p) {
            var state = p.li.dataset.state;
            var word = p.settled ? p.word : p.lastStep ? STEP_WORD[p.lastStep.name] || p.lastStep.name : "waiting";
            return el("a", { href: "#probe-" + p.id, class: "cell" }, sev(p.settled ? state : "pending", p.settled ? word : "…"),
              el("span", { class: "ms", text: " " + (p.settled && p.ms != null ? fmtMS(p.ms) : p.settled ? word.toLowerCase() : word) }),
              el("span", { class: "vh", text: " " + secWord(p.mode || "") }));
          }));
        }));
      })));
    clear(box).appendChild(table);
  }
  function onPlanned(c, d) {
    if (c.probes[d.id]) return c.probes[d.id];
    var li = el("li", { class: "probe", id: "probe-" + d.id, "data-host": d.host, "data-port": String(d.port), "data-mode": d.mode || "", "data-state": "pending" },
      el("h4", null, el("span", { class: "state" }, sev("pending", "Checking")), " ", el("span", { text: probeTitle(d) })),
      el("div", { class: "addrs" }), el("div", { class: "more" }));
    var p = c.probes[d.id] = { li: li, mode: d.mode, addrs: {}, settled: false, host: d.host, port: d.port, id: d.id };
    $("check-matrix").appendChild(li);
    addrBlock(p, "");
    c.planned++;
    progress(c);
    return p;
  }
  function onStep(c, d) {
    var p = c.probes[d.id] || onPlanned(c, { id: d.id, host: "probe " + d.id, port: "", mode: "" });
    var blk = addrBlock(p, d.ip || "");
    var s = d.step || {};
    var li = blk.querySelector('[data-step="' + s.name + '"]');
    if (!li) li = blk.querySelector(".steps").appendChild(stepLi(s.name, null));
    fillStep(li, s.name, s);
    p.lastStep = s;
    if (!p.settled) overview(c);
    if (!s.ok && s.detail) {
      var det = blk.querySelector(".step-detail") || blk.appendChild(el("p", { class: "step-detail" }));
      det.textContent = (STEP_WORD[s.name] || s.name) + ": " + s.detail;
    }
  }
  function transcriptText(lines) {
    return (lines || []).map(function (l) {
      var pre = l.dir === "c" ? "C: " : l.dir === "s" ? "S: " : "*  ";
      var ms = String(l.ms || 0);
      return ("      " + ms).slice(-6) + " ms  " + pre + l.text;
    }).join("\n");
  }
  function chainEl(tls) {
    if (!tls) return null;
    var ver = String(tls.version || "?");
    var head = el("p", null, (/^TLS/.test(ver) ? ver : "TLS " + ver) + ", " + (tls.cipher || "?") + ". ",
      sev(tls.verified ? "ok" : "error", tls.verified ? "Certificate verified" : "Certificate not verified"),
      tls.verify_error ? " " + tls.verify_error : "",
      tls.hostname_match === false ? el("span", null, " ", sev("error", "Name mismatch")) : null);
    var old = (tls.old_tls_accepted || []).length ? el("p", null, sev("warning"), " Also accepts " + tls.old_tls_accepted.join(", ") + ".") : null;
    var chain = (tls.chain || []).length ? el("ol", { class: "chain" }, tls.chain.map(function (c) {
      return el("li", null, el("strong", { text: c.subject }),
        el("br"), "Names: " + ((c.sans || []).join(", ") || "none"),
        el("br"), "Issuer: " + c.issuer,
        el("br"), "Valid " + String(c.not_before).slice(0, 10) + " to " + String(c.not_after).slice(0, 10),
        el("br"), (c.key_type || "") + " " + (c.key_bits || "") + " bits, " + (c.signature_algorithm || ""),
        el("br"), el("code", { text: "SHA-256 " + c.sha256 }));
    })) : null;
    return el("details", { class: "tls" }, el("summary", { text: "TLS and certificate chain" }), head, old, chain);
  }
  function ehloEl(ehlo) {
    var cap = ehlo && (ehlo.after || ehlo.before);
    if (!cap) return null;
    var words = [];
    if (cap.starttls) words.push("STARTTLS");
    if (cap.auth && cap.auth.length) words.push("AUTH " + cap.auth.join(" "));
    if (cap.size) words.push("SIZE " + cap.size);
    ["pipelining", "8bitmime", "smtputf8", "requiretls", "chunking", "dsn"].forEach(function (k) { if (cap[k]) words.push(k.toUpperCase()); });
    return el("p", { class: "caps" }, el("span", { class: "k", text: ehlo.after ? "Capabilities after TLS: " : "Capabilities: " }), words.join(", ") || "none");
  }
  // skipPending marks the steps a connection never reached.
  function skipPending(root) {
    root.querySelectorAll('.steps [data-state="pending"]').forEach(function (li) {
      clear(li); add(li, el("span", { class: "sev sev-skip" }, el("span", { class: "vh", text: "not reached" })));
      add(li, " "); add(li, el("span", { text: STEP_WORD[li.dataset.step] || li.dataset.step }));
      li.dataset.state = "skipped"; li.title = "not reached";
    });
  }
  function onProbe(c, d) {
    var p = c.probes[d.id] || onPlanned(c, d);
    var r = d.result || {};
    (r.addresses && r.addresses.length ? r.addresses : [{ ip: "", steps: r.steps, outcome: r.addresses ? "error" : "", transcript: r.transcript, error: r.error }]).forEach(function (a) {
      var blk = addrBlock(p, a.ip || "");
      (a.steps || []).forEach(function (s) { onStep(c, { id: d.id, ip: a.ip || "", step: s }); });
      skipPending(blk);
      var o = OUTCOME[a.outcome];
      if (o) blk.querySelector(".ip").textContent = (a.ip ? a.ip + " — " : "") + o[1] + (a.error && !blk.querySelector(".step-detail") ? ": " + a.error : "");
      if (a.transcript && a.transcript.length) {
        var text = transcriptText(a.transcript);
        blk.appendChild(el("details", { class: "transcript" },
          el("summary", { text: "Transcript" + (a.ip ? " (" + a.ip + ")" : "") }),
          el("p", { class: "hint", text: "C: what our client sent · S: what the server answered · *: TLS and timing notes" }),
          el("pre", { class: "transcript" }, el("code", { text: text })),
          copyButton(function () { return text; }, "Copy transcript")));
      }
    });
    var outcomes = (r.addresses || []).map(function (a) { return a.outcome; });
    var worst = outcomes.length ? outcomes.indexOf("ok") >= 0 && outcomes.every(function (o) { return o === "ok"; }) ? "ok" : outcomes.filter(function (o) { return o !== "ok"; })[0] : (r.error ? "error" : "ok");
    var o = OUTCOME[worst] || ["error", worst];
    // A closed fallback port (2525, 2465, 2587) or a spare pair is not a failure: the server
    // weighs it as a note, and the row says so rather than showing red.
    if ((d.role === "fallback" || d.role === "spare") && (worst === "refused" || worst === "timeout")) o = ["info", o[1] + " (not needed)"];
    // The row's mark follows the card's verdict: the worst of its findings
    // (an expired certificate on a port that connects is not a green OK).
    var rank = { error: 3, warning: 2, info: 1, ok: 0 }, top = null;
    (r.findings || []).forEach(function (f) { if (f.severity in rank && (!top || rank[f.severity] > rank[top.severity])) top = f; });
    if (top && rank[top.severity] >= 2 && rank[top.severity] > (rank[o[0]] || 0)) {
      o = [top.severity, /^probe-cert-/.test(top.id) ? "Certificate refused" : top.severity === "error" ? "Will fail" : "Warning"];
    }
    var st = p.li.querySelector(".state");
    clear(st).appendChild(sev(o[0], o[1]));
    st.appendChild(el("span", { class: "ms", text: " " + fmtMS(r.ms || 0) }));
    p.li.dataset.state = o[0];
    var more = clear(p.li.querySelector(".more"));
    add(more, ehloEl(r.ehlo));
    add(more, chainEl(r.tls));
    if (r.dane && r.dane.records) add(more, el("p", null, sev(r.dane.match ? "ok" : "error", r.dane.match ? "DANE matches" : "DANE does not match"), " " + (r.dane.detail || "")));
    p.shown = {};
    if (r.findings && r.findings.length) add(more, el("ul", { class: "findings" }, r.findings.map(function (f) { p.shown[f.id + "|" + f.title] = true; return checkFinding(f, 5); })));
    p.ms = r.ms || 0;
    p.word = o[1];
    if (!p.settled) { p.settled = true; c.settled++; }
    progress(c);
  }
  function progress(c) {
    overview(c);
    if (c.done) return;
    checkStatus("Checking " + c.domain + ": " + c.settled + " of " + c.planned + " connections done.");
  }
  // A finding of a server check: no "set the port in Check my settings"
  // button (it is about the server, not the form).
  function checkFinding(f, level) {
    var g = {};
    for (var k in f) g[k] = f[k];
    g.setting = "";
    return findingEl(g, false, null, level);
  }
  function onSummary(c, d) {
    var box = clear($("check-summary"));
    var fs = d.findings || [];
    var partial = d.partial || c.partial;
    if (partial) c.partial = true;
    // The heading's word: the server's verdict for the domain; without one,
    // the worst finding or failed connections. A check that reached nothing
    // is a note, never an OK.
    var states = Object.keys(c.probes).map(function (id) { return c.probes[id].li.dataset.state; });
    var worst = { ok: 1, warning: 1, error: 1 }[d.verdict] ? d.verdict
      : fs.some(function (f) { return f.severity === "error"; }) ? "error"
      : fs.some(function (f) { return f.severity === "warning"; }) || states.some(function (x) { return x !== "ok"; }) ? "warning"
      : states.length ? "ok" : "info";
    if (partial && worst === "ok") worst = "warning";
    box.appendChild(el("h3", { id: "check-summary-h" }, sev(worst), " " + c.domain));
    if (partial) {
      var why = c.budgetMsg ? c.budgetMsg.charAt(0).toUpperCase() + c.budgetMsg.slice(1) + "." : "The check ran out of time, so some results are missing. Try again.";
      box.appendChild(el("p", { class: "partial", id: "check-partial" }, sev("warning", "Partial result:"), " " + why));
    }
    box.appendChild(el("p", { id: "check-summary-text", text: (d.summary || "").replace(FROM_SENTENCE, "").replace(partial ? RAN_OUT : /^$/, "") }));
    // Findings of one connection are in its row below; here only the rest.
    var shown = {};
    Object.keys(c.probes).forEach(function (id) { var s = c.probes[id].shown || {}; for (var k in s) shown[k] = true; });
    var rest = fs.filter(function (f) { return !shown[f.id + "|" + f.title]; });
    clear($("check-findings"));
    if (rest.length) $("check-findings").appendChild(el("ul", { class: "findings" }, rest.map(function (f) { return checkFinding(f, 4); })));
  }
  function onDone(c, d) {
    var partial = c.partial || d.partial;
    if (!c.planned) $("check-matrix").appendChild(el("li", { class: "none", text: partial ? "No connection started before the time budget ran out." : "No host to connect to: see DNS above." }));
    var cut = 0;
    if (c.partial || d.partial) {
      c.partial = true;
      Object.keys(c.probes).forEach(function (id) {
        var p = c.probes[id];
        if (p.settled) return;
        cut++;
        skipPending(p.li);
        clear(p.li.querySelector(".state")).appendChild(sev("warning", "Not finished"));
        p.li.dataset.state = "warning";
        p.settled = true; p.word = "Not finished"; p.ms = null;
      });
      overview(c);
      var note = $("check-partial");
      if (cut && note) add(note, " Connections marked \u201cNot finished\u201d were cut off.");
    }
    var n = c.planned - cut;
    var from = $("check-from"), yours = $("check-yours");
    if (yours) yours.remove();
    from.parentNode.insertBefore(yoursEl(c), from.nextSibling);
    finish(c, (c.partial && !c.planned ? "Stopped: the time budget ran out after " : c.partial ? "Stopped: the time budget ran out; " + n + " of " + c.planned + " connection" + (c.planned === 1 ? "" : "s") + " finished in "
      : "Done: " + c.planned + " connection" + (c.planned === 1 ? "" : "s") + " checked in ") + fmtMS(d.ms || 0) + ".");
  }

  // ---- From your own network ----
  // Our probes see our server's network. Where the mail is sent from may
  // block a port ours reaches (or the reverse), so the result ends with the
  // same check to run there: the one-line install of the whichport
  // command, and for people who cannot install anything, one-liners for a
  // host and port with how to read what they print.
  var SAFE_HOST = /^[A-Za-z0-9.:-]+$/;
  function oneLiners(host, port) {
    var tls = port === 465 || port === 2465 || port === 8465 || port === 443
      ? "openssl s_client -connect " + host + ":" + port + " -servername " + host + " -brief </dev/null"
      : "openssl s_client -starttls smtp -connect " + host + ":" + port + " -servername " + host + " -brief </dev/null";
    return [
      "# bash (Linux, macOS): prints open, or no connection",
      "timeout 10 bash -c '</dev/tcp/" + host + "/" + port + "' && echo open || echo no connection",
      "# netcat",
      "nc -vz -w 10 " + host + " " + port,
      "# Windows PowerShell",
      "Test-NetConnection -ComputerName " + host + " -Port " + port,
      "# TLS and the certificate (OpenSSL)",
      tls
    ].join("\n");
  }
  function yoursEl(c) {
    var targets = [], seen = {}, timedOut = false;
    Object.keys(c.probes).forEach(function (id) {
      var p = c.probes[id];
      if (/timed out/i.test(p.word || "")) timedOut = true;
      var key = p.host + ":" + p.port;
      if (!SAFE_HOST.test(String(p.host)) || !(p.port > 0) || seen[key]) return;
      seen[key] = true;
      targets.push({ host: p.host, port: p.port, sub: /^submission/.test(id), ok: p.li.dataset.state === "ok" });
    });
    // The submission ports first, then port 25 of the MX hosts.
    targets.sort(function (a, b) { return (b.sub - a.sub) || (b.ok - a.ok); });
    var d = el("details", { id: "check-yours", class: "yours" },
      el("summary", { text: "Check from your own network" }),
      el("p", { text: "These results are from our server" + (c.from ? " (" + c.from + ")" : "") + ". Your computer or server may be blocked where ours is not: " +
        "many clouds and home networks block port 25, and some block 465 or 587. Run the same check where your mail is sent from:" }));
    var install = "go install github.com/whichport/whichport/cmd/whichport@latest && whichport " + c.domain;
    d.appendChild(el("div", { class: "code" }, el("pre", null, el("code", { id: "check-yours-install", text: install })), copyButton(function () { return install; }, "Copy")));
    d.appendChild(el("p", { class: "hint", text: "It probes 587, 465, 2525 and 25 from there and says which port is blocked on the way and which the server refuses (exit status 0 when a port works)." }));
    if (targets.length) {
      var code = el("code", { id: "check-yours-oneliners" });
      var pick = el("select", { id: "check-yours-target" }, targets.map(function (t, i) {
        return el("option", { value: String(i), text: t.host + " port " + t.port });
      }));
      var show = function () { var t = targets[+pick.value] || targets[0]; code.textContent = oneLiners(t.host, t.port); };
      pick.addEventListener("change", show);
      show();
      d.appendChild(el("p", null, el("label", { for: "check-yours-target", text: "Cannot install anything? Test one port: " }), pick));
      d.appendChild(el("div", { class: "code" }, el("pre", null, code), copyButton(function () { return code.textContent; }, "Copy commands")));
      d.appendChild(el("ul", { id: "check-yours-read" },
        el("li", { text: "Gets through: bash prints open; nc says succeeded or open; PowerShell TcpTestSucceeded : True; openssl prints the protocol and Verification: OK." }),
        el("li", { text: "Blocked on the way: nothing happens for about 10 s, then bash prints no connection, nc timed out, PowerShell TcpTestSucceeded : False after a warning. Your network or hosting provider drops the port: use another port, or ask them to open it." }),
        el("li", { text: "Refused at once (Connection refused, TcpTestSucceeded : False without a wait): the way is open but nothing listens there: check the host and port." }),
        el("li", { text: "openssl: wrong version number on 465 means the port speaks STARTTLS; a certificate error names the problem the same way your program will." })));
    }
    if (timedOut) d.open = true;
    return d;
  }

  globalThis.whichportCheck = { start: startCheck };
})();
