// "Check a server" end to end: a mail domain on loopback (e2e/fixture: DNS on
// 127.0.0.1, SMTP on ports 25/587/465 of a 127.64.0.0/10 address of its own
// run, so two runs at once do not meet; 2525 closed), the real server told
// to use that DNS server and to allow private addresses, and the page at the
// shareable URL /check/fixture.test streaming the results in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startServer, launch, artifactPath, root } from './harness.mjs';

let fixture, server, skip = '';

before(async () => {
  const bin = join(root, 'bin', 'whichport-fixture');
  execFileSync('go', ['build', '-o', bin, './e2e/fixture'], { cwd: root, stdio: 'inherit' });
  fixture = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise((resolve) => {
    createInterface({ input: fixture.stdout }).once('line', resolve);
    fixture.once('exit', (code) => resolve({ exit: code }));
  });
  if (first.exit !== undefined) {
    if (first.exit === 3 && process.env.CI !== 'true') { skip = 'binding SMTP ports 25 and 465 needs root'; return; }
    throw new Error(`fixture exited ${first.exit}`);
  }
  const { dns, ca } = JSON.parse(first);
  server = await startServer(['--resolver', dns, '--allow-private', '--ca-file', ca, '--from', 'the e2e test machine']);
});

after(async () => {
  await server?.stop();
  fixture?.stdin.end();
});

test('check a server streams every probe into the matrix', async (t) => {
  if (skip) return t.skip(skip);
  const b = await launch({ viewport: { width: 360, height: 900 } });
  try {
    const page = b.context.pages()[0] || await b.context.newPage();
    await page.goto(server.base + '/check/fixture.test');
    await page.waitForFunction(() => (document.querySelector('#check-summary-text')?.innerText || '').length > 0, null, { timeout: 60000 });

    assert.equal(await page.inputValue('#check-domain'), 'fixture.test', 'the shareable URL fills in the domain');
    assert.match(await page.locator('#check-share').getAttribute('href'), /\/check\/fixture\.test$/);
    assert.match(await page.locator('#check-from').innerText(), /e2e test machine/);
    assert.match(await page.locator('#check-from').innerText(), /own network/i);

    const probe = (host, port) => page.locator(`#check-matrix li.probe[data-host="${host}"][data-port="${port}"]`).first();
    // Port 25 of the MX and the submission ports answer with TLS.
    for (const port of ['25', '587', '465']) {
      const p = probe('mx.fixture.test', port);
      assert.equal(await p.count(), 1, `a row for mx.fixture.test:${port}`);
      assert.equal(await p.getAttribute('data-state'), 'ok', `mx.fixture.test:${port} state`);
    }
    // Each step has its time; the transcript tells client from server lines by more than colour.
    const p587 = probe('mx.fixture.test', '587');
    assert.ok(await p587.locator('[data-step="starttls"][data-state="ok"]').count() >= 1);
    const transcript = await p587.locator('pre.transcript').first().textContent();
    assert.match(transcript, /C: EHLO /);
    assert.match(transcript, /S: 220 mx\.fixture\.test/);
    assert.match(transcript, /C: STARTTLS/);
    assert.doesNotMatch(transcript, /C: (MAIL|RCPT|DATA|AUTH)/, 'the probe never sends mail or credentials');
    assert.match(await p587.innerText(), /TLS 1\.3/);

    // 2525, where nothing listens, is reported as refused — a note, since 587 and 465 work — not as a TLS problem.
    const p2525 = page.locator('#check-matrix li.probe[data-port="2525"]').first();
    assert.equal(await p2525.count(), 1, 'a row for the 2525 fallback');
    assert.equal(await p2525.getAttribute('data-state'), 'info');
    assert.match(await p2525.innerText(), /refused.*not needed/i);
    assert.doesNotMatch(await p2525.innerText(), /TLS failed|certificate/i);
    // The same check from the person's own network: the install line, and one-liners for a probed host and port.
    // Closed when every port answered from our server; opened, it shows the commands.
    assert.equal(await page.locator('#check-yours').getAttribute('open'), null);
    await page.locator('#check-yours > summary').click();
    assert.match(await page.locator('#check-yours-install').innerText(), /go install github\.com\/whichport\/whichport\/cmd\/whichport@latest && whichport fixture\.test/);
    const lines = await page.locator('#check-yours-oneliners').innerText();
    assert.match(lines, /nc -vz -w 10 mx\.fixture\.test \d+/);
    assert.match(lines, /Test-NetConnection -ComputerName mx\.fixture\.test -Port \d+/);
    assert.match(lines, /\/dev\/tcp\/mx\.fixture\.test\/\d+/);
    assert.match(lines, /openssl s_client/);
    assert.match(await page.locator('#check-yours-read').innerText(), /TcpTestSucceeded : False/);
    // The domain's verdict weighs what matters: inbound 25 and a working submission pair.
    assert.match(await page.locator('#check-summary').innerText(), /OK/);
    await page.locator('#server').screenshot({ path: artifactPath('phone-360-check-a-server.png') });
  } finally { await b.close(); }
});

test('a submission port whose certificate expired is not recommended', async (t) => {
  if (skip) return t.skip(skip);
  // expired.test: 25 and 587 verify, 465's certificate expired yesterday.
  const r = await fetch(server.base + '/api/v1/check?domain=expired.test', { headers: { accept: 'application/json' } });
  assert.equal(r.status, 200);
  const rep = await r.json();
  assert.match(rep.summary, /To send, use mx\.expired\.test port 587 with STARTTLS/);
  assert.doesNotMatch(rep.summary, /use mx\.expired\.test port 465/, 'the summary recommends the expired port');
  assert.match(rep.summary, /mx\.expired\.test port 465 \(certificate expired on /, 'the summary names the failing port and why');
  const cert = rep.findings.filter((f) => f.id === 'probe-cert-expired');
  assert.equal(cert.length, 1, 'one finding for the expired certificate');
  assert.match(cert[0].title, /mx\.expired\.test:465/);
  assert.match(cert[0].detail, /expired on .*The verifier says: x509: certificate has expired/);

  const b = await launch({ viewport: { width: 360, height: 900 } });
  try {
    const page = b.context.pages()[0] || await b.context.newPage();
    await page.goto(server.base + '/check/expired.test');
    await page.waitForFunction(() => (document.querySelector('#check-summary-text')?.innerText || '').length > 0, null, { timeout: 60000 });
    const row = page.locator('#check-matrix li.probe[data-host="mx.expired.test"][data-port="465"]').first();
    assert.notEqual(await row.getAttribute('data-state'), 'ok', 'the 465 row shows no green OK');
    assert.match(await row.innerText(), /Certificate refused/);
    assert.doesNotMatch(await page.locator('#check-summary').innerText(), /use mx\.expired\.test port 465/);
  } finally { await b.close(); }
});

test('the check API streams server-sent events as results complete', async (t) => {
  if (skip) return t.skip(skip);
  const r = await fetch(server.base + '/api/v1/check?domain=postmaster@fixture.test', { headers: { accept: 'text/event-stream' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/event-stream/);
  const events = (await r.text()).split('\n').filter((l) => l.startsWith('event: ')).map((l) => l.slice(7));
  assert.equal(events[0], 'start');
  assert.equal(events.at(-1), 'done');
  for (const e of ['dns', 'planned', 'step', 'probe', 'summary']) assert.ok(events.includes(e), `event ${e}`);
  // Steps arrive before the probe that contains them finishes.
  assert.ok(events.indexOf('step') < events.indexOf('probe'));
});
