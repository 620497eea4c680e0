// Where the time of `check` goes in the WASM build: samples calls with V8's own CPU profiler, in
// Node (through node:inspector) and in headless Chromium (the DevTools Protocol, through
// playwright-core), loading excluded, and prints the functions with the most self time.
//
//   node wasm/bench/profile.js [WORDS] [CALLS]     (defaults: a 32-word text, 3,000 calls)
//
// Writes the raw profiles to target/wasm-artifacts/profile-{node,chromium}.cpuprofile (open
// them in Chrome DevTools' Performance panel or speedscope).

import { inspect } from 'node:util';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { load } from '../pkg/node.js';
import { artifactsDir, chromiumArgs, chromiumPath, serve, wasmDir } from '../tests/support.js';

const words = Number(process.argv[2] ?? 32);
const calls = Number(process.argv[3] ?? 3000);
const vocabulary = 'the people in the city will have clean water and a new school next year'.split(' ');
const text = Array.from({ length: words }, (_, i) => vocabulary[i % vocabulary.length]).join(' ');

/**
 * Self time per function of a V8 CPU profile, largest first.
 * @param {any} profile a `Profiler.Profile`
 * @returns {{name: string, share: number}[]}
 */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<string, number>} */
  const micros = new Map();
  let total = 0;
  // Each sample stands for the time until the next one; the last one, cut off by the stop, and
  // the profiler's own calls are left out.
  profile.samples.slice(0, -1).forEach((/** @type {number} */ id, /** @type {number} */ i) => {
    const frame = byId.get(id).callFrame;
    if (frame.url.startsWith('node:inspector')) return;
    const name = frame.functionName || `(anonymous ${frame.url.split('/').pop()}:${frame.lineNumber})`;
    const dt = profile.timeDeltas[i + 1];
    micros.set(name, (micros.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...micros.entries()]
    .map(([name, us]) => ({ name, share: us / total }))
    .sort((a, b) => b.share - a.share);
}

/**
 * Where a function belongs: its crate for WebAssembly frames (`tract_core`, `dlmalloc`, ...),
 * else the JS side (the bindings, the loop, V8 itself).
 * @param {string} name
 */
export function owner(name) {
  const crate = /^<*(?:&|dyn |mut )*([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  if (crate) return crate[1] === 'core' || crate[1] === 'alloc' ? 'Rust std (core, alloc)' : crate[1];
  if (/^__rust|^__rdl|^__rg_/.test(name)) return 'dlmalloc';
  if (name.startsWith('(')) return `V8 ${name}`;
  return 'JS (bindings, the loop) and other';
}

/** @param {string} side @param {any} profile @param {number} perCallUs */
function report(side, profile, perCallUs) {
  writeFileSync(join(artifactsDir, `profile-${side.toLowerCase()}.cpuprofile`), JSON.stringify(profile));
  console.log(`\n${side}: ${perCallUs.toFixed(1)} µs per check of ${words} words while profiled; self time:`);
  const functions = selfTimes(profile);
  for (const { name, share } of functions.slice(0, 20)) {
    console.log(`${(share * 100).toFixed(1).padStart(6)}%  ${name.slice(0, 110)}`);
  }
  /** @type {Map<string, number>} */
  const owners = new Map();
  for (const { name, share } of functions) owners.set(owner(name), (owners.get(owner(name)) ?? 0) + share);
  console.log(`by owner (µs of a call):`);
  for (const [name, share] of [...owners.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    console.log(`${(share * 100).toFixed(1).padStart(6)}%  ${(share * perCallUs).toFixed(1).padStart(7)} µs  ${name}`);
  }
}

// Node: the profiler of this very process, started after the model has loaded.
{
  const guard = await load();
  for (let i = 0; i < 200; i += 1) guard.check(text);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  for (let i = 0; i < calls; i += 1) guard.check(text);
  const us = ((performance.now() - t0) * 1000) / calls;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  guard.free();
  report('Node', profile, us);
}

// Chromium: the page loads the package, then the DevTools Protocol profiles the loop alone.
{
  const server = await serve({ '/': wasmDir });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/bench/profile.html`);
    await page.waitForFunction(() => 'loaded' in window, null, { timeout: 120_000 });
    const loaded = await page.evaluate(() => /** @type {any} */ (window).loaded);
    if (loaded.error) throw new Error(`the page could not load the guard: ${loaded.error}`);
    const run = (/** @type {[string, number]} */ [t, n]) => {
      const guard = /** @type {any} */ (window).profiled;
      const t0 = performance.now();
      for (let i = 0; i < n; i += 1) guard.check(t);
      return ((performance.now() - t0) * 1000) / n;
    };
    await page.evaluate(run, [text, 200]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const us = await page.evaluate(run, [text, calls]);
    const { profile } = await cdp.send('Profiler.stop');
    report(`Chromium ${browser.version()}`, profile, us);
  } catch (error) {
    console.error(inspect(error));
    process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}
