/**
 * One way of timing `check`, shared by the Node and the browser benchmark (and mirrored by the
 * native example `wasm/examples/native_timing.rs`): rounds of back-to-back calls, each round at
 * least `roundMs` long (browsers coarsen `performance.now()`), the median round's mean per call.
 *
 * V8 first runs WebAssembly with its baseline compiler (Liftoff) and moves hot functions to its
 * optimizing one (TurboFan) in the background, which for this module takes a second or more of
 * calls. Timing right after load measures the baseline code, several times slower: that is why
 * two harnesses once disagreed by up to 8x. So {@link settle} runs calls until the round time
 * stops improving, and the first calls after load are reported apart ({@link firstCalls}).
 * @module edgeguard/bench/measure
 */

/**
 * @param {() => unknown} call
 * @param {{rounds?: number, roundMs?: number}} [options]
 * @returns {number} microseconds per call, median over rounds
 */
export function medianMicros(call, { rounds = 21, roundMs = 20 } = {}) {
  const perRound = callsPerRound(call, roundMs);
  return median(Array.from({ length: rounds }, () => roundMicros(call, perRound)));
}

/**
 * Calls until V8 has optimized the code `call` runs: until no round in the last `patience` has
 * been 3% faster than the best before them, or `maxMs` has passed.
 * @param {() => unknown} call
 * @param {{maxMs?: number, roundMs?: number, patience?: number}} [options]
 * @returns {{ms: number, settled: boolean}} how long it took, and whether it settled in time
 */
export function settle(call, { maxMs = 10_000, roundMs = 50, patience = 30 } = {}) {
  const start = performance.now();
  const perRound = callsPerRound(call, roundMs);
  const plateau = new Plateau(patience);
  while (performance.now() - start < maxMs) {
    if (plateau.add(roundMicros(call, perRound))) return { ms: performance.now() - start, settled: true };
  }
  return { ms: performance.now() - start, settled: false };
}

/**
 * The mean time of the first `count` calls, as a page that just loaded the guard sees them.
 * @param {() => unknown} call
 * @param {number} [count]
 * @returns {number} microseconds per call
 */
export function firstCalls(call, count = 10) {
  return roundMicros(call, count);
}

/**
 * The options of every function here for CI's short run: it shows the benchmark works, its
 * figures are not for reporting.
 */
export const SHORT = { rounds: 5, roundMs: 5, maxMs: 1000 };

/**
 * Times `guard.check` on each text, after settling on the 64-token one (else the first).
 * @param {{check(text: string): unknown}} guard
 * @param {Record<string, string>} texts by token count
 * @param {{rounds?: number, roundMs?: number, maxMs?: number}} [options] e.g. {@link SHORT}
 * @returns {{micros: Record<string, number>, settleMs: number, settled: boolean}} microseconds by
 *   token count, and how long settling took
 */
export function benchmark(guard, texts, options = {}) {
  const entries = Object.entries(texts);
  const warmText = texts['64'] ?? entries[0][1];
  const warm = settle(() => guard.check(warmText), options);
  const micros = Object.fromEntries(
    entries.map(([tokens, text]) => [tokens, medianMicros(() => guard.check(text), options)]),
  );
  return { micros, settleMs: warm.ms, settled: warm.settled };
}

/**
 * The round trip of `check` through a {@link GuardWorker} (post, screen in the worker, reply),
 * settled and timed like {@link benchmark}: sequential awaited calls in rounds.
 * @param {{check(text: string): Promise<unknown>}} worker
 * @param {string} text
 * @param {{maxMs?: number, rounds?: number, roundMs?: number}} [options]
 * @returns {Promise<number>} microseconds per round trip, median over rounds
 */
export async function roundTripMicros(worker, text, { maxMs = 10_000, rounds = 21, roundMs = 20 } = {}) {
  const round = async (/** @type {number} */ calls) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i += 1) await worker.check(text);
    return ((performance.now() - t0) * 1000) / calls;
  };
  let calls = 3;
  while ((await round(calls)) * calls < roundMs * 1000) calls *= 2;
  const start = performance.now();
  const plateau = new Plateau(10);
  while (performance.now() - start < maxMs && !plateau.add(await round(calls)));
  const times = [];
  for (let r = 0; r < rounds; r += 1) times.push(await round(calls));
  return median(times);
}

/** Round times that have stopped improving: no round in the last `patience` 3% faster than the best. */
class Plateau {
  /** @param {number} patience */
  constructor(patience) {
    this.patience = patience;
    this.best = Infinity;
    this.sinceBest = 0;
  }

  /** @param {number} micros the latest round's time @returns {boolean} whether it has settled */
  add(micros) {
    if (micros < this.best * 0.97) [this.best, this.sinceBest] = [micros, 0];
    else this.sinceBest += 1;
    return this.sinceBest >= this.patience;
  }
}

/** @param {number[]} times @returns {number} */
function median(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** @param {() => unknown} call @param {number} roundMs */
function callsPerRound(call, roundMs) {
  const start = performance.now();
  let calls = 0;
  while (calls < 3 || performance.now() - start < roundMs) {
    call();
    calls += 1;
  }
  return calls;
}

/** @param {() => unknown} call @param {number} calls */
function roundMicros(call, calls) {
  const t0 = performance.now();
  for (let i = 0; i < calls; i += 1) call();
  return ((performance.now() - t0) * 1000) / calls;
}
