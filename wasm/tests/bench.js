// The WASM benchmark: median latency of `check` from one word to 1,024 tokens in Node and in
// headless Chromium, next to the native figure, on the same texts (written with the native
// medians by `cargo run --example native_timing`); the per-call overhead (one word, WASM minus
// native); what a page that just loaded the guard sees (first verdict, first calls); and the
// round trip through a GuardWorker in Chromium. Timing starts once V8 has optimized the hot
// code (bench/measure.js says why).
//
//   node wasm/tests/bench.js NATIVE.json [--short]   (wasm/tests/run.sh runs it after the tests)
//
// --short: a few rounds each, to show in CI that every side still runs (figures not for reporting).
//
// Prints a table and writes target/wasm-artifacts/bench.json. A benchmark, not a test: it fails
// only if a side cannot be measured; the targets (Chromium within 2x of native, Node within
// 1.5x, overhead at most 20 µs) are reported, not enforced.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { chromium } from 'playwright-core';

import { SHORT, benchmark, firstCalls } from '../bench/measure.js';
import { load } from '../pkg/node.js';
import { artifactsDir, chromiumArgs, chromiumPath, serve, wasmDir } from './support.js';

const nativePath = process.argv[2];
if (!nativePath) {
  console.error('usage: node wasm/tests/bench.js NATIVE.json');
  process.exit(2);
}
const native = JSON.parse(readFileSync(nativePath, 'utf8'));
const shortRun = process.argv[3] === '--short';
const options = shortRun ? SHORT : {};

const shortText = native.texts['30'] ?? Object.values(native.texts)[0];
const t0 = performance.now();
const guard = await load();
guard.check(shortText);
const nodeFirstVerdictMs = performance.now() - t0;
const nodeFirstCallsUs = firstCalls(() => guard.check(shortText));
const node = benchmark(guard, native.texts, options);
const nodeUs = node.micros;
guard.free();

const server = await serve({ '/': wasmDir, '/native/': dirname(nativePath) });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
let chromiumUs;
let chromiumVersion;
/** @type {any} */
let chromiumRun;
try {
  chromiumVersion = browser.version();
  const page = await browser.newPage();
  await page.goto(`${server.origin}/bench/bench.html?texts=/native/${basename(nativePath)}${shortRun ? '&short' : ''}`);
  await page.waitForFunction(() => 'benchResult' in window, null, { timeout: 300_000 });
  const result = await page.evaluate(() => /** @type {any} */ (window).benchResult);
  if (result.error) throw new Error(`the benchmark page failed: ${result.error}`);
  chromiumUs = result.micros;
  chromiumRun = result;
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
if (shortRun) console.log('\n(short run: a few rounds each; the figures are not for reporting)');
console.log(`\ncheck() median latency (Node ${process.version}, Chromium ${chromiumVersion}, native x86-64, one thread)`);
console.log('tokens      native        Node    Chromium   Node/native  Chromium/native');
for (const r of rows) {
  console.log(
    `${String(r.tokens).padStart(6)} ${fmt(r.native_us)}  ${fmt(r.node_us)}  ${fmt(r.chromium_us)}` +
      `   ${r.node_x.toFixed(2).padStart(8)}x  ${r.chromium_x.toFixed(2).padStart(12)}x`,
  );
}
const one = rows.find((r) => r.tokens === 1);
const overhead = one && { node_us: one.node_us - one.native_us, chromium_us: one.chromium_us - one.native_us };
const extra = {
  overhead,
  first_verdict_ms: { node: nodeFirstVerdictMs, chromium: chromiumRun.firstVerdictMs },
  load_ms: {
    chromium: chromiumRun.loadMs,
    chromium_instantiate: chromiumRun.instantiateMs,
    chromium_fetch: chromiumRun.fetchMs,
  },
  first_calls_us: { node: nodeFirstCallsUs, chromium: chromiumRun.firstCallsUs },
  settle_ms: { node: node.settleMs, chromium: chromiumRun.settleMs },
  settled: { node: node.settled, chromium: chromiumRun.settled },
  worker_round_trip_us: chromiumRun.workerUs,
};
if (overhead) console.log(`per-call overhead (one word, WASM minus native): Node ${fmt(overhead.node_us)}, Chromium ${fmt(overhead.chromium_us)}`);
console.log(`GuardWorker round trip in Chromium (${shortText.split(' ').length} words): ${fmt(chromiumRun.workerUs)}`);
console.log(
  `first verdict after load() is called: Node ${extra.first_verdict_ms.node.toFixed(0)} ms, Chromium ` +
    `${extra.first_verdict_ms.chromium.toFixed(0)} ms (load ${chromiumRun.loadMs.toFixed(0)} ms: instantiate ` +
    `${chromiumRun.instantiateMs.toFixed(0)}, fetch ${chromiumRun.fetchMs.toFixed(0)}, model ` +
    `${(chromiumRun.loadMs - chromiumRun.instantiateMs - chromiumRun.fetchMs).toFixed(0)}); the 10 calls after it, ` +
    `before V8 optimizes: Node ${fmt(nodeFirstCallsUs)}, Chromium ${fmt(chromiumRun.firstCallsUs)} each`,
);
console.log(
  `settled after ${node.settleMs.toFixed(0)} ms (Node${node.settled ? '' : ', NOT settled'}), ` +
    `${chromiumRun.settleMs.toFixed(0)} ms (Chromium${chromiumRun.settled ? '' : ', NOT settled'})`,
);
const within = rows.every((r) => r.node_x <= 1.5 && r.chromium_x <= 2);
console.log(`targets (Node within 1.5x, Chromium within 2x of native): ${within ? 'met' : 'NOT met'}`);
writeFileSync(
  join(artifactsDir, 'bench.json'),
  JSON.stringify({ node: process.version, chromium: chromiumVersion, rows, ...extra }, null, 2),
);
