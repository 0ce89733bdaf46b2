// Lighthouse mobile performance and accessibility of the page, served by the
// real binary on loopback, run with Debian chromium. Prints the two scores and
// the failing audits; it is a measurement, not a test.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, chromiumArgs, chromiumPath, root } from '../e2e/harness.mjs';

const server = await startServer();
try {
  for (const path of ['/', '/embed?provider=sendgrid']) {
    const out = join(mkdtempSync(join(tmpdir(), 'lh-')), 'report.json');
    const r = spawnSync(join(root, 'node_modules', '.bin', 'lighthouse'), [
      server.base + path,
      '--only-categories=performance,accessibility',
      '--form-factor=mobile',
      '--output=json', `--output-path=${out}`, '--quiet',
      `--chrome-flags=--headless ${chromiumArgs.join(' ')}`,
    ], { env: { ...process.env, CHROME_PATH: chromiumPath }, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) { console.log(`lighthouse ${path}: failed (exit ${r.status})`); continue; }
    const rep = JSON.parse(readFileSync(out, 'utf8'));
    const score = (c) => Math.round(rep.categories[c].score * 100);
    console.log(`lighthouse mobile ${path}: performance ${score('performance')}, accessibility ${score('accessibility')}`);
    for (const c of ['performance', 'accessibility']) {
      for (const ref of rep.categories[c].auditRefs) {
        const a = rep.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`  ${c}: ${a.id} ${a.score} ${a.displayValue || ''}`);
      }
    }
    const m = rep.audits;
    console.log(`  FCP ${m['first-contentful-paint']?.displayValue}, LCP ${m['largest-contentful-paint']?.displayValue}, TBT ${m['total-blocking-time']?.displayValue}, CLS ${m['cumulative-layout-shift']?.displayValue}`);
  }
} finally {
  await server.stop();
}
