// "Checker ready" against its floor, side by side (make bench runs it).
//
// Checker ready is the time from navigation start to the first verdict on
// screen (e2e/page.mjs verdictReady: it types smtp.gmail.com:587 into the
// settings form as soon as the form exists). The floor is the same for the
// smallest Go browser module: scripts/floor, built with the browser module's
// own flags (make wasm-module), whose Web Worker only posts "ready", shown by
// a page with nothing else (scripts/floor/floor.html).
//
// One server serves both (the real binary with --static-dir pointing at a
// copy of frontend/static with the floor added under /static/floor/), so
// compression, hashed names and headers are the same. Each round loads the
// floor and the page once each, alternating which goes first, every load cold
// (fresh profile: no HTTP cache, no service worker) in headless Debian
// chromium, at 1x and 4x CPU throttling. Prints medians and their ratio.
//
//   RUNS=9 node scripts/ready-floor.mjs          (needs `make wasm` first)
//   DETAIL=1 ...  also prints, per page, the median time each resource was
//                 requested and received, when page events fired and each
//                 stage of the engine's start (whichport.timings).
//   CONTENT=1 ... adds the floor with the page's own HTML and stylesheet,
//                 and prints the checker's ratio to it too: the share of
//                 whichport's engine and app.js alone.
//   VARIANTS=a.html,b.html ... adds other versions of index.html (served
//                 from /static/floor/, same engine), to compare page
//                 structures in one run.
//   TRACES=dir    saves a Chrome trace of the first three loads of each page
//                 at each rate there (these loads are slower: tracing costs).
//   DUMP=prefix   writes every load's ready time and timeline (DETAIL) to
//                 prefix-1x.json, prefix-4x.json, for a closer look.
//   BROWSER_UI=1  keeps the browser's own WebUI omnibox popup. Headless
//                 chromium 156 loads it (chrome://omnibox-popup.top-chrome,
//                 in a "WebUI Top Renderer" process) at every launch, and
//                 it takes about one of this machine's two cores for the
//                 first 1.5 s: during both pages' loads, as browser start-up
//                 work that a visitor's already-running browser has done
//                 long before. So by default it is turned off
//                 (--disable-features=WebUIOmniboxPopup,...), for both pages.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { root, startServer, launch, chromiumArgs } from '../e2e/harness.mjs';
import { verdictReady } from '../e2e/page.mjs';

const runs = Number(process.env.RUNS || 9);
const rates = (process.env.RATES || '1,4').split(',').map(Number);
const detail = !!process.env.DETAIL;
const content = !!process.env.CONTENT;
const browserUI = !!process.env.BROWSER_UI;
const traces = process.env.TRACES || '';
const dump = process.env.DUMP || '';
const contentName = 'floor with the page\'s content';
const launchArgs = browserUI ? chromiumArgs
  : [...chromiumArgs, '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup'];

const dir = mkdtempSync(join(tmpdir(), 'whichport-floor-'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function floorReady() {
  const v = document.querySelector('#out[data-verdict]');
  return v ? performance.now() : false;
}

// Page events, recorded from navigation start (installed before any script).
function recordEvents() {
  const t = (globalThis.__times = {});
  const mark = (name) => () => { if (!(name in t)) t[name] = performance.now(); };
  addEventListener('DOMContentLoaded', mark('DOMContentLoaded'));
  addEventListener('load', mark('load'));
  addEventListener('whichport-ready', mark('whichport-ready'));
  new PerformanceObserver((l) => { for (const e of l.getEntries()) t[e.name] = e.startTime; })
    .observe({ type: 'paint', buffered: true });
  const long = (globalThis.__long = []);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
}

// watchReady runs in the page: it calls ready on every animation frame
// until it returns a time, and keeps that time.
function watchReady(ready) {
  const tick = () => {
    const t = ready();
    if (t === false) requestAnimationFrame(tick);
    else globalThis.__readyAt = t;
  };
  requestAnimationFrame(tick);
}

// readyTime waits for watchReady's time (ms from navigation start).
async function readyTime(cdp) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'globalThis.__readyAt', returnByValue: true });
    if (typeof result.value === 'number') return result.value;
    if (Date.now() > deadline) throw new Error('not ready within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// load opens url cold at the given CPU rate and returns the ready time and,
// when detailed, a timeline: [what, ms from navigation start].
async function load(url, rate, ready, traceTo) {
  const b = await launch({ args: launchArgs });
  try {
    const page = b.context.pages()[0] || await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const requests = [];
    if (detail) {
      await page.addInitScript(recordEvents);
      page.on('requestfinished', (r) => requests.push(r));
    }
    // The ready check runs in the page on every animation frame, from an
    // init script, and its result is read over CDP. Playwright's
    // waitForFunction would first inject Playwright's own large script into
    // the page, compiled on its main thread just as both pages start their
    // Web Workers: 0.1-0.5 s of main-thread work that belongs to the
    // harness, not to either page.
    await page.addInitScript(`(${watchReady})(${ready})`);
    const events = [];
    if (traceTo) {
      cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
      await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,blink.user_timing,loading,v8.execute', transferMode: 'ReportEvents' });
    }
    await page.goto(url, { waitUntil: 'commit' });
    const ms = await readyTime(cdp);
    if (traceTo) {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      writeFileSync(traceTo, JSON.stringify(events));
    }
    const timeline = [];
    if (detail) {
      const origin = await page.evaluate(() => performance.timeOrigin);
      for (const r of requests) {
        const t = r.timing(); // startTime is epoch ms; the rest are relative to it
        const name = new URL(r.url()).pathname.replace(/-[0-9a-f]{8}(\.\w+)$/, '$1');
        timeline.push([`${name} requested`, t.startTime - origin]);
        if (t.responseEnd > 0) timeline.push([`${name} received`, t.startTime + t.responseEnd - origin]);
      }
      for (const [k, v] of Object.entries(await page.evaluate(() => globalThis.__times || {}))) timeline.push([k, v]);
      // The engine's own stages (engine.js, engine-worker.js; the floor's
      // floor.js and floor-worker.js), up to the verdict.
      const stages = await page.evaluate(() => (globalThis.whichport && globalThis.whichport.timings) || globalThis.floorTimings || []);
      for (const [k, v] of stages) if (v <= ms) timeline.push([k, v]);
      // Main-thread tasks over 50 ms before the verdict: their total, and the longest.
      const long = (await page.evaluate(() => globalThis.__long || [])).filter(([start]) => start < ms);
      timeline.push(['(main-thread long tasks before ready: total ms)', long.reduce((a, [, d]) => a + d, 0)]);
      timeline.push(['(longest main-thread task before ready: ms)', Math.max(0, ...long.map(([, d]) => d))]);
    }
    return { ms, timeline };
  } finally {
    await b.close();
  }
}

function printTimeline(label, loads) {
  const byWhat = new Map();
  for (const l of loads) for (const [what, t] of l.timeline) {
    if (!byWhat.has(what)) byWhat.set(what, []);
    byWhat.get(what).push(t);
  }
  byWhat.set('ready (verdict on screen)', loads.map((l) => l.ms));
  const rows = [...byWhat].map(([what, ts]) => [what, median(ts), ts.length]).sort((a, b) => a[1] - b[1]);
  console.log(`  ${label}: median time from navigation start`);
  for (const [what, t, n] of rows) console.log(`    ${t.toFixed(0).padStart(6)} ms  ${what}${n < loads.length ? ` (${n} of ${loads.length} loads)` : ''}`);
}

let server;
try {
  // The floor module, built by the Makefile's rule for browser modules.
  const static_ = join(dir, 'static');
  cpSync(join(root, 'frontend', 'static'), static_, { recursive: true });
  mkdirSync(join(static_, 'floor'));
  for (const f of ['floor.html', 'floor.js', 'floor-worker.js']) cpSync(join(root, 'scripts', 'floor', f), join(static_, 'floor', f));
  const floorWasm = join(static_, 'floor', 'floor.wasm');
  execFileSync('make', ['-s', 'wasm-module', `WASM=${floorWasm}`, 'WASM_PKG=./scripts/floor'], { cwd: root, stdio: 'inherit' });
  execFileSync('go', ['run', './scripts/precompress', floorWasm], { cwd: root, stdio: 'inherit' });
  // CONTENT=1 adds a third page: the floor with the page's own content (its
  // HTML and stylesheet, floor.js in place of engine.js, loaded the same way,
  // and without app.js),
  // to tell the cost of the page's content from that of the engine.
  if (content) {
    const html = readFileSync(join(static_, 'index.html'), 'utf8');
    // The head's inline script starts the floor's worker instead of the
    // engine's (floor.js takes it over), so both pages start it alike.
    const withFloor = html.replace(/(<script data-worker=")[^"]*(")/, '$1/static/floor/floor-worker.js$2')
      .replace(/(<script src=")\/static\/engine\.js("[^>]*><\/script>)/, '$1/static/floor/floor.js$2')
      .replace('<script src="/static/app.js" defer></script>', '')
      .replace('<main id="main">', '<main id="main"><p id="out">Loading…</p>');
    if (!withFloor.includes('/static/floor/floor.js') || !withFloor.includes('data-worker="/static/floor/floor-worker.js"') || /engine-worker\.js"|src="\/static\/(engine|app)\.js"/.test(withFloor)) throw new Error('CONTENT=1: index.html no longer has the script tags this replaces');
    writeFileSync(join(static_, 'floor', 'content.html'), withFloor);
  }
  const size = (f) => readFileSync(f).length;
  server = await startServer(['--static-dir', static_]);
  const pages = [
    { name: 'floor', url: server.base + '/static/floor/floor.html', ready: floorReady },
    { name: 'checker', url: server.base + '/', ready: verdictReady },
  ];
  for (const [i, f] of (process.env.VARIANTS || '').split(',').filter(Boolean).entries()) {
    cpSync(f, join(static_, 'floor', `variant${i}.html`));
    pages.push({ name: `variant ${f}`, url: server.base + `/static/floor/variant${i}.html`, ready: verdictReady });
  }
  if (content) pages.push({ name: contentName, url: server.base + '/static/floor/content.html', ready: floorReady });
  console.log(`checker ready vs its floor: ${runs} cold loads each per CPU rate, interleaved; ` +
    `whichport.wasm ${(size(join(static_, 'whichport.wasm.br')) / 1024).toFixed(0)} KB brotli, ` +
    `floor.wasm ${(size(floorWasm + '.br') / 1024).toFixed(0)} KB brotli; browser UI ${browserUI ? 'on' : 'off'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // One load of each page first, not counted: the server's first responses
  // (and the system's first chromium start) are slower than any later one.
  for (const p of pages) await load(p.url, rates[0], p.ready);
  for (const rate of rates) {
    const got = Object.fromEntries(pages.map((p) => [p.name, []]));
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? [...pages].reverse() : pages;
      for (const p of order) {
        const traceTo = traces && i < 3 ? join(traces, `${p.name.replace(/\W+/g, '-')}-${rate}x-${i}.json`) : '';
        got[p.name].push(await load(p.url, rate, p.ready, traceTo));
      }
    }
    const f = median(got.floor.map((l) => l.ms)), c = median(got.checker.map((l) => l.ms));
    const list = (ls) => ls.map((l) => l.ms.toFixed(0)).join(', ');
    // The median of each round's own ratio (the page against the floor
    // loaded just before or after it) is printed too: it is less moved by
    // the machine's load drifting over a run.
    const paired = (ls, base = got.floor) => median(ls.map((l, i) => l.ms / base[i].ms)).toFixed(2);
    console.log(`${rate}x CPU: checker ready ${c.toFixed(0)} ms, floor ${f.toFixed(0)} ms, ratio ${(c / f).toFixed(2)}, ` +
      `per round ${paired(got.checker)} (medians; checker ${list(got.checker)}; floor ${list(got.floor)})`);
    for (const p of pages.slice(2)) {
      const m = median(got[p.name].map((l) => l.ms));
      console.log(`  ${p.name}: ready ${m.toFixed(0)} ms, ${(m / f).toFixed(2)}x the floor, per round ${paired(got[p.name])} (${list(got[p.name])})`);
    }
    // The checker against the floor with the page's own content: what
    // whichport's engine and app.js cost on top of the page itself.
    if (content) {
      const withPage = got[contentName], m = median(withPage.map((l) => l.ms));
      console.log(`  checker against the floor with the page's content: ${(c / m).toFixed(2)}x, per round ${paired(got.checker, withPage)}`);
    }
    if (detail) for (const p of pages) printTimeline(p.name, got[p.name]);
    if (dump) writeFileSync(`${dump}-${rate}x.json`, JSON.stringify(got));
  }
} finally {
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
