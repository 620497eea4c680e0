/**
 * One way of timing `check`, shared by the Node and the browser benchmark (and mirrored by the
 * native example `wasm/examples/native_timing.rs`): rounds of back-to-back calls, each round at
 * least `roundMs` long (browsers coarsen `performance.now()`), the median round's mean per call.
 * @module edgeguard/bench/measure
 */

/**
 * @param {() => unknown} call
 * @param {{rounds?: number, roundMs?: number}} [options]
 * @returns {number} microseconds per call, median over rounds
 */
export function medianMicros(call, { rounds = 21, roundMs = 20 } = {}) {
  const start = performance.now();
  let warmup = 0;
  while (warmup < 3 || performance.now() - start < roundMs) {
    call();
    warmup += 1;
  }
  const times = [];
  for (let r = 0; r < rounds; r += 1) {
    const t0 = performance.now();
    for (let i = 0; i < warmup; i += 1) call();
    times.push(((performance.now() - t0) * 1000) / warmup);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(rounds / 2)];
}

/**
 * Times `guard.check` on each text.
 * @param {{check(text: string): unknown}} guard
 * @param {Record<string, string>} texts by token count
 * @returns {Record<string, number>} microseconds by token count
 */
export function benchmark(guard, texts) {
  return Object.fromEntries(
    Object.entries(texts).map(([tokens, text]) => [tokens, medianMicros(() => guard.check(text))]),
  );
}
