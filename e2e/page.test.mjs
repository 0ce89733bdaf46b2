// End-to-end tests in headless Debian chromium against the real server:
// the page before any script, the settings form, the paste box, the error box,
// the password never leaving the browser, offline use after the first visit,
// the embed widget, and screenshots at phone and desktop widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, artifactPath } from './harness.mjs';
import { sel } from './page.mjs';

const PASSWORD = 'S3cret-Pa55-e2e-7f3a';
let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function openPage(b, path = '/') {
  const page = b.context.pages()[0] || await b.context.newPage();
  await page.goto(server.base + path);
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
  return page;
}

async function verdictOf(page) {
  const v = page.locator(sel.verdict);
  await v.waitFor({ timeout: 10000 });
  return { verdict: await v.getAttribute('data-verdict'), text: (await v.innerText()).trim() };
}

async function setSettings(page, s) {
  if (s.host !== undefined) await page.fill(sel.host, s.host);
  if (s.port !== undefined) await page.fill(sel.port, String(s.port));
  if (s.security !== undefined) await page.selectOption(sel.security, s.security);
}

test('the page answers before any script runs', async () => {
  const b = await launch({ javaScriptEnabled: false });
  try {
    const page = await b.context.newPage();
    await page.goto(server.base + '/');
    const text = await page.locator('main').innerText();
    assert.match(text, /587/);
    assert.match(text, /465/);
    assert.match(text, /STARTTLS/);
    assert.match(text, /implicit TLS/i);
    // The four ports and the comparison are real HTML, with headings for each section.
    for (const id of ['ports', 'compare', 'check', 'paste', 'error', 'server']) {
      assert.equal(await page.locator('#' + id).count(), 1, `section #${id}`);
    }
    // The parts that need JavaScript say so, and show no text box that
    // would do nothing.
    for (const id of ['paste-input', 'error-input', 'check-domain']) {
      assert.equal(await page.locator('#' + id).count(), 0, `#${id} without JavaScript`);
    }
  } finally { await b.close(); }
});

test('the settings form gives live verdicts as you type', async () => {
  const b = await launch();
  try {
    const page = await openPage(b);
    await setSettings(page, { host: 'smtp.gmail.com', port: 465, security: 'starttls' });
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.verdict === 'error', sel.verdict);
    let v = await verdictOf(page);
    assert.equal(v.verdict, 'error');
    assert.match(v.text, /Will fail/, 'severity is said in words, not colour only');
    // The engine's worker was started by the page's first line (an inline
    // script the CSP allows by its hash), not later by engine.js.
    const stages = await page.evaluate(() => whichport.timings.map(([what]) => what));
    assert.ok(stages.includes('page: worker created in the head'), `worker started late: ${stages.join(', ')}`);
    assert.match(await page.locator(sel.result).innerText(), /hang|time/i);

    await page.selectOption(sel.security, 'implicit');
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.verdict !== 'error', sel.verdict);
    v = await verdictOf(page);
    assert.notEqual(v.verdict, 'error');

    // A typo of a known provider is caught.
    await setSettings(page, { host: 'smtp.gmail.con', port: 587, security: 'starttls' });
    await page.waitForFunction((s) => /gmail\.com/.test(document.querySelector(s)?.innerText || ''), sel.result);

    // The code for the person's library is picked for them, with a copy button.
    await page.selectOption(sel.library, 'nodemailer');
    await page.waitForFunction((s) => document.querySelector(s)?.value === 'nodemailer', sel.snippetPick);
    const code = await page.locator('#panel-nodemailer pre').innerText();
    assert.match(code, /secure:\s*false/);
    assert.equal(await page.locator('#panel-nodemailer button.copy').count(), 1);
    // Another library is one choice away.
    await page.selectOption(sel.snippetPick, 'python-smtplib');
    assert.ok(await page.locator('#panel-python-smtplib pre').isVisible());
    assert.ok(!(await page.locator('#panel-nodemailer pre').isVisible()));
  } finally { await b.close(); }
});

// The text boxes below the settings form are <template>s until the first
// verdict is on screen (app.js): parsed as fields, they made Chrome lay out
// their sections at DOMContentLoaded. A page opened at one of them has them
// at once, and is scrolled to it.
test('the text boxes below the settings form come after the first verdict, or at once when asked for', async () => {
  const atDCL = () => addEventListener('DOMContentLoaded', () => {
    globalThis.__fields = ['paste-input', 'error-input', 'check-domain'].filter((id) => document.getElementById(id));
  });
  const b = await launch();
  try {
    const page = b.context.pages()[0] || await b.context.newPage();
    await page.addInitScript(atDCL);
    await page.goto(server.base + '/');
    assert.deepEqual(await page.evaluate(() => globalThis.__fields), [], 'no text box below the form at DOMContentLoaded');
    await page.fill(sel.host, 'smtp.gmail.com');
    await page.fill(sel.port, '587');
    await page.locator(sel.verdict).waitFor({ timeout: 30000 });
    for (const id of ['paste-input', 'error-input', 'check-domain']) await page.locator('#' + id).waitFor({ state: 'attached', timeout: 10000 });
    assert.equal(await page.locator('main template').count(), 0, 'every template is put in place');
    assert.equal(await page.locator('label[for="paste-input"]').count(), 1);

    for (const [hash, box] of [['#error', '#error-input'], ['#paste-input', '#paste-input']]) {
      await page.goto('about:blank');
      await page.goto(server.base + '/' + hash);
      assert.deepEqual(await page.evaluate(() => globalThis.__fields), ['paste-input', 'error-input', 'check-domain'], `${hash}: the text boxes are there at DOMContentLoaded`);
      await page.waitForFunction((s) => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }, box);
    }
  } finally { await b.close(); }
});

test('the paste box reads a config and gives it back fixed', async () => {
  const b = await launch();
  try {
    const page = await openPage(b);
    // Postmark offers no port 465 (its 465 hangs): the fix is 587 with STARTTLS.
    await page.fill(sel.paste, `MAIL_MAILER=smtp\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=465\nMAIL_ENCRYPTION=ssl\nMAIL_USERNAME=server-token\nMAIL_PASSWORD=${PASSWORD}\n`);
    await page.locator('#paste-format').waitFor({ timeout: 10000 });
    assert.equal(await page.locator('#paste-format').getAttribute('data-format'), 'env');
    assert.equal(await page.locator('#paste-format').getAttribute('data-library'), 'laravel');
    assert.match(await page.locator(sel.pasteStatus).innerText(), /Will fail/);
    await page.locator('#paste-fixed').waitFor({ timeout: 10000 });
    const fixed = await page.locator('#paste-fixed').innerText();
    assert.match(fixed, /^MAIL_PORT=587$/m);
    assert.match(fixed, /^MAIL_HOST=smtp\.postmarkapp\.com$/m);
    assert.doesNotMatch(fixed, /MAIL_ENCRYPTION=ssl/);
    // Everything else in their own text is kept as it was.
    assert.match(fixed, /^MAIL_USERNAME=server-token$/m);

    // Unreadable input names the problem instead of failing silently.
    await page.fill(sel.paste, 'this is not a config at all');
    await page.waitForFunction((s) => /Could not read/.test(document.querySelector(s)?.innerText || ''), sel.pasteStatus);
  } finally { await b.close(); }
});

test('the error box explains a pasted error', async () => {
  const b = await launch();
  try {
    const page = await openPage(b);
    await page.fill(sel.error, '2026-11-20T10:00:01Z ERROR Error: Greeting never received\n    at SMTPConnection._formatError (node_modules/nodemailer/lib/smtp-connection/index.js:798:19)');
    await page.waitForFunction((s) => document.querySelector(s)?.innerText.length > 0, sel.errorResult);
    const out = await page.locator(sel.errorResult).innerText();
    assert.match(out, /implicit TLS|secure: true/i);
    await page.fill(sel.error, 'Error: 140736:error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
    await page.waitForFunction((s) => /STARTTLS/i.test(document.querySelector(s)?.innerText || ''), sel.errorResult);

    // Two errors whose words each fit two causes: the page counts the
    // errors and shows each other cause under its error after "Or:".
    const two = 'Error: Greeting never received\n    at SMTPConnection._formatError (node_modules/nodemailer/lib/smtp-connection/index.js:798:19)\n' +
      'Error: 140736:error:1408F10B:SSL routines:ssl3_get_record:wrong version number';
    const r = await fetch(server.base + '/api/v1/explain-error', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: two }),
    });
    const matches = (await r.json()).matches;
    const errors = matches.filter((m) => !m.alternative_of);
    assert.equal(errors.length, 2, JSON.stringify(matches.map((m) => [m.id, m.alternative_of])));
    assert.ok(matches.length > errors.length, 'the API offers other causes as alternatives');
    await page.fill(sel.error, two);
    await page.waitForFunction((n) => document.querySelectorAll('#error-matches > li').length === n, errors.length);
    const shown = await page.$$eval('#error-matches > li', (lis) => lis.map((li) => ({
      id: li.dataset.id, or: [...li.querySelectorAll('.or')].map((o) => [o.dataset.id, o.innerText.trim().slice(0, 4)]),
    })));
    assert.deepEqual(shown, errors.map((e) => ({
      id: e.id, or: matches.filter((m) => m.alternative_of === e.id).map((m) => [m.id, 'Or: ']),
    })));
    assert.match(await page.locator('#error-status').innerText(), /^Recognised 2 errors/);
  } finally { await b.close(); }
});

test('a password typed or pasted is never sent anywhere', async () => {
  const b = await launch();
  const carried = [];
  try {
    b.context.on('request', (req) => {
      const blob = [req.url(), req.postData() || '', JSON.stringify(req.headers())].join('\n');
      if (blob.includes(PASSWORD) || blob.includes(encodeURIComponent(PASSWORD))) carried.push(req.url());
    });
    const page = await openPage(b);
    await setSettings(page, { host: 'smtp.gmail.com', port: 587, security: 'starttls' });
    await page.fill(sel.username, 'me@example.com');
    await page.fill(sel.password, PASSWORD);
    await page.keyboard.press('Enter');
    await page.fill(sel.paste, `smtps://me%40example.com:${PASSWORD}@smtp.gmail.com:465`);
    await page.fill(sel.error, `535 5.7.8 Username and Password not accepted for me / ${PASSWORD}`);
    await page.waitForFunction((s) => document.querySelector(s)?.innerText.length > 0, sel.errorResult);
    // Start a server check too: only the domain may leave.
    await page.fill('#check-domain', 'example.invalid');
    await page.click('#check-start');
    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForTimeout(500);
    assert.deepEqual(carried, [], 'requests that carried the password');
    assert.ok(!page.url().includes(PASSWORD));
  } finally { await b.close(); }
  const logs = server.log();
  assert.ok(!logs.includes(PASSWORD), 'the server never logs the password');
});

test('the page still works with the network cut after the first load', async () => {
  const b = await launch();
  try {
    const page = await openPage(b);
    // Wait until the service worker controls the page and has cached everything.
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // The manifest is linked then too (app.js, after the first answer), so
    // the page can be installed.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      return link && (await fetch(link.href)).json();
    });
    assert.equal(manifest && manifest.start_url, '/');
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
    await b.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
    await setSettings(page, { host: 'smtp.postmarkapp.com', port: 465, security: 'implicit' });
    await page.waitForFunction((s) => document.querySelector(s)?.dataset.verdict === 'error', sel.verdict);
    assert.match(await page.locator(sel.result).innerText(), /465/);
    // The app shell is there too.
    assert.match(await page.locator('#ports').innerText(), /587/);
  } finally { await b.close(); }
});

test('the embed widget checks visitor settings against a provider preset', async () => {
  const r = await fetch(server.base + '/embed?provider=Example%20Mail&host=smtp.example.com&pairs=587:starttls,465:implicit');
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy') || '';
  assert.doesNotMatch(csp, /frame-ancestors 'none'/, '/embed may be framed');
  assert.equal(r.headers.get('x-frame-options'), null);
  const main = await fetch(server.base + '/');
  assert.match(main.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, 'only /embed may be framed');

  const b = await launch();
  try {
    const page = await b.context.newPage();
    await page.goto(server.base + '/embed?provider=Example%20Mail&host=smtp.example.com&pairs=587:starttls,465:implicit&accent=%23a05');
    const body = page.locator('body');
    await page.waitForFunction(() => /Example Mail/.test(document.body.innerText));
    assert.match(await body.innerText(), /smtp\.example\.com/);
    assert.match(await body.innerText(), /587/);
  } finally { await b.close(); }
});

test('screenshots at 360 px and desktop width', async () => {
  for (const [name, width] of [['phone-360', 360], ['desktop-1280', 1280]]) {
    for (const scheme of ['light', 'dark']) {
      const b = await launch({ viewport: { width, height: 900 }, colorScheme: scheme });
      try {
        const page = await openPage(b);
        await setSettings(page, { host: 'smtp.gmail.com', port: 465, security: 'starttls' });
        await page.waitForFunction((s) => document.querySelector(s)?.dataset.verdict === 'error', sel.verdict);
        // No horizontal scrolling at this width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name}: page scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: artifactPath(`${name}-${scheme}.png`), fullPage: true });
        await page.locator('#check').screenshot({ path: artifactPath(`${name}-${scheme}-check.png`) });
      } finally { await b.close(); }
    }
  }
});
