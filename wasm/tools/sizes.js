// Prints the package's sizes, raw and gzipped: the .wasm, the JS glue and the model files.
// Usage: node tools/sizes.js PKG_DIR [--json]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [dir, flag] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node tools/sizes.js PKG_DIR [--json]');
  process.exit(2);
}

/** @param {string} path */
function size(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const code = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
const rows = Object.fromEntries([
  ...code.map((f) => [f, size(join(dir, f))]),
  ...readdirSync(join(dir, 'model')).map((f) => [`model/${f}`, size(join(dir, 'model', f))]),
]);

if (flag === '--json') {
  console.log(JSON.stringify(rows));
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(12);
  for (const [name, { raw, gzip }] of Object.entries(rows)) {
    console.log(`${name.padEnd(28)} ${kib(raw)} raw ${kib(gzip)} gzip`);
  }
}
