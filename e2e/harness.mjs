// Shared set-up for the browser tests: build and start the real server on a
// free loopback port, and launch Debian chromium (never a downloaded browser)
// through playwright-core with a fresh profile.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(root, 'test-artifacts');
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let built = false;
// buildServer compiles cmd/api once per test process (the wasm must already be
// built by `make wasm`; the Makefile does that before the browser tests).
export function buildServer() {
  const bin = join(root, 'bin', 'whichport-e2e');
  if (!built) {
    mkdirSync(join(root, 'bin'), { recursive: true });
    execFileSync('go', ['build', '-o', bin, './cmd/api'], { cwd: root, stdio: 'inherit' });
    built = true;
  }
  return bin;
}

// startServer runs the real binary and resolves once it answers /healthz.
export async function startServer(extraArgs = []) {
  const bin = buildServer();
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const proc = spawn(bin, ['--listen', listen, ...extraArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const base = `http://${listen}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill(); throw new Error(`server did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

// launch opens a fresh chromium profile; close() removes it.
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'whichport-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    serviceWorkers: 'allow',
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, name);
}
