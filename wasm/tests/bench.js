// The WASM benchmark: median latency of `check` at 64 and 1,024 tokens in Node and in headless
// Chromium, next to the native figure, on the same texts (those of `cargo bench`'s check group,
// written with the native medians by `cargo run --example native_timing`).
//
//   node wasm/tests/bench.js NATIVE.json      (wasm/tests/run.sh runs it after the tests)
//
// Prints a table and writes target/wasm-artifacts/bench.json. A benchmark, not a test: it fails
// only if a side cannot be measured; the 3x-of-native target is reported, not enforced.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { chromium } from 'playwright-core';

import { benchmark } from '../bench/measure.js';
import { load } from '../pkg/node.js';
import { artifactsDir, chromiumArgs, chromiumPath, serve, wasmDir } from './support.js';

const nativePath = process.argv[2];
if (!nativePath) {
  console.error('usage: node wasm/tests/bench.js NATIVE.json');
  process.exit(2);
}
const native = JSON.parse(readFileSync(nativePath, 'utf8'));

const guard = await load();
const nodeUs = benchmark(guard, native.texts);
guard.free();

const server = await serve({ '/': wasmDir, '/native/': dirname(nativePath) });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
let chromiumUs;
let chromiumVersion;
try {
  chromiumVersion = browser.version();
  const page = await browser.newPage();
  await page.goto(`${server.origin}/bench/bench.html?texts=/native/${basename(nativePath)}`);
  await page.waitForFunction(() => 'benchResult' in window, null, { timeout: 300_000 });
  const result = await page.evaluate(() => /** @type {any} */ (window).benchResult);
  if (result.error) throw new Error(`the benchmark page failed: ${result.error}`);
  chromiumUs = result.micros;
} finally {
  await browser.close();
  await server.close();
}

const rows = Object.keys(native.texts).map((tokens) => {
  const n = native.native_us[tokens];
  return {
    tokens: Number(tokens),
    native_us: n,
    node_us: nodeUs[tokens],
    chromium_us: chromiumUs[tokens],
    node_x: nodeUs[tokens] / n,
    chromium_x: chromiumUs[tokens] / n,
  };
});
const fmt = (/** @type {number} */ us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`).padStart(10);
console.log(`\ncheck() median latency (Node ${process.version}, Chromium ${chromiumVersion}, native x86-64, one thread)`);
console.log('tokens      native        Node    Chromium   Node/native  Chromium/native');
for (const r of rows) {
  console.log(
    `${String(r.tokens).padStart(6)} ${fmt(r.native_us)}  ${fmt(r.node_us)}  ${fmt(r.chromium_us)}` +
      `   ${r.node_x.toFixed(2).padStart(8)}x  ${r.chromium_x.toFixed(2).padStart(12)}x`,
  );
}
const within = rows.every((r) => r.node_x <= 3 && r.chromium_x <= 3);
console.log(`target (within 3x of native): ${within ? 'met' : 'NOT met'}`);
writeFileSync(join(artifactsDir, 'bench.json'), JSON.stringify({ node: process.version, chromium: chromiumVersion, rows }, null, 2));
