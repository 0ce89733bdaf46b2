// Smoke test of the browser module's JS API under Node (no browser needed):
//   make wasm && node --test wasm/
// It loads frontend/static/whichport.wasm with Go's wasm_exec.js and checks
// the shapes the page relies on. Values come from the rules engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

async function load() {
  if (globalThis.whichport?.loaded) return globalThis.whichport;
  await import(root + "frontend/static/wasm_exec.js");
  const go = new globalThis.Go();
  const bytes = await readFile(root + "frontend/static/whichport.wasm");
  const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
  go.run(instance);
  const wp = globalThis.whichport;
  assert.ok(wp, "whichport set");
  return wp.ready;
}

test("API is exported", async () => {
  const wp = await load();
  for (const f of ["explain", "explainAgainst", "parse", "rewrite", "explainError", "snippet", "snippets", "providers", "provider", "detectProvider"]) {
    assert.equal(typeof wp[f], "function", f);
  }
  assert.equal(typeof wp.version, "string");
});

test("explain returns a report with the JSON names", async () => {
  const wp = await load();
  const r = wp.explain({ host: "smtp.gmail.com", port: "587", security: "starttls", password: "secret" });
  for (const k of ["verdict", "settings", "provider", "findings", "recommended", "alternatives"]) assert.ok(k in r, k);
  assert.ok(["ok", "warning", "error"].includes(r.verdict));
  assert.ok(Array.isArray(r.findings));
  assert.equal(r.settings.port, 587);
  assert.equal(r.settings.password_present, true);
  assert.ok(!JSON.stringify(r).includes("secret"), "password never comes back");
});

test("explain tolerates junk", async () => {
  const wp = await load();
  for (const v of [undefined, null, 5, "x", [], { port: "abc" }, { port: 99999 }]) {
    const r = wp.explain(v);
    assert.ok(r.verdict !== undefined);
  }
});

test("parse answers ok or a line-numbered error", async () => {
  const wp = await load();
  const p = wp.parse("smtps://user@smtp.example.com:465");
  assert.equal(typeof p.ok, "boolean");
  if (p.ok) {
    assert.equal(p.format, "url");
    assert.equal(p.settings.port, 465);
    assert.ok(p.report.verdict);
  } else {
    assert.equal(typeof p.error.line, "number");
    assert.equal(typeof p.error.message, "string");
  }
  const bad = wp.parse("");
  assert.equal(bad.ok, false);
});

test("explainAgainst takes an embed preset", async () => {
  const wp = await load();
  const r = wp.explainAgainst({ host: "smtp.example.com", port: 465, security: "implicit" },
    { name: "Example Mail", host: "smtp.example.com", pairs: "587:starttls,465:implicit,bogus,70000:starttls" });
  assert.ok(r.verdict);
  const u = wp.explainAgainst({}, { pairs: "nonsense" });
  assert.equal(u.ok, false);
});

test("lists are arrays", async () => {
  const wp = await load();
  assert.ok(Array.isArray(wp.providers()));
  assert.ok(Array.isArray(wp.snippets({ host: "smtp.example.com", port: 587, security: "starttls" })));
  assert.ok(Array.isArray(wp.explainError("Error: wrong version number")));
  const s = wp.snippet("nodemailer", { host: "smtp.example.com", port: 587, security: "starttls" });
  assert.ok(s === null || typeof s.code === "string");
  const rw = wp.rewrite("smtp://smtp.example.com:25", { host: "smtp.example.com", port: 587, security: "starttls" });
  assert.equal(typeof rw.ok, "boolean");
});

test("values cross the bridge intact", async () => {
  const wp = await load();
  const r = wp.explain({ host: "smtp.gmail.com", port: 465, security: "starttls" });
  assert.equal(r.verdict, "error", "STARTTLS on 465 will fail");
  const f = r.findings.find((x) => x.severity === "error");
  assert.ok(f && f.title && Array.isArray(f.refs));
  for (const k of ["id", "severity", "title", "detail", "fix", "setting", "refs"]) assert.ok(k in f, "finding." + k);
  assert.equal(typeof r.recommended.port, "number");

  const p = wp.parse("smtps://me%40example.com:pw@smtp.gmail.com:465");
  assert.equal(p.ok, true);
  assert.equal(p.format, "url");
  assert.equal(p.settings.host, "smtp.gmail.com");
  assert.equal(p.settings.password_present, true);
  assert.ok(!JSON.stringify(p).includes(":pw@"), "the parsed result holds no password");

  const g = wp.provider("gmail");
  assert.ok(g && g.hosts.includes("smtp.gmail.com"));
  assert.equal(wp.provider("no-such-provider"), null);
  assert.ok(wp.portFacts().some((x) => x.port === 587 && x.security === "starttls"));
  assert.ok(wp.environments().some((e) => e.id === "aws" && e.blocks.includes(25)));

  const a = wp.explainAgainst({ host: "smtp.example.com", port: 465, security: "starttls" },
    { name: "Example Mail", host: "smtp.example.com", pairs: "587:starttls,465:implicit" });
  assert.equal(a.verdict, "error");
  assert.notEqual(wp.explainAgainst({ host: "smtp.sendgrid.net", port: 587, security: "starttls" }, "sendgrid").verdict, "error");
});

test("parse says which block it read, the others, skipped lines and placeholders", async () => {
  const wp = await load();
  const rc = "defaults\ntls on\n\naccount work\nhost smtp.work-mail.net\nport 587\n\naccount home\nhost mail.home-isp.org\nport 465\ntls_starttls off\n";
  const p = wp.parse(rc);
  assert.equal(p.ok, true);
  assert.equal(p.block, 1);
  assert.deepEqual(p.blocks.map((b) => b.label), ["work: smtp.work-mail.net", "home: mail.home-isp.org"]);
  assert.deepEqual([p.blocks[1].first_line, p.blocks[1].format], [8, "msmtp"]);
  const q = wp.parse(rc, 2);
  assert.equal(q.block, 2);
  assert.equal(q.settings.host, "mail.home-isp.org");
  assert.equal(q.settings.port, 465);
  assert.equal(wp.parse(rc, 3).ok, false);
  // The rewrite of block 2 leaves block 1 as it was.
  const rw = wp.rewrite(rc, { port: 587, security: "starttls" }, 2);
  assert.equal(rw.ok, true);
  assert.equal(wp.parse(rw.text, 1).settings.port, 587);
  assert.equal(wp.parse(rw.text, 2).settings.port, 587);
  assert.equal(wp.parse(rw.text, 2).settings.security, "starttls");
  assert.match(rw.text, /host mail.home-isp.org\nport 587/);

  const ph = wp.parse("MAIL_HOST=smtp.example.com\nMAIL_PORT=587\n");
  assert.equal(ph.placeholder, "smtp.example.com");
  assert.deepEqual(ph.blocks, []);
  assert.equal(ph.block, 0);
  const sk = wp.parse("MAIL_HOST=smtp.gmail.com\nnow set the port\nMAIL_PORT=587\n");
  assert.deepEqual(sk.skipped_lines, [2]);
  assert.equal(sk.placeholder, "");
});
