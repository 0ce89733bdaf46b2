// The paste box with texts that hold several blocks, lines that are not
// configuration and a placeholder host (#8): the report says which block it
// is about and offers the others, says which lines it skipped, and never
// offers a live check of a placeholder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from './harness.mjs';
import { sel } from './page.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const MSMTPRC = `defaults
auth on
tls on
logfile ~/.msmtp.log

account work
host smtp.work-mail.net
port 587
user ann@work-mail.net
passwordeval pass show work

account home
host mail.home-isp.org
port 465
tls_starttls off
user ann@home-isp.org

account default : work
`;

async function openPage(b) {
  const page = b.context.pages()[0] || await b.context.newPage();
  const asked = [];
  page.on('request', (r) => { if (/\/api\/v1\/(check|probe)/.test(r.url())) asked.push(r.url()); });
  await page.goto(server.base + '/#paste');
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
  return { page, asked };
}

const text = (page, s) => page.locator(s).innerText();

test('two msmtp accounts: the report names the one read and offers the other', async () => {
  const b = await launch({ viewport: { width: 360, height: 740 } });
  try {
    const { page } = await openPage(b);
    await page.fill(sel.paste, MSMTPRC);
    await page.locator('#paste-block').waitFor({ timeout: 10000 });
    assert.match(await text(page, '#paste-which'), /2 blocks.*block 1: work: smtp\.work-mail\.net \(lines 6–11\)/s);
    // The picker is a labelled <select> with one option per account.
    const options = await page.locator('#paste-block option').allInnerTexts();
    assert.deepEqual(options, ['1. work: smtp.work-mail.net (lines 6–11)', '2. home: mail.home-isp.org (lines 12–17)']);
    assert.equal(await page.locator('label[for="paste-block"]').count(), 1);
    const box = await page.locator('#paste-block').boundingBox();
    assert.ok(box.height >= 44, `picker ${box.height}px high`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no horizontal scrolling at 360px');
    assert.equal(await page.locator('#paste-live').isEnabled(), true);
    assert.match(await text(page, '#paste-live'), /smtp\.work-mail\.net/);

    await page.selectOption('#paste-block', '2');
    await page.waitForFunction(() => /block 2: home/.test(document.querySelector('#paste-which')?.innerText || ''));
    assert.equal(await page.locator('#paste-block').inputValue(), '2');
    assert.match(await text(page, '#paste-live'), /mail\.home-isp\.org/);
    // The report and the fixed config are about the account picked.
    assert.match(await text(page, sel.pasteResult), /465/);
    await page.locator('#paste-fixed-h').waitFor({ timeout: 10000 });
    // A new text starts from the engine's choice again.
    await page.fill(sel.paste, MSMTPRC.replace('account default : work', 'account default : home'));
    await page.waitForFunction(() => /block 2: home/.test(document.querySelector('#paste-which')?.innerText || '') && document.querySelector('#paste-block').value === '2');
  } finally { await b.close(); }
});

test('a placeholder host is said prominently and never checked live', async () => {
  const b = await launch();
  try {
    const { page, asked } = await openPage(b);
    await page.fill(sel.paste, 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n');
    await page.locator('#paste-placeholder').waitFor({ timeout: 10000 });
    assert.match(await text(page, '#paste-placeholder'), /smtp\.example\.com is a placeholder, not a server to check: put your provider's SMTP host there/);
    assert.match(await text(page, '#paste-placeholder'), /Placeholder/, 'said in words, not colour only');
    // The live check is there but disabled, with the reason next to it.
    assert.equal(await page.locator('#paste-live').isDisabled(), true);
    assert.equal(await page.locator('#paste-live').getAttribute('aria-describedby'), 'paste-live-why');
    assert.match(await text(page, '#paste-live-why'), /placeholder/);
    await page.locator('#paste-live').click({ force: true });
    // The note is not said twice.
    assert.doesNotMatch(await page.locator('#paste-notes').count() ? await text(page, '#paste-notes') : '', /placeholder/);
    await page.waitForTimeout(300);
    assert.deepEqual(asked, [], 'no live check was requested');

    // Typed into the live check itself, the server answers why not.
    await page.fill('#check-domain', 'smtp.example.com');
    await page.click('#check-start');
    await page.waitForFunction(() => /placeholder, not a server to check/.test(document.querySelector('#check-status')?.innerText || ''), null, { timeout: 10000 });
  } finally { await b.close(); }
});

test('fenced blocks, skipped lines and environment defaults are said', async () => {
  const b = await launch();
  try {
    const { page } = await openPage(b);
    await page.fill(sel.paste, 'For testing:\n\n```\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\n```\n\nIn production:\n\n```\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n```\n');
    await page.locator('#paste-block').waitFor({ timeout: 10000 });
    const options = await page.locator('#paste-block option').allInnerTexts();
    assert.deepEqual(options, ['1. smtp.example.com (a placeholder) (lines 4–5)', '2. smtp.postmarkapp.com (lines 11–13)']);
    assert.equal(await page.locator('#paste-live').isDisabled(), true);
    await page.selectOption('#paste-block', '2');
    await page.waitForFunction(() => !document.querySelector('#paste-placeholder') && /block 2/.test(document.querySelector('#paste-which')?.innerText || ''));
    assert.equal(await page.locator('#paste-live').isEnabled(), true);

    // A block with nothing to read says so, and the picker stays.
    await page.fill(sel.paste, 'Send with:\n\n```\nMAIL_HOST=smtp.postmarkapp.com\nMAIL_PORT=587\n```\n\nThen run:\n\n```\nphp artisan queue:work\n```\n');
    await page.waitForFunction(() => /no mail settings/.test(document.querySelector('#paste-block')?.options[1]?.text || ''), null, { timeout: 10000 });
    await page.selectOption('#paste-block', '2');
    await page.locator('#paste-block-error').waitFor({ timeout: 10000 });
    assert.match(await text(page, '#paste-block-error'), /^Block 2 could not be read: block 2 holds nothing that reads as mail settings\.$/);
    assert.equal(await page.locator('#paste-block').inputValue(), '1');

    await page.fill(sel.paste, 'MAIL_HOST=smtp.gmail.com\nthen put the port on the next line\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n');
    await page.locator('#paste-skipped').waitFor({ timeout: 10000 });
    assert.equal(await text(page, '#paste-skipped'), 'Line 2 was skipped (not configuration).');

    await page.fill(sel.paste, 'import os, smtplib\nserver = smtplib.SMTP(os.getenv("SMTP_HOST", "smtp.gmail.com"), int(os.getenv("SMTP_PORT", "587")))\nserver.starttls()\n');
    await page.waitForFunction(() => /environment; the default written next to it was used/.test(document.querySelector('#paste-notes')?.innerText || ''), null, { timeout: 10000 });
  } finally { await b.close(); }
});
