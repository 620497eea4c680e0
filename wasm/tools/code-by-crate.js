// What the .wasm's code is: the bytes of its function bodies and data segments, by the crate
// that owns each function (read from the module's `name` section, which the release build keeps;
// run it on wasm-bindgen's output before a wasm-opt that strips names).
// Usage: node tools/code-by-crate.js FILE.wasm [TOP]
import { readFileSync } from 'node:fs';

const [path, top = '25'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node tools/code-by-crate.js FILE.wasm [TOP]');
  process.exit(2);
}
const bytes = readFileSync(path);

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function leb(/** @type {number} */ at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

let imported = 0;
/** @type {number[]} */
const bodies = [];
/** @type {Map<number, string>} */
const names = new Map();
let data = 0;
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, start] = leb(at + 1);
  const end = start + size;
  if (id === 2) {
    // Imports: count the functions, which come first in the function index space.
    let [count, p] = leb(start);
    for (; count > 0; count -= 1) {
      for (let k = 0; k < 2; k += 1) {
        const [len, q] = leb(p);
        p = q + len;
      }
      const kind = bytes[p++];
      if (kind === 0) {
        imported += 1;
        p = leb(p)[1];
      } else if (kind === 1) {
        p += 1;
        const flags = bytes[p++];
        p = leb(p)[1];
        if (flags & 1) p = leb(p)[1];
      } else if (kind === 2) {
        const flags = bytes[p++];
        p = leb(p)[1];
        if (flags & 1) p = leb(p)[1];
      } else if (kind === 3) {
        p += 2;
      } else {
        p = leb(p + 1)[1];
      }
    }
  } else if (id === 10) {
    let [count, p] = leb(start);
    for (; count > 0; count -= 1) {
      const [len, q] = leb(p);
      bodies.push(len);
      p = q + len;
    }
  } else if (id === 11) {
    data += size;
  } else if (id === 0) {
    const [len, q] = leb(start);
    if (bytes.toString('latin1', q, q + len) === 'name') {
      for (let p = q + len; p < end; ) {
        const sub = bytes[p];
        const [subSize, s] = leb(p + 1);
        if (sub === 1) {
          let [count, r] = leb(s);
          for (; count > 0; count -= 1) {
            const [index, r1] = leb(r);
            const [nameLen, r2] = leb(r1);
            names.set(index, bytes.toString('utf8', r2, r2 + nameLen));
            r = r2 + nameLen;
          }
        }
        p = s + subSize;
      }
    }
  }
  at = end;
}

/** The crate of a (demangled) Rust function name, else a bucket for the rest. */
function owner(/** @type {string | undefined} */ name) {
  if (!name) return '(no name)';
  const crate = /^<*(?:&|dyn |mut )*([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  if (crate) return crate[1] === 'core' || crate[1] === 'alloc' || crate[1] === 'std' ? 'Rust std' : crate[1];
  return '(other: bindings, intrinsics)';
}

/** @type {Map<string, number>} */
const byCrate = new Map();
bodies.forEach((len, i) => {
  const crate = owner(names.get(imported + i));
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + len);
});
const code = bodies.reduce((a, b) => a + b, 0);
const kib = (/** @type {number} */ n) => `${(n / 1024).toFixed(0)} KiB`.padStart(10);
console.log(`${path}: ${kib(bytes.length)} in all; function bodies ${kib(code)} (${bodies.length} functions), data ${kib(data)}`);
for (const [crate, len] of [...byCrate.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${kib(len)}  ${((100 * len) / code).toFixed(1).padStart(5)}%  ${crate}`);
}
