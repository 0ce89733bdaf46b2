#!/bin/sh
# corpus-tls-confirm.sh: runs the real client libraries against the loopback
# Postfix of internal/testmta to confirm the TLS-mode readings the corpus
# (formats/testdata/corpus) relies on. Prints one line per check: what the
# library did. Nothing leaves 127.0.0.1; Postfix relays nothing.
#
#   go run ./scripts/postfix-up -dir DIR > pf.env && . ./pf.env
#   NODE_PATH=<dir with nodemailer 6 installed> scripts/corpus-tls-confirm.sh
#
# Needs python3 and node with nodemailer (npm install nodemailer@6).
set -eu
: "${PF_SMTP:?run scripts/postfix-up first}" "${PF_SUBMISSION:?}" "${PF_SUBMISSIONS:?}" "${PF_CA:?}"
export PF_SMTP PF_SUBMISSION PF_SUBMISSIONS PF_CA

python3 - <<'PY'
import os, smtplib, ssl
ctx = ssl.create_default_context(cafile=os.environ["PF_CA"])
h = "127.0.0.1"
def run(name, f):
    try:
        print("smtplib:", name, "->", f())
    except Exception as e:
        print("smtplib:", name, "-> error:", type(e).__name__, str(e)[:80])
def starttls(port):
    s = smtplib.SMTP(h, port, timeout=5); s.ehlo(); s.starttls(context=ctx); s.ehlo()
    r = "STARTTLS ok, TLS " + s.sock.version(); s.quit(); return r
def implicit(port):
    s = smtplib.SMTP_SSL(h, port, context=ctx, timeout=5); s.ehlo()
    r = "TLS on connect ok, TLS " + s.sock.version(); s.quit(); return r
run("SMTP()+starttls() on the 587-like port", lambda: starttls(int(os.environ["PF_SUBMISSION"])))
run("SMTP_SSL() on the 465-like port", lambda: implicit(int(os.environ["PF_SUBMISSIONS"])))
run("SMTP_SSL() on the 587-like port", lambda: implicit(int(os.environ["PF_SUBMISSION"])))
PY

node - <<'JS'
const nodemailer = require('nodemailer');
const fs = require('fs');
const ca = fs.readFileSync(process.env.PF_CA);
async function check(name, opts) {
  const lines = [];
  const log = (...a) => lines.push(a.map(String).join(' '));
  const logger = { level: () => {}, trace: log, debug: log, info: log, warn: log, error: log, fatal: log };
  const t = nodemailer.createTransport({ host: '127.0.0.1', tls: { ca }, connectionTimeout: 5000, greetingTimeout: 3000, logger, debug: true, ...opts });
  try {
    await t.verify();
    const upgraded = lines.some(l => /upgraded with STARTTLS/i.test(l));
    console.log('nodemailer:', name, '-> ok,', upgraded ? 'sent STARTTLS' : 'no STARTTLS sent');
  } catch (e) {
    console.log('nodemailer:', name, '-> error:', (e.code || ''), String(e.message).slice(0, 80));
  }
}
(async () => {
  await check('secure:false on the 25-like port (STARTTLS offered)', { port: +process.env.PF_SMTP, secure: false });
  await check('secure:false on the 587-like port', { port: +process.env.PF_SUBMISSION, secure: false });
  await check('secure:true on the 465-like port', { port: +process.env.PF_SUBMISSIONS, secure: true });
  await check('secure:true on the 587-like port', { port: +process.env.PF_SUBMISSION, secure: true });
  await check('secure:false on the 465-like port', { port: +process.env.PF_SUBMISSIONS, secure: false });
  for (const s of ['Mailgun', 'gmail', 'Gmail']) {
    const o = nodemailer.createTransport({ service: s }).transporter.options;
    console.log('nodemailer: service', JSON.stringify(s), '->', o.host, o.port, o.secure ? 'secure' : 'not secure');
  }
})();
JS
