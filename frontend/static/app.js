// app.js drives whichport's page: the settings form, the paste box and the
// error box (all answered in the browser by the WebAssembly engine, see
// engine.js), and "Check a server" (the only part that talks to our server,
// sending only the domain). No framework, no third party.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };

  // el("p", {class: "x"}, "text", child...) builds DOM without innerHTML, so
  // nothing typed or received is ever parsed as HTML.
  function el(tag, attrs) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k === "text") n.textContent = v;
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? "" : v);
    }
    for (var i = 2; i < arguments.length; i++) add(n, arguments[i]);
    return n;
  }
  function add(n, c) {
    if (c == null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(n, x); }); return; }
    n.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  // dotted(name) lets a host name wrap after a dot, never inside a label.
  function dotted(name) {
    return String(name).split(".").map(function (part, i, all) { return i < all.length - 1 ? [part + ".", el("wbr")] : part; });
  }
  // rich(text): the engine marks code with backticks (`secure: true`); show
  // it as code, never the Markdown source.
  function rich(text) {
    return String(text).split("`").map(function (part, i, all) {
      // an unpaired last backtick is kept as a character
      if (i % 2 === 1 && i < all.length - 1) return el("code", { text: part });
      return i % 2 === 1 ? "`" + part : part;
    });
  }
  // codeIn(text): the code spans of a text, one per line ("" when none).
  function codeIn(text) {
    return String(text).split("`").filter(function (part, i, all) { return i % 2 === 1 && i < all.length - 1; }).join("\n");
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); return n; }
  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // ---- words ----
  var SEV_WORD = { ok: "OK", info: "Note", warning: "Warning", error: "Will fail", pending: "Waiting", skip: "Skipped" };
  function sev(s, word) {
    return el("span", { class: "sev sev-" + (SEV_WORD[s] ? s : "info"), text: word || SEV_WORD[s] || s });
  }
  var SEC_WORD = { starttls: "STARTTLS", implicit: "Implicit TLS", none: "None (plaintext)", auto: "either TLS mode", "": "not set" };
  function secWord(s) { return SEC_WORD[s] !== undefined ? SEC_WORD[s] : s; }
  // Every Format of rules (types.go, parse_go.go, parse_msmtp.go) in words;
  // formatWord tells apart the tools that share a format by their keys.
  var FORMAT_WORD = {
    url: "an SMTP URL", env: "KEY=value settings (.env)", nodemailer: "a nodemailer transport",
    "python-smtplib": "Python smtplib code", phpmailer: "PHPMailer settings", javamail: "JavaMail properties",
    rails: "Rails smtp_settings", django: "Django settings", "dotnet-smtpclient": ".NET SmtpClient code",
    mailkit: "MailKit code", postfix: "Postfix main.cf", "thunderbird-autoconfig": "a Thunderbird autoconfig file",
    "go-net-smtp": "Go net/smtp code", msmtp: "an msmtp configuration"
  };
  function formatWord(f, text) {
    if (f === "url" && text.indexOf("://") < 0) return "a host and port";
    if (f === "env" && /MAILER_DSN/.test(text)) return "a Symfony Mailer DSN";
    if (f === "env" && /MAIL_SERVER|MAIL_USE_(SSL|TLS)/.test(text)) return "Flask-Mail settings";
    if (f === "env" && /^\s*environment\s*:/m.test(text)) return "docker-compose environment settings";
    if (f === "javamail" && /spring[.:\s]+mail/.test(text)) return "Spring Boot mail properties";
    if (f === "phpmailer" && /WPMS_/.test(text)) return "WP Mail SMTP settings (wp-config.php)";
    return FORMAT_WORD[f] || "a config the page has no name for (" + f + ")";
  }
  // libraryWord names a library as the settings form does ("" for none or other).
  function libraryWord(lib) {
    var o = lib && lib !== "other" && document.querySelector('#s-library option[value="' + lib.replace(/[^a-z0-9-]/g, "") + '"]');
    return o ? o.textContent : "";
  }
  var SETTING_FIELD = { host: "s-host", port: "s-port", security: "s-security", auth: "s-auth", username: "s-username", password: "s-password", environment: "s-environment", library: "s-library", use: "s-use" };
  var SETTING_WORD = { host: "host", port: "port", security: "TLS mode", auth: "sign-in", username: "username", password: "password", environment: "where it runs", library: "library", use: "used by" };

  // ---- announcements and copy buttons ----
  var announcer = el("p", { class: "vh", "aria-live": "polite", id: "announce" });
  document.body.appendChild(announcer);
  function announce(text) { announcer.textContent = ""; setTimeout(function () { announcer.textContent = text; }, 50); }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByCommand(text); });
    }
    return copyByCommand(text);
  }
  function copyByCommand(text) {
    return new Promise(function (resolve, reject) {
      var t = el("textarea", { class: "vh", "aria-hidden": "true" });
      t.value = text; document.body.appendChild(t); t.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(t);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }
  function copyButton(getText, label) {
    var b = el("button", { type: "button", class: "copy", text: label || "Copy" });
    b._copyText = getText;
    return b;
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.copy");
    if (!b) return;
    var text;
    if (b._copyText) text = b._copyText();
    else if (b.dataset.copyFrom) {
      var src = $(b.dataset.copyFrom);
      text = src ? (src.href && src.tagName === "A" ? src.href : src.textContent) : "";
    }
    if (text == null) return;
    var label = b.dataset.label || b.textContent;
    b.dataset.label = label;
    copyText(text).then(function () {
      b.textContent = "Copied"; announce("Copied");
    }, function () {
      b.textContent = "Select and copy"; announce("Could not copy; select the text and copy it");
    });
    clearTimeout(b._t);
    b._t = setTimeout(function () { b.textContent = label; }, 2000);
  });

  // ---- rendering a report (settings form and paste box) ----
  function fixedSettings(s, r) {
    var rec = r.recommended || {};
    var f = {};
    for (var k in s) f[k] = s[k];
    if (r.verdict !== "ok" && rec.port) {
      if (rec.host) f.host = rec.host;
      f.port = rec.port;
      f.security = rec.security || f.security;
    }
    return f;
  }
  function headline(r) {
    var order = { error: 0, warning: 1, info: 2, ok: 3 };
    var rank = function (f) { return f.severity in order ? order[f.severity] : 9; };
    var fs = (r.findings || []).slice().sort(function (a, b) { return rank(a) - rank(b); });
    if (fs.length && fs[0].severity !== "ok" && fs[0].severity !== "info") return fs[0].title;
    if (r.verdict === "ok") return fs.length && fs[0].title ? fs[0].title : "These settings should work.";
    return fs.length ? fs[0].title : "";
  }
  function refsEl(refs) {
    if (!refs || !refs.length) return null;
    var p = el("p", { class: "refs" }, "Source: ");
    refs.forEach(function (r, i) {
      if (i) add(p, ", ");
      add(p, r.url ? el("a", { href: r.url, rel: "noopener", text: r.name }) : r.name);
    });
    return p;
  }
  function gotoButton(setting, inForm) {
    var id = SETTING_FIELD[setting];
    if (!id) return null;
    return el("button", {
      type: "button", class: "goto",
      text: inForm ? "Change the " + (SETTING_WORD[setting] || setting) : "Set the " + (SETTING_WORD[setting] || setting) + " in Check my settings",
      onclick: function () { var f = $(id); f.scrollIntoView({ block: "center" }); f.focus(); }
    });
  }
  // findingEl: one finding; its title is a heading of the given level (3
  // under a section's h2, deeper inside a check's rows).
  function findingEl(f, inForm, extra, level) {
    var sevName = f.severity || "info";
    // A copy button only under something to copy: the code in the fix.
    var code = f.fix ? codeIn(f.fix) : "";
    return el("li", { class: "finding f-" + sevName, "data-id": f.id },
      el("h" + (level || 3), { class: "fh" }, sev(sevName), " ", el("span", null, rich(f.title))),
      extra || null,
      f.detail ? el("p", null, rich(f.detail)) : null,
      f.cause ? el("p", null, el("span", { class: "k", text: "Why: " }), rich(f.cause)) : null,
      f.fix ? el("p", null, el("span", { class: "k", text: "Fix: " }), el("span", null, rich(f.fix)), code ? [" ", copyButton(function () { return code; }, "Copy")] : null) : null,
      f.setting ? gotoButton(f.setting, inForm) : null,
      refsEl(f.refs));
  }
  function diffTable(yours, r, caption) {
    var rec = r.recommended || {};
    var use = { host: rec.host || yours.host, port: rec.port || yours.port, security: rec.security || yours.security };
    if (r.verdict === "ok") use = yours;
    var rows = [["Host", yours.host || "not set", use.host || "not set"],
      ["Port", yours.port ? String(yours.port) : "not set", use.port ? String(use.port) : "not set"],
      ["TLS mode", secWord(yours.security || ""), secWord(use.security || "")]];
    return el("table", { class: "diff" },
      el("caption", { class: "vh", text: caption || "Your settings next to the ones to use" }),
      el("thead", null, el("tr", null, el("th", { scope: "col", text: "Setting" }), el("th", { scope: "col", text: "Yours" }), el("th", { scope: "col", text: "Use" }))),
      el("tbody", null, rows.map(function (row) {
        var changed = row[1] !== row[2];
        return el("tr", null, el("th", { scope: "row", text: row[0] }), el("td", null, dotted(row[1])),
          el("td", { class: changed ? "changed" : null }, el("strong", null, dotted(row[2])), changed ? el("span", { class: "mark", text: "change" }) : null));
      })));
  }
  function verdictEl(r) {
    return el("span", { class: "verdict", "data-verdict": r.verdict }, sev(r.verdict), " ", el("span", null, rich(headline(r))));
  }
  // reportEl: the verdict (unless the caller shows it in its status line),
  // yours next to the settings to use, the findings and the alternatives.
  function reportEl(r, yours, inForm, noVerdict, noDiff) {
    var frag = document.createDocumentFragment();
    if (!inForm && !noVerdict) add(frag, el("p", null, verdictEl(r)));
    if (!noDiff) add(frag, diffTable(yours, r));
    var fs = (r.findings || []);
    if (fs.length) add(frag, el("ul", { class: "findings" }, fs.map(function (f) { return findingEl(f, inForm); })));
    var alts = r.alternatives || [];
    if (alts.length) {
      add(frag, el("p", { class: "k", text: "Also works:" }));
      add(frag, el("ul", { class: "alts" }, alts.map(function (c) {
        return el("li", null, el("strong", { text: String(c.port) }), " with " + secWord(c.security) + (c.host ? " on " + c.host : "") + (c.why ? ": " : ""), c.why ? rich(c.why) : null);
      })));
    }
    return frag;
  }

  // ---- the text boxes below the settings form ----
  // The paste and error boxes and the server check's form are <template>s in
  // the page, put in place once the first verdict has been painted, or as
  // soon as their section comes near the screen, the page is opened at one
  // of them or on a check (/check/<domain>). Parsed as fields, they made
  // Chrome lay out their sections at DOMContentLoaded (most likely its form
  // scan), which content-visibility otherwise skips, and the engine's worker
  // started after that: its first verdict came 20-40 ms later at 1x CPU and
  // 25-85 ms at 4x (scripts/ready-floor.mjs, two runs; the 1x figure is
  // within one run's noise). No layout shift is seen
  // when they are put in place (opened at /, /#error, /#paste-input and
  // /#providers, at 1280 and 360 px).
  var fieldsPlaced = false, fieldSetups = [];
  function withFields(fn) { if (fieldsPlaced) fn(); else fieldSetups.push(fn); }
  function placeFields() {
    if (fieldsPlaced) return;
    fieldsPlaced = true;
    if (fieldsSeen) fieldsSeen.disconnect();
    Array.prototype.forEach.call(document.querySelectorAll("main template"), function (t) { t.replaceWith(t.content); });
    fieldSetups.splice(0).forEach(function (fn) { fn(); });
  }
  var fieldsSeen = "IntersectionObserver" in globalThis ? new IntersectionObserver(function (es) {
    if (es.some(function (e) { return e.isIntersecting; })) placeFields();
  }, { rootMargin: "50% 0px" }) : null;

  // ---- the engine ----
  var wp = null;
  var engineReady = [];
  function whenReady(fn) { if (wp) fn(); else engineReady.push(fn); }
  var root = document.documentElement;
  root.dataset.engine = "loading";
  var verdictLine = $("settings-verdict");
  verdictLine.textContent = "The checker is loading…";
  // Should engine.js run after this (loaded async), it says so with
  // "whichport-started".
  function useEngine() {
    globalThis.whichport.ready.then(function (api) {
      wp = api; root.dataset.engine = "ready";
      engineReady.splice(0).forEach(function (fn) { fn(); });
    }, function (err) {
      root.dataset.engine = "failed";
      var msg = "The checker could not load (" + (err && err.message || err) + "). The tables above still apply.";
      verdictLine.textContent = msg;
      $("paste-status").textContent = msg;
      $("error-status").textContent = msg;
      placeFields(); // the server check works without the engine
    });
  }
  if (globalThis.whichport && globalThis.whichport.ready) useEngine();
  else addEventListener("whichport-started", function () { useEngine(); updateSettings(); }, { once: true });

  // ---- Check my settings ----
  var ids = ["provider", "host", "port", "security", "auth", "username", "password", "use", "environment", "library"];
  var F = {};
  ids.forEach(function (k) { F[k] = $("s-" + k); });
  var providerList = [];

  function readSettings() {
    return {
      host: F.host.value.trim(), port: F.port.value.trim(), security: F.security.value, auth: F.auth.value,
      username: F.username.value.trim(), password_present: F.password.value !== "",
      use: F.use.value, environment: F.environment.value, library: F.library.value, provider: F.provider.value
    };
  }
  var lastReport = "", lastVerdict = "", lastAsked = "", settingsSeq = 0;
  // firstAnswer resolves once the first answer to the settings is shown (its
  // code to paste included), or once the engine is ready with nothing to
  // answer: the service worker waits for it.
  var firstShown, firstAnswer = new Promise(function (res) { firstShown = res; });
  function announceVerdict(node) {
    if (node) { clear(verdictLine).appendChild(node); return; }
    if (verdictLine.textContent !== lastVerdict) verdictLine.textContent = lastVerdict;
  }
  function updateSettings() {
    // Settings typed before the engine has loaded are asked at once: the
    // engine answers them as soon as it runs (engine.js).
    var api = wp || (globalThis.whichport && globalThis.whichport.explain && !globalThis.whichport.failed ? globalThis.whichport : null);
    if (!api) return;
    var s = readSettings(), asked = JSON.stringify(s);
    if (asked === lastAsked) return; // asked already; its answer is shown or on its way
    var out = $("settings-result");
    if (!s.host && !s.port && !s.provider) {
      if (!wp) return; // "The checker is loading…" until it has
      lastAsked = "";
      if (lastReport !== "") { clear(out); clear($("settings-diff")); $("snippets").hidden = true; lastSnippets = ""; }
      lastReport = "";
      lastVerdict = "Enter a host and port, or choose a provider, to see a verdict.";
      announceVerdict();
      return;
    }
    var my = ++settingsSeq;
    lastAsked = asked;
    api.explain(s).then(function (r) {
      if (my !== settingsSeq) return; // a newer keystroke is on its way
      var key = JSON.stringify(r);
      if (key === lastReport) return;
      lastReport = key;
      if (r.ok === false && r.error) { lastVerdict = r.error.message; announceVerdict(); return; }
      var yours = { host: s.host, port: parseInt(s.port, 10) || 0, security: s.security };
      // On a phone the code to paste comes right after the settings to use;
      // the findings (the reasons) follow it.
      clear($("settings-diff")).appendChild(diffTable(yours, r));
      clear(out).appendChild(reportEl(r, yours, true, true, true));
      lastVerdict = SEV_WORD[r.verdict] + " " + headline(r);
      if (verdictLine.textContent !== lastVerdict) announceVerdict(verdictEl(r));
      return api.snippets(fixedSettings(r.settings || s, r)).then(function (list) {
        if (my !== settingsSeq) return;
        renderSnippets(list || [], s.library);
        if (revealVerdict) { revealVerdict = false; reveal(); }
      });
    }).then(firstShown, firstShown);
  }

  // The code to paste: one picker (a select, compact on a phone) that
  // follows the library chosen in the form, and one code block.
  var selectedLib = "", formLib = "", lastSnippets = "";
  var pick = $("snippet-pick");
  function renderSnippets(list, preferred) {
    var key = JSON.stringify(list) + "\n" + preferred;
    if (key === lastSnippets) return;
    lastSnippets = key;
    var box = $("snippets"), panels = clear($("snippet-panels"));
    box.hidden = list.length === 0;
    clear(pick);
    if (!list.length) return;
    var has = function (lib) { return list.some(function (s) { return s.library === lib; }); };
    // The person's library wins when they choose one in the form.
    if (preferred !== formLib) { formLib = preferred; if (has(preferred)) selectedLib = preferred; }
    if (!has(selectedLib)) selectedLib = has(preferred) ? preferred : list[0].library;
    list.forEach(function (s) {
      var on = s.library === selectedLib;
      pick.appendChild(el("option", { value: s.library, text: s.title || s.library, selected: on }));
      panels.appendChild(el("div", { id: "panel-" + s.library, "data-library": s.library, hidden: !on, class: "code" },
        el("pre", { id: "snippet-code-" + s.library, "aria-label": (s.title || s.library) + " code" }, el("code", { text: s.code })),
        copyButton(function () { return s.code; }, "Copy code")));
    });
    pick.value = selectedLib;
  }
  pick.addEventListener("change", function () {
    selectedLib = pick.value;
    Array.prototype.forEach.call($("snippet-panels").children, function (p) { p.hidden = p.dataset.library !== selectedLib; });
  });

  // After a provider is chosen, bring the verdict (and the code below it)
  // into view when it is off screen or low on it: on a phone it would sit
  // at the bottom edge, under the form.
  var revealVerdict = false;
  function reveal() {
    var r = verdictLine.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight * 0.6) verdictLine.scrollIntoView({ block: "start" });
  }

  var scheduled = false;
  function scheduleSettings() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; updateSettings(); });
  }
  ids.forEach(function (k) {
    F[k].addEventListener("input", scheduleSettings);
    F[k].addEventListener("change", scheduleSettings);
  });
  updateSettings(); // anything typed while the page was loading
  F.provider.addEventListener("change", function () {
    var p = providerList.filter(function (x) { return x.id === F.provider.value; })[0];
    if (!p) return;
    if (p.hosts && p.hosts.length) F.host.value = p.hosts[0];
    if (p.ports && p.ports.length) { F.port.value = p.ports[0].port; F.security.value = p.ports[0].security; }
    var m = /<region>|REGION/.exec(F.host.value);
    if (m) { F.host.focus(); F.host.setSelectionRange(m.index, m.index + m[0].length); }
    else revealVerdict = true;
    scheduleSettings();
  });
  F.host.addEventListener("input", function () {
    // A host typed by hand that is not the chosen provider's unsets the provider.
    var p = providerList.filter(function (x) { return x.id === F.provider.value; })[0];
    if (p && p.hosts.indexOf(F.host.value.trim()) < 0 && !/<region>|REGION/.test(F.host.value)) F.provider.value = "";
  });
  // loadIntoForm puts settings read from a paste into the form (never a
  // password: the paste box only knows whether one was there).
  function loadIntoForm(s) {
    F.provider.value = "";
    F.host.value = s.host || "";
    F.port.value = s.port ? String(s.port) : "";
    ["security", "auth", "use", "environment", "library"].forEach(function (k) {
      var v = s[k] || (k === "environment" ? "unknown" : "");
      if (Array.prototype.some.call(F[k].options, function (o) { return o.value === v; })) F[k].value = v;
    });
    F.username.value = s.username || "";
    scheduleSettings();
    $("check-h").scrollIntoView();
    F.host.focus({ preventScroll: true });
  }
  // Nothing here is ever submitted: there is no form element, and no field has a name.

  whenReady(function () {
    updateSettings(); // first: the worker answers in order, and the verdict is what is awaited
    if (!lastAsked) firstShown();
    // The text boxes below the form and the provider list (an option per
    // known provider) come after the first verdict has been painted, not in
    // the same frame.
    firstAnswer.then(function () {
      requestAnimationFrame(function () { setTimeout(function () {
        placeFields();
        wp.providers().then(function (list) {
          providerList = list || [];
          var keep = F.provider.value;
          providerList.forEach(function (p) { F.provider.appendChild(el("option", { value: p.id, text: p.name })); });
          F.provider.value = keep;
        });
      }); });
    });
  });

  // ---- Paste my config ----
  // pasteBlock is the block the person picked (0: the engine's choice);
  // a new text starts over.
  var pasteIn = null, pasteSeq = 0, pasteBlock = 0, pasteText = "";
  function updatePaste() {
    if (!wp || !pasteIn) return;
    var text = pasteIn.value, my = ++pasteSeq;
    if (text !== pasteText) { pasteText = text; pasteBlock = 0; }
    if (!text.trim()) { clear($("paste-result")); $("paste-status").textContent = ""; return; }
    wp.parse(text, pasteBlock).then(function (p) {
      if (my !== pasteSeq) return;
      if (p.ok || !pasteBlock) { showParsed(text, p, my); return; }
      // The block picked cannot be read: say so, and read the default one
      // again, so the picker stays.
      var why = "Block " + pasteBlock + " could not be read: " + (p.error && p.error.message || "unknown error") + ".";
      pasteBlock = 0;
      wp.parse(text, 0).then(function (q) {
        if (my !== pasteSeq) return;
        showParsed(text, q, my);
        $("paste-result").insertBefore(el("p", { id: "paste-block-error", class: "note", text: why }), $("paste-result").firstChild);
      });
    });
  }
  function lineWords(ns) {
    return (ns.length === 1 ? "Line " : "Lines ") + ns.slice(0, -1).join(", ") + (ns.length > 1 ? " and " : "") + ns[ns.length - 1];
  }
  function blockWords(b) { return (b.label || b.name) + " (lines " + b.first_line + "–" + b.last_line + ")"; }
  // What was read out of a text with several blocks, lines skipped, and a
  // placeholder host: said before the verdict, a placeholder prominently.
  function pasteContext(p) {
    var out = [], bs = p.blocks || [];
    if (bs.length > 1) {
      var pick = el("select", { id: "paste-block", onchange: function () { pasteBlock = +pick.value; updatePaste(); } },
        bs.map(function (b, i) { return el("option", { value: String(i + 1), text: (i + 1) + ". " + blockWords(b) }); }));
      pick.value = String(p.block);
      out.push(el("div", { class: "block-pick" },
        el("p", { id: "paste-which" }, "This text holds " + bs.length + " blocks; the report is about block " + p.block + ": ",
          el("strong", { text: blockWords(bs[p.block - 1] || {}) }), "."),
        el("label", { for: "paste-block", text: "Read another block" }), pick));
    }
    if (p.skipped_lines && p.skipped_lines.length) {
      out.push(el("p", { id: "paste-skipped", class: "note", text: lineWords(p.skipped_lines) + (p.skipped_lines.length === 1 ? " was" : " were") + " skipped (not configuration)." }));
    }
    if (p.placeholder) {
      out.push(el("p", { id: "paste-placeholder", class: "placeholder" }, sev("warning", "Placeholder"), " ",
        el("code", { text: p.placeholder }), " is a placeholder, not a server to check: put your provider's SMTP host there."));
    }
    return out;
  }
  // The live check of the host read; never of a placeholder.
  function pasteLive(p) {
    var host = p.settings.host;
    if (!host && !p.placeholder) return null;
    var b = el("button", { type: "button", class: "secondary", id: "paste-live", text: "Check " + (p.placeholder || host) + " live",
      onclick: function () { startCheck(host, true); $("server").scrollIntoView(); } });
    if (!p.placeholder) return b;
    b.disabled = true;
    b.setAttribute("aria-describedby", "paste-live-why");
    return el("p", null, b, " ", el("span", { id: "paste-live-why", class: "note", text: "No live check: the host is a placeholder." }));
  }
  function showParsed(text, p, my) {
    var out = clear($("paste-result")), status = $("paste-status");
    if (!p.ok) {
      var e = p.error || {};
      status.textContent = "Could not read this" + (e.line ? " (line " + e.line + ")" : "") + ": " + (e.message || "unknown format") + ".";
      return;
    }
    var r = p.report;
    var fw = formatWord(p.format, text), lw = libraryWord(p.library);
    // One line, announced: what it was read as, then the verdict.
    clear(status).appendChild(el("span", { id: "paste-format", "data-format": p.format, "data-library": p.library },
      "Read as ", el("strong", { text: fw }), lw && fw.toLowerCase().indexOf(lw.toLowerCase()) < 0 ? " (" + lw + ")" : "", ". "));
    status.appendChild(verdictEl(r));
    var s = p.settings;
    add(out, pasteContext(p));
    out.appendChild(reportEl(r, { host: s.host, port: s.port, security: s.security }, false, true));
    out.appendChild(el("button", { type: "button", class: "secondary", id: "paste-load", text: "Open these settings in Check my settings", onclick: function () { loadIntoForm(s); } }));
    add(out, pasteLive(p));
    // Notes said above already (placeholder, blocks, skipped lines) are left out.
    var said = /is a placeholder, not a server|^the text holds \d+ blocks|^the file has \d+ accounts|^left out lines? [\d, and]+, which/;
    var notes = (p.notes || []).filter(function (n) { return !said.test(n); });
    if (notes.length) {
      out.appendChild(el("p", { class: "k", text: "Also noticed:" }));
      out.appendChild(el("ul", { id: "paste-notes" }, notes.map(function (n) { return el("li", { text: n }); })));
    }
    var fixed = fixedSettings(s, r);
    var fixedBox = out.appendChild(el("div", { id: "paste-fixed-box" }));
    wp.rewrite(text, fixed, p.block || 0).then(function (rw) { if (my === pasteSeq) showRewrite(fixedBox, text, rw, r); });
  }
  function showRewrite(out, text, rw, r) {
    out.appendChild(el("h3", { id: "paste-fixed-h", text: "Your config, fixed" }));
    if (!rw.ok) {
      out.appendChild(el("p", { text: "Could not rewrite it: " + (rw.error && rw.error.message || "unknown error") + ". Apply the settings above by hand." }));
    } else if (rw.text === text) {
      out.appendChild(el("p", { id: "paste-unchanged", text: "Nothing to change in host, port or TLS mode" + (r.verdict === "ok" ? "." : "; the findings above say what else to fix.") }));
    } else {
      out.appendChild(el("div", { class: "code" }, el("pre", { id: "paste-fixed", "aria-labelledby": "paste-fixed-h" }, el("code", { text: rw.text })),
        copyButton(function () { return rw.text; }, "Copy fixed config")));
    }
  }
  withFields(function () {
    pasteIn = $("paste-input");
    pasteIn.addEventListener("input", debounce(updatePaste, 200));
    whenReady(updatePaste);
  });

  // ---- Explain my error ----
  var errIn = null, errorSeq = 0;
  function updateError() {
    if (!wp || !errIn) return;
    var text = errIn.value, my = ++errorSeq;
    if (!text.trim()) { clear($("error-result")); $("error-status").textContent = ""; return; }
    wp.explainError(text).then(function (ms) { if (my === errorSeq) showErrors(ms || []); });
  }
  function showErrors(ms) {
    var out = clear($("error-result")), status = $("error-status");
    if (!ms.length) {
      status.textContent = "No known error recognised. Paste more of the log, or the exact message.";
      return;
    }
    // A cause the words cannot tell from another (alternative_of: the
    // error's id) is one error: shown under it after "Or:", not counted.
    var errs = ms.filter(function (m) { return !m.alternative_of; });
    // The title is right below; said here only to screen readers.
    clear(status).appendChild(document.createTextNode(errs.length === 1 ? "Recognised 1 error" : "Recognised " + errs.length + " errors"));
    status.appendChild(el("span", { class: "vh", text: ": " + errs.map(function (m) { return m.title; }).join("; ") }));
    status.appendChild(document.createTextNode("."));
    out.appendChild(el("ul", { class: "findings", id: "error-matches" }, errs.map(function (m) {
      var where = el("p", null, el("span", { class: "k", text: m.line ? "Line " + m.line + ": " : "Matched: " }), el("code", { text: m.excerpt }));
      var li = findingEl(m, false, where);
      ms.forEach(function (a) {
        if (a.alternative_of === m.id) li.appendChild(el("div", { class: "or", "data-id": a.id },
          el("p", null, el("span", { class: "k", text: "Or: " }), el("strong", null, rich(a.title))),
          el("p", null, el("span", { class: "k", text: "Why: " }), rich(a.cause)),
          el("p", null, el("span", { class: "k", text: "Fix: " }), rich(a.fix)),
          refsEl(a.refs)));
      });
      return li;
    })));
  }
  withFields(function () {
    errIn = $("error-input");
    errIn.addEventListener("input", debounce(updateError, 200));
    whenReady(updateError);
  });

  // ---- Check a server: check.js, loaded when a check starts ----
  globalThis.whichportPage = { $: $, el: el, add: add, clear: clear, rich: rich, sev: sev, secWord: secWord, dotted: dotted, findingEl: findingEl, copyButton: copyButton };
  var checkCode = null;
  function loadCheck() {
    if (!checkCode) checkCode = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = "/static/check.js";
      s.onload = function () { resolve(globalThis.whichportCheck); };
      s.onerror = function () { checkCode = null; reject(new Error("could not load check.js")); };
      document.head.appendChild(s);
    });
    return checkCode;
  }
  function startCheck(domain, push) {
    placeFields();
    loadCheck().then(function (c) { c.start(domain, push); }, function () {
      $("check-status").textContent = "The live check could not load. Are you offline? The checks above still work offline.";
    });
  }
  withFields(function () {
    $("check-domain").addEventListener("focus", function () { loadCheck().catch(function () {}); });
    $("check-form").addEventListener("submit", function (e) {
      e.preventDefault();
      startCheck($("check-domain").value, true);
    });
  });

  // The embedding examples name this server.
  ["embed-iframe", "embed-script"].forEach(function (id) {
    var n = $(id);
    if (n && location.protocol !== "file:") { n = n.firstElementChild || n; n.textContent = n.textContent.split("https://whichport.example").join(location.origin); }
  });

  function fromPath() {
    var m = /^\/check\/([^\/]+)\/?$/.exec(location.pathname);
    if (!m) return;
    var d;
    try { d = decodeURIComponent(m[1]); } catch (err) { return; }
    startCheck(d, false);
    if (!location.hash) $("server").scrollIntoView();
  }
  fromPath();
  addEventListener("popstate", fromPath);
  var templates = Array.prototype.slice.call(document.querySelectorAll("main template"));
  var fieldSections = templates.map(function (t) { return t.closest("section"); });
  var hashId = location.hash.slice(1), target = hashId && $(hashId);
  if (hashId && templates.some(function (t) { return t.content.getElementById(hashId); })) { placeFields(); $(hashId).scrollIntoView(); }
  else if (target && fieldSections.some(function (s) { return s.contains(target); })) placeFields();
  else if (fieldsSeen) fieldSections.forEach(function (s) { fieldsSeen.observe(s); });

  // ---- offline and installation ----
  // The service worker is registered, and the web app manifest linked, once
  // the page has loaded and the engine has given its first answer (or
  // failed). The service worker's install caches every file, the module
  // included, which then comes from the HTTP cache instead of being
  // downloaded a second time. A manifest link makes Chrome check whether the
  // page is installable: its browser process fetches the manifest and
  // downloads, decodes and scales an icon. Neither competes with the engine's
  // start and first verdict this way (scripts/ready-floor.mjs: the manifest
  // linked from the head cost about 50 ms at 1x CPU).
  var loaded = document.readyState === "complete" ? Promise.resolve() : new Promise(function (res) { addEventListener("load", res); });
  var engine = globalThis.whichport && globalThis.whichport.ready || Promise.resolve();
  Promise.all([loaded, engine.then(function () { return firstAnswer; }, function () {})]).then(function () {
    document.head.appendChild(el("link", { rel: "manifest", href: "/manifest.webmanifest" }));
    if ("serviceWorker" in navigator && location.protocol !== "file:") navigator.serviceWorker.register("/sw.js").catch(function () {});
  });
})();
