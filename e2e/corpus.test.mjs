// The page's error box and the API give the same first answer for real
// client texts: a sample of diagnose/testdata/corpus (every client, spread
// over the scenarios), pasted into the page in headless Debian chromium
// (the WebAssembly engine) and posted to /api/v1/explain-error (the server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, root } from './harness.mjs';
import { sel } from './page.mjs';

// readCorpus reads every CLIENT.txtar: entries of client, scenario, cause, text.
function readCorpus() {
  const dir = join(root, 'diagnose', 'testdata', 'corpus');
  const out = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.txtar')).sort()) {
    const client = f.replace(/\.txtar$/, '');
    let cur = null;
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const m = /^-- scenario=(\S+) cause=(\S+).* --$/.exec(line);
      if (m) { cur = { client, scenario: m[1], cause: m[2], text: '' }; out.push(cur); continue; }
      if (cur) cur.text += line + '\n';
    }
  }
  return out;
}

// Every fifth entry: all clients, most scenarios, a minute or so of typing.
const sample = readCorpus().filter((_, i) => i % 5 === 0);

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('the error box gives the API\'s first answer for real client texts', async () => {
  assert.ok(sample.length >= 40, `corpus sample of ${sample.length}`);
  const b = await launch();
  try {
    const page = b.context.pages()[0] || await b.context.newPage();
    await page.goto(server.base + '/');
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
    const mismatches = [];
    for (const e of sample) {
      const r = await fetch(server.base + '/api/v1/explain-error', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: e.text }),
      });
      assert.equal(r.status, 200);
      const api = (await r.json()).matches.map((m) => m.id);
      await page.fill(sel.error, '');
      await page.waitForFunction((s) => !document.querySelector(s + ' #error-matches'), sel.errorResult);
      await page.fill(sel.error, e.text);
      const first = await page.waitForFunction(
        (s) => document.querySelector(s + ' #error-matches li')?.dataset.id, sel.errorResult, { timeout: 10000 },
      ).then((h) => h.jsonValue());
      if (first !== api[0]) mismatches.push(`${e.client}/${e.scenario}: page ${first}, API ${api[0]}`);
    }
    assert.deepEqual(mismatches, []);
  } finally { await b.close(); }
});
