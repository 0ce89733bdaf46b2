// Layout measurements shared by the browser tests (layout.test.mjs) and the
// figures script (scripts/layout-figures.mjs): the phone path from choosing a
// provider to the code to paste, and the embed snippets inside a narrow column
// of a page on another origin.
import { createServer } from 'node:http';
import { freePort } from './harness.mjs';

// phoneDistances opens the page in a phone-sized viewport, goes to "Check my
// settings" as the table of contents does, chooses a provider, then a
// library, and measures (CSS px):
//   verdictInView: the verdict line is wholly inside the viewport right after
//     the provider is chosen;
//   verdictToCode: from the verdict line's bottom to the top of the code for
//     the chosen library, in page coordinates;
//   screens: that distance in viewport heights.
export async function phoneDistances(context, base, { width = 360, height = 740, provider = 'gmail', library = 'nodemailer' } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(base + '/');
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('#s-provider option').length > 1);
  await page.click('a[href="#check"]');
  await page.waitForTimeout(600); // smooth scrolling
  await page.selectOption('#s-provider', provider);
  await page.waitForFunction(() => !!document.querySelector('#settings-verdict [data-verdict]'));
  // Any scrolling the page does (smooth, and late on a busy machine) settles.
  await page.waitForFunction(() => {
    const r = document.querySelector('#settings-verdict').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(300);
  const afterProvider = await page.evaluate(() => {
    const r = document.querySelector('#settings-verdict').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, inView: r.top >= 0 && r.bottom <= innerHeight, viewport: innerHeight };
  });
  await page.selectOption('#s-library', library);
  await page.waitForFunction((lib) => {
    const pre = [...document.querySelectorAll('#snippets pre')].find((p) => p.offsetParent !== null);
    return pre && new RegExp(lib === 'nodemailer' ? 'createTransport' : '.').test(pre.textContent);
  }, library, { timeout: 10000 });
  await page.waitForTimeout(300);
  const d = await page.evaluate(() => {
    const v = document.querySelector('#settings-verdict').getBoundingClientRect();
    const pre = [...document.querySelectorAll('#snippets pre')].find((p) => p.offsetParent !== null);
    const c = pre.getBoundingClientRect();
    return { verdictToCode: Math.round(c.top - v.bottom), codeTopFromVerdictTop: Math.round(c.top - v.top), viewport: innerHeight, code: pre.textContent };
  });
  await page.close();
  return { verdictInView: afterProvider.inView, verdictTopAfterProvider: Math.round(afterProvider.top), ...d, screens: +(d.verdictToCode / d.viewport).toFixed(2) };
}

// hostPage serves, on its own loopback port (another origin than base), a
// page with a column of the given width holding one snippet.
export async function hostPage(snippetHTML, width) {
  const port = await freePort();
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Help centre</title>
<style>body{margin:0;font:16px sans-serif}.col{width:${width}px;margin:0 auto;background:#eee}</style></head>
<body><div class="col"><h1>Sending mail</h1><p>Check your settings:</p>${snippetHTML}<p id="after">After the widget.</p></div></body></html>`;
  const srv = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((r) => srv.listen(port, '127.0.0.1', r));
  // close also drops the browser's spare keep-alive sockets, which a plain
  // close waited out (about 5 minutes: chromium keeps unused sockets open).
  return { url: `http://localhost:${port}/`, close: () => new Promise((r) => { srv.close(r); srv.closeAllConnections(); }) };
}

// embedSnippets reads the two snippets the page offers (#embed-iframe and
// #embed-script), as the page shows them (with its own origin filled in).
export async function embedSnippets(context, base) {
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.waitForFunction(() => !document.querySelector('#embed-iframe').textContent.includes('whichport.example'));
  const s = await page.evaluate(() => ({ iframe: document.querySelector('#embed-iframe').textContent, script: document.querySelector('#embed-script').textContent }));
  await page.close();
  return s;
}

// embedHeights puts a snippet into a column of a page on another origin,
// types settings that fail into the widget (so that the verdict, its reason,
// the port to use and the fix are all shown), and measures at each column
// width (the column is narrowed or widened in place, as a window would be):
//   frameHeight: the iframe's height on the host page;
//   needed: the widget document's full height;
//   verdictVisible: the verdict line and the whole result are inside the frame;
//   allVisible: so is the link to the full page, the widget's last line.
export async function embedHeights(context, snippetHTML, widths) {
  const host = await hostPage(snippetHTML, widths[0]);
  const page = await context.newPage();
  const out = [];
  try {
    await page.setViewportSize({ width: Math.max(...widths, 360), height: 800 });
    await page.goto(host.url);
    const frameEl = await page.waitForSelector('iframe', { timeout: 10000 });
    const frame = await frameEl.contentFrame();
    await frame.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 60000 });
    await frame.fill('#w-host', 'smtp.example.com');
    await frame.fill('#w-port', '465');
    await frame.selectOption('#w-security', 'starttls');
    await frame.waitForFunction(() => document.querySelector('#w-verdict')?.dataset.verdict === 'error', null, { timeout: 10000 });
    for (const width of widths) {
      await page.evaluate((w) => { document.querySelector('.col').style.width = w + 'px'; }, width);
      await page.waitForTimeout(700); // the widget reflows and its height message arrives
      const inner = await frame.evaluate(() => {
        const v = document.querySelector('#w-verdict').getBoundingClientRect();
        const r = document.querySelector('#w-result').getBoundingClientRect();
        const f = document.querySelector('.full').getBoundingClientRect();
        return { needed: Math.ceil(document.querySelector('#widget').getBoundingClientRect().bottom + scrollY), verdictBottom: v.bottom, resultBottom: r.bottom, linkBottom: f.bottom };
      });
      const box = await frameEl.evaluate((n) => { const r = n.getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height) }; });
      out.push({
        column: width, frameWidth: box.w, frameHeight: box.h, needed: inner.needed,
        verdictVisible: inner.verdictBottom <= box.h && inner.resultBottom <= box.h,
        allVisible: inner.linkBottom <= box.h,
        hostOverflow: await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      });
    }
    return out;
  } finally {
    await page.close();
    await host.close();
  }
}
