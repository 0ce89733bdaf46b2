// preview.mjs serves frontend/static the way the api server lays it out
// (/, /embed, /check/<domain>, /sw.js, /manifest.webmanifest, /static/...),
// without hashing, plus a canned /api/v1/check stream, so the page can be
// worked on before the server is ready. Loopback only; talks to no one.
//
//   node frontend/preview.mjs [port]      (default 8099)
//
// Domains for the fake check: anything.example streams a made-up check;
// "slow.example" is slower; "budget.example" runs out of its time budget
// (error {budget}, then a partial summary and done, one probe unfinished); "bad..example" answers 400; "limit.example" 429.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("static/", import.meta.url));
const port = Number(process.argv[2] || 8099);
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
  ".json": "application/json"
};

async function file(res, name) {
  const p = normalize(join(dir, name));
  if (!p.startsWith(dir)) { res.writeHead(404).end(); return; }
  try {
    const body = await readFile(p);
    res.writeHead(200, { "content-type": types[extname(p)] || "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fakeProbe(id, kind, host, port, mode, fail) {
  const steps = mode === "implicit"
    ? ["connect", "tls", "greeting", "ehlo"]
    : ["connect", "greeting", "ehlo", "starttls", "tls", "ehlo-after-tls"];
  const out = [];
  let ms = 0;
  for (const name of steps) {
    ms += 10 + Math.round(Math.random() * 80);
    const ok = !(fail && name === "connect");
    out.push({ name, ok, ms, detail: ok ? "" : "i/o timeout after 10s" });
    if (!ok) break;
  }
  const transcript = fail ? [{ ms: 10000, dir: "i", text: "connect: i/o timeout" }] : [
    { ms: 20, dir: "s", text: "220 " + host + " ESMTP ready" },
    { ms: 21, dir: "c", text: "EHLO whichport.invalid" },
    { ms: 40, dir: "s", text: "250-" + host }, { ms: 40, dir: "s", text: "250-PIPELINING" },
    { ms: 40, dir: "s", text: "250 STARTTLS" }, { ms: 41, dir: "c", text: "STARTTLS" },
    { ms: 60, dir: "s", text: "220 2.0.0 Ready to start TLS" }, { ms: 90, dir: "i", text: "TLS 1.3, TLS_AES_128_GCM_SHA256, certificate verified" },
    { ms: 91, dir: "c", text: "EHLO whichport.invalid" }, { ms: 110, dir: "s", text: "250-" + host }, { ms: 110, dir: "s", text: "250 AUTH PLAIN LOGIN" },
    { ms: 111, dir: "c", text: "QUIT" }, { ms: 120, dir: "s", text: "221 2.0.0 Bye" }
  ];
  const result = {
    host, port, mode, from: "preview (127.0.0.1)", ms,
    addresses: [{ ip: "192.0.2." + id, outcome: fail ? "timeout" : "ok", steps: out, transcript, error: fail ? "i/o timeout" : "" }],
    steps: out, transcript,
    ehlo: { before: null, after: fail ? null : { starttls: false, auth: ["PLAIN", "LOGIN"], size: 0, pipelining: true } },
    tls: fail ? null : {
      version: "TLS 1.3", cipher: "TLS_AES_128_GCM_SHA256", verified: true, hostname_match: true,
      chain: [
        { subject: "CN=" + host, sans: [host], issuer: "CN=Example CA R1", not_before: "2026-09-01T00:00:00Z", not_after: "2026-12-01T00:00:00Z", key_type: "ECDSA", key_bits: 256, signature_algorithm: "SHA256-RSA", sha256: "ab".repeat(32) },
        { subject: "CN=Example CA R1", sans: [], issuer: "CN=Example Root", not_before: "2024-01-01T00:00:00Z", not_after: "2029-01-01T00:00:00Z", key_type: "RSA", key_bits: 2048, signature_algorithm: "SHA256-RSA", sha256: "cd".repeat(32) }
      ]
    },
    findings: fail ? [{ id: "probe-timeout", severity: "error", title: "Port " + port + " timed out from our server", detail: "Nothing answered within 10 s. A firewall drops the connection.", fix: "Use 587 or 465.", refs: [] }] : []
  };
  return { id, kind, host, port, mode, steps: out, result };
}

async function check(req, res, url) {
  const domain = (url.searchParams.get("domain") || "").toLowerCase();
  const stream = url.searchParams.get("stream") === "1" || (req.headers.accept || "").includes("text/event-stream");
  if (!domain || domain.includes("..") || domain.startsWith("bad")) {
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "that is not a domain name", field: "domain" }));
    return;
  }
  if (domain.startsWith("limit")) {
    res.writeHead(429, { "content-type": "application/json", "retry-after": "30" }).end(JSON.stringify({ error: "too many checks from your address" }));
    return;
  }
  const slow = domain.startsWith("slow") ? 4 : 1;
  const plan = [
    [1, "mx", "mx1." + domain, 25, "starttls", false],
    [2, "mx", "mx2." + domain, 25, "starttls", true],
    [3, "submission", "smtp." + domain, 587, "starttls", false],
    [4, "submission", "smtp." + domain, 465, "implicit", false]
  ];
  const probes = plan.map((p) => fakeProbe(...p));
  const mx = { domain, status: "mx", hosts: [{ preference: 10, host: "mx1." + domain, addrs: ["192.0.2.1"] }, { preference: 20, host: "mx2." + domain, addrs: ["192.0.2.2"] }], dnssec: false };
  const summary = { findings: [{ id: "mx-port-25-timeout", severity: "warning", title: "mx2." + domain + " did not answer on port 25", detail: "One of two MX hosts timed out from our server.", fix: "Check the firewall of mx2.", refs: [{ name: "RFC 5321", url: "https://www.rfc-editor.org/rfc/rfc5321" }] }], summary: domain + " receives mail on mx1; mx2 timed out. Submission works on 587 (STARTTLS) and 465 (implicit TLS)." };
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ domain, from: "preview (127.0.0.1)", warning: "", mx, discovery: [], probes: probes.map(({ steps, ...p }) => p), ...summary, ms: 1234 }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  const send = (event, data) => res.write("event: " + event + "\ndata: " + JSON.stringify(data) + "\n\n");
  const budget = domain.startsWith("budget");
  send("start", { domain, from: "preview (127.0.0.1)", warning: "These probes ran from preview (127.0.0.1), not from your computer or server. Your own network may block ports that this server can reach (many clouds and home ISPs block port 25, some block 465 and 587), so a port that answers here can still time out for you." });
  await sleep(150 * slow);
  send("dns", { kind: "mx", data: mx });
  send("dns", { kind: "mta-sts", data: { found: false } });
  for (const p of probes) send("planned", { id: p.id, kind: p.kind, host: p.host, port: p.port, mode: p.mode });
  for (const p of probes) {
    for (const s of p.steps) {
      if (budget && p.id === 4 && s.name === "tls") break;
      await sleep(120 * slow); send("step", { id: p.id, ip: p.result.addresses[0].ip, step: s });
    }
    if (budget && p.id === 4) break;
    send("probe", { id: p.id, kind: p.kind, host: p.host, port: p.port, mode: p.mode, result: p.result });
  }
  summary.summary += (budget ? " The check ran out of time, so some results are missing." : "") + " Probed from preview (127.0.0.1); your own network may differ.";
  if (budget) send("error", { error: "the check took longer than its time budget of 45s; try again, or check fewer hosts", budget: true });
  send("summary", { ...summary, partial: budget });
  send("done", { ms: 2345, partial: budget });
  res.end();
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  const p = url.pathname;
  if (p === "/api/v1/check") return check(req, res, url);
  if (p === "/" || p.startsWith("/check/")) return file(res, "index.html");
  if (p === "/embed") return file(res, "embed.html");
  if (p === "/sw.js" || p === "/manifest.webmanifest") return file(res, p.slice(1));
  if (p.startsWith("/static/")) return file(res, decodeURIComponent(p.slice(8)));
  res.writeHead(404).end("not found");
}).listen(port, "127.0.0.1", () => console.log("preview on http://127.0.0.1:" + port + "/"));
