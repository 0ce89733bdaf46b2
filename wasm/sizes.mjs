// sizes.mjs says where the browser module's bytes go: code size per package
// and the largest functions, read from the wasm name section. It needs a
// build with symbols (without -ldflags=-s):
//
//   GOOS=js GOARCH=wasm go build -trimpath -o /tmp/wp.wasm ./wasm
//   node wasm/sizes.mjs /tmp/wp.wasm [function-name-filter]
import { readFileSync } from "node:fs";

const [file, filter = "whichport"] = process.argv.slice(2);
if (!file) { console.error("usage: node wasm/sizes.mjs FILE.wasm [filter]"); process.exit(2); }
const b = readFileSync(file);
let p = 8; // after magic and version
const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
const skipName = () => { const l = leb(); p += l; };
let imported = 0, data = 0;
const code = [], names = new Map();
while (p < b.length) {
  const id = b[p++], len = leb(), end = p + len;
  if (id === 2) { // imports: count functions, which come first in the index space
    for (let n = leb(); n > 0; n--) {
      skipName(); skipName();
      const kind = b[p++];
      if (kind === 0) { leb(); imported++; }
      else if (kind === 1) { p++; const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
      else p += 2;
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) { const l = leb(); code.push(l); p += l; }
  } else if (id === 11) {
    data += len;
  } else if (id === 0) {
    const nl = leb(), name = b.subarray(p, p + nl).toString(); p += nl;
    if (name === "name") {
      while (p < end) {
        const sub = b[p++], sl = leb(), se = p + sl;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const i = leb(), l = leb(); names.set(i, b.subarray(p, p + l).toString()); p += l; }
        p = se;
      }
    }
  }
  p = end;
}
const pkgOf = (n) => n.replace(/\.\(\*?[^)]*\)\..*$/, "").replace(/\.[^./]*$/, "");
const byPkg = new Map();
code.forEach((sz, i) => { const k = pkgOf(names.get(i + imported) || "?"); byPkg.set(k, (byPkg.get(k) || 0) + sz); });
console.log(`data ${data} B, code ${code.reduce((a, x) => a + x, 0)} B`);
[...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15).forEach(([k, v]) => console.log(String(v).padStart(9), k));
console.log(`\nlargest functions matching "${filter}":`);
code.map((sz, i) => [sz, names.get(i + imported) || "?"]).filter(([, n]) => n.includes(filter))
  .sort((a, b) => b[0] - a[0]).slice(0, 25).forEach(([sz, n]) => console.log(String(sz).padStart(9), n));
