// layout-figures prints the phone and embed figures of issue 9: the distance
// from the settings verdict to the code to paste at 360 px, and the embed
// snippets' heights in a 360 px and a 700 px column of a page on another
// origin. With --static-dir DIR the server serves that copy of
// frontend/static (an older one, to compare); the wasm must be in it.
//
//   node scripts/layout-figures.mjs [--static-dir DIR]
import { startServer, launch } from '../e2e/harness.mjs';
import { phoneDistances, embedSnippets, embedHeights } from '../e2e/layout.mjs';

const i = process.argv.indexOf('--static-dir');
const extra = i > 0 ? ['--static-dir', process.argv[i + 1]] : [];
const server = await startServer(extra);
const b = await launch();
try {
  const label = extra.length ? extra[1] : 'embedded frontend/static';
  console.log(`# ${label}`);
  for (const height of [640, 740]) {
    const d = await phoneDistances(b.context, server.base, { width: 360, height });
    console.log(`phone 360x${height}: verdict in view after choosing a provider: ${d.verdictInView} (top at ${d.verdictTopAfterProvider} px); verdict to code: ${d.verdictToCode} px = ${d.screens} screens`);
  }
  const snips = await embedSnippets(b.context, server.base);
  for (const [name, html] of Object.entries(snips)) {
    for (const h of await embedHeights(b.context, html, [360, 700])) {
      console.log(`embed ${name} in a ${h.column} px column: frame ${h.frameWidth}x${h.frameHeight} px, widget needs ${h.needed} px, verdict and result visible: ${h.verdictVisible}, all visible: ${h.allVisible}`);
    }
  }
} finally {
  await b.close();
  await server.stop();
}
