// The WASM build keeps the C library's memory bound on long inputs: screening a text of many
// megabytes grows the WebAssembly memory by no more than the text itself, one normalized copy of
// it, and a fixed budget of 64 MiB for everything else (token ids, model windows, scores).
//
// The bound asserted, in bytes of WebAssembly memory:
//
//   size after the call <= size after load() + 2 × (UTF-8 bytes of the text) + 64 MiB
//
// "After load()" is measured before any check, so whatever the first check allocates counts
// against the budget. WebAssembly memory never shrinks, so its size after the call is its peak
// during the call. The two copies are counted at the text's UTF-8 size: the copy the guard
// receives, and its normalized form (NFKC, confusables, invisible characters), which is no longer
// for these texts.
//
// Two texts, built from tests/texts.jsonl repeated to the size wanted:
//   - `ascii`: its ASCII texts only;
//   - `mixed`: all of them: 0.3% of the characters are not ASCII (accented letters, Cyrillic
//     look-alikes, full-width letters, invisible characters, emoji). wasm-bindgen's glue copies
//     a JS string into the WebAssembly memory by reserving 3 bytes per UTF-16 unit from the
//     first non-ASCII character on, and shrinks the allocation afterwards: the memory has grown
//     by then.
//
// EDGEGUARD_LARGE_INPUT_MIB sets the size (default 8) and EDGEGUARD_LARGE_INPUT_TEXT the text
// (default `ascii`). One text per process: the WebAssembly memory a first case grew would hide
// the second one's growth. CI runs the default: about 20 s on a 2-core VM. scripts/soak.sh runs
// each text at 50 MiB (about 90 s each). The test prints one `large input:` line with its
// figures.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { initSync } from '../../pkg/edgeguard_wasm.js';
import { load } from '../../pkg/node.js';
import { readJsonl, wasmDir } from '../support.js';

const MIB = 1 << 20;
const BUDGET = 64 * MIB;
const sizeMib = Number(process.env.EDGEGUARD_LARGE_INPUT_MIB ?? 8);
const kind = process.env.EDGEGUARD_LARGE_INPUT_TEXT ?? 'ascii';

/**
 * A text of at most `bytes` bytes of UTF-8 (within 4 bytes): the texts of tests/texts.jsonl
 * (benign and harmful prompts, responses, jailbreaks, long documents), one after another,
 * repeated; only the ASCII ones when `ascii`.
 * @param {number} bytes @param {boolean} ascii
 */
function longText(bytes, ascii) {
  const parts = readJsonl(`${wasmDir}/tests/texts.jsonl`)
    .flatMap((row) => [row.text, row.response ?? ''])
    .filter((text) => text && (!ascii || /^[\x20-\x7e\n]*$/.test(text)));
  const block = Buffer.from(parts.join('\n\n') + '\n\n');
  const whole = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += block.length) block.copy(whole, at);
  // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
  let end = bytes;
  while (end > 0 && (whole[end - 1] & 0xc0) === 0x80) end--;
  if (end > 0 && whole[end - 1] >= 0xc0) end--;
  else end = bytes;
  return whole.toString('utf8', 0, end);
}

test(`a ${sizeMib} MiB ${kind} text stays within the memory bound`, { timeout: 30 * 60 * 1000 }, async (t) => {
  assert.ok(kind === 'ascii' || kind === 'mixed', `EDGEGUARD_LARGE_INPUT_TEXT: unknown text ${kind}`);
  assert.ok(sizeMib > 0 && sizeMib < 64, 'EDGEGUARD_LARGE_INPUT_MIB must be between 0 and 64 (the input limit)');
  const guard = await load();
  try {
    // The module is instantiated by load(); initSync() then returns its exports.
    const memory = /** @type {WebAssembly.Memory} */ (initSync(undefined).memory);
    const afterLoad = memory.buffer.byteLength;
    const text = longText(Math.round(sizeMib * MIB), kind === 'ascii');
    const bytes = Buffer.byteLength(text, 'utf8');
    const bound = afterLoad + 2 * bytes + BUDGET;

    const started = performance.now();
    const verdict = guard.check(text);
    const seconds = (performance.now() - started) / 1000;
    const after = memory.buffer.byteLength;

    const mib = (/** @type {number} */ n) => (n / MIB).toFixed(1);
    const line =
      `large input: ${mib(bytes)} MiB ${kind} text (${text.length} UTF-16 units) screened in ` +
      `${seconds.toFixed(1)} s (${verdict.action}); WebAssembly memory after load ${mib(afterLoad)} MiB, ` +
      `after the check ${mib(after)} MiB (grew ${mib(after - afterLoad)} MiB = ` +
      `${((after - afterLoad) / bytes).toFixed(2)} × the text); bound ${mib(bound)} MiB ` +
      `(load + 2 × text + 64 MiB): ${after <= bound ? 'within' : 'EXCEEDED'}; process RSS ` +
      `${mib(process.memoryUsage().rss)} MiB`;
    console.log(line);
    t.diagnostic(line);

    assert.ok(['allow', 'flag', 'block'].includes(verdict.action));
    assert.ok(
      after <= bound,
      `WebAssembly memory grew to ${mib(after)} MiB, past the bound of ${mib(bound)} MiB ` +
        `(after load ${mib(afterLoad)} MiB + 2 × ${mib(bytes)} MiB + 64 MiB)`,
    );
    // The guard still works afterwards.
    assert.equal(guard.check('what is the capital of France').action, 'allow');
  } finally {
    guard.free();
  }
});
