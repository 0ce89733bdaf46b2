// Layout in headless Debian chromium (issue 9): on a phone the verdict comes
// into view after a provider is chosen and the code to paste is within one
// screen of it; the embed snippets, put in a 360 px and a 700 px column of a
// page on another origin, show the whole verdict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './harness.mjs';
import { phoneDistances, embedSnippets, embedHeights } from './layout.mjs';

let server, b;
before(async () => { server = await startServer(); b = await launch(); });
after(async () => { await b?.close(); await server?.stop(); });

test('phone: the verdict comes into view and the code is within one screen of it', async (t) => {
  for (const height of [640, 740]) {
    const d = await phoneDistances(b.context, server.base, { width: 360, height });
    t.diagnostic(`360x${height}: verdict top ${d.verdictTopAfterProvider} px after choosing a provider; verdict to code ${d.verdictToCode} px (${d.screens} screens)`);
    assert.ok(d.verdictInView, `360x${height}: the verdict is in view after choosing a provider (top at ${d.verdictTopAfterProvider})`);
    assert.ok(d.codeTopFromVerdictTop < height, `360x${height}: the code starts ${d.codeTopFromVerdictTop} px below the verdict's top, more than a screen`);
    assert.match(d.code, /createTransport/, 'the code is for the library chosen in the form');
  }
});

test('embed: both snippets fit the widget in a 360 px and a 700 px column on another origin', async (t) => {
  const snips = await embedSnippets(b.context, server.base);
  assert.match(snips.iframe, /<iframe /);
  assert.match(snips.script, /embed\.js/);
  let needed360 = 0;
  for (const [name, html] of Object.entries(snips)) {
    for (const h of await embedHeights(b.context, html, [360, 700])) {
      if (h.column === 360) needed360 = Math.max(needed360, h.needed);
      t.diagnostic(`${name} in a ${h.column} px column: frame ${h.frameWidth}x${h.frameHeight}, widget needs ${h.needed}`);
      assert.ok(h.verdictVisible, `${name} at ${h.column} px: the verdict and its reasons are inside the frame (${h.frameHeight} px, needs ${h.needed})`);
      assert.ok(h.allVisible, `${name} at ${h.column} px: the link to the full page is inside the frame`);
      assert.ok(h.frameHeight - h.needed < 60, `${name} at ${h.column} px: the frame (${h.frameHeight}) fits the widget (${h.needed}) without a large gap`);
      assert.ok(h.hostOverflow <= 0, `${name} at ${h.column} px: the host page scrolls sideways`);
    }
  }
  // Without its script, the iframe's documented height still fits the
  // widget at 360 px.
  const documented = +/height="(\d+)"/.exec(snips.iframe)[1];
  t.diagnostic(`iframe without its script: documented height ${documented}, widget needs ${needed360} at 360 px`);
  assert.ok(documented >= needed360, `the documented height (${documented}) fits the widget at 360 px (${needed360})`);
});
