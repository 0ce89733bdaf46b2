// "Checker ready": time from navigation start to the first verdict the page
// shows, median of 5 cold loads (fresh profile: no HTTP cache, no service
// worker) in headless Debian chromium, at 1x and 4x CPU throttling.
// Prints figures; it is a measurement, not a test.
import { startServer, launch } from '../e2e/harness.mjs';
import { verdictReady } from '../e2e/page.mjs';

const runs = Number(process.env.RUNS || 5);
const server = await startServer();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
try {
  for (const rate of [1, 4]) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const b = await launch();
      try {
        const page = b.context.pages()[0] || await b.context.newPage();
        const cdp = await b.context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await page.goto(server.base + '/', { waitUntil: 'commit' });
        // performance.now() counts from navigation start.
        const ms = await page.waitForFunction(verdictReady, null, { timeout: 60000, polling: 'raf' });
        times.push(await ms.jsonValue());
      } finally {
        await b.close();
      }
    }
    console.log(`checker ready at ${rate}x CPU: median ${median(times).toFixed(0)} ms over ${runs} cold loads (${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
} finally {
  await server.stop();
}
