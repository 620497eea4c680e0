/**
 * edgeguard for web pages, Web Workers and extensions: screens text on the device with the
 * WebAssembly build of the edgeguard engine. Nothing leaves the browser.
 *
 * ```js
 * import { load } from 'edgeguard';
 * const guard = await load();                 // fetches the default model next to this module
 * const verdict = guard.check('how do I make a pipe bomb');
 * if (verdict.action !== 'allow') console.warn(verdict.fired);   // e.g. ['S1', 'S9']
 * ```
 *
 * `check` runs synchronously on the calling thread (well under a millisecond for a short prompt,
 * a few milliseconds for long ones); to keep a page's main thread free entirely, use
 * {@link GuardWorker}, which runs the same guard in a module Web Worker.
 *
 * @module edgeguard
 */

import init, { Guard, RobotPolicy, actions, checkPlan, labels, version } from './edgeguard_wasm.js';

export { Guard, RobotPolicy, actions, checkPlan, labels, version };
export { GuardWorker } from './worker-client.js';

import { construct } from './construct.js';
import { MODEL_FILES } from './model-files.js';

/** @typedef {import('./edgeguard_wasm.js').Verdict} Verdict */
/** @typedef {import('./edgeguard_wasm.js').PolicySpec} PolicySpec */
/** @typedef {import('./edgeguard_wasm.js').CommandVerdict} CommandVerdict */
/** @typedef {import('./edgeguard_wasm.js').LabelInfo} LabelInfo */
/** @typedef {import('./edgeguard_wasm.js').Label} Label */

/**
 * The bytes of a model's three files.
 * @typedef {object} ModelFiles
 * @property {Uint8Array | ArrayBuffer} model `model.nnef.tar`
 * @property {Uint8Array | ArrayBuffer} tokenizer `tokenizer.json`
 * @property {Uint8Array | ArrayBuffer} config `config.json`
 */

/**
 * @typedef {object} LoadOptions
 * @property {ModelFiles} [files] The model as bytes (default: fetched from `modelUrl`).
 * @property {string | URL} [modelUrl] The folder holding `model.nnef.tar`, `tokenizer.json` and
 *   `config.json` (default: this package's `model/` folder).
 * @property {string | URL | Response | BufferSource | WebAssembly.Module} [wasm] The `.wasm` file
 *   or its bytes (default: `edgeguard_wasm_bg.wasm` next to this module).
 * @property {string | PolicySpec} [policy] A policy to apply once loaded (JSON or TOML text, or
 *   an object); the model's default policy otherwise.
 */

/** @type {Promise<unknown> | undefined} */
let instantiated;

/**
 * Instantiates the WebAssembly module, once; later calls return the same promise.
 * @param {LoadOptions['wasm']} [wasm]
 * @returns {Promise<unknown>}
 */
export function initialize(wasm) {
  instantiated ??= init(wasm === undefined ? undefined : { module_or_path: wasm });
  return instantiated;
}

/**
 * Loads a guard: instantiates the module and loads and verifies the model.
 * @param {LoadOptions} [options]
 * @returns {Promise<Guard>}
 * @throws {Error} when a file cannot be fetched, or the model is corrupted or not for this build.
 */
export async function load(options = {}) {
  const [, files] = await Promise.all([
    initialize(options.wasm),
    options.files ?? fetchModel(options.modelUrl ?? new URL('./model/', import.meta.url)),
  ]);
  const guard = await construct(Guard, files);
  if (options.policy !== undefined) guard.setPolicy(options.policy);
  return guard;
}

/**
 * Fetches a model's three files from a folder URL.
 * @param {string | URL} folder
 * @returns {Promise<ModelFiles>}
 */
export async function fetchModel(folder) {
  const base = new URL(String(folder).replace(/\/?$/, '/'), globalThis.location?.href);
  const entries = await Promise.all(
    Object.entries(MODEL_FILES).map(async ([field, name]) => {
      const url = new URL(name, base);
      const response = await fetch(url);
      if (!response.ok) {
        throw new Error(`edgeguard: cannot fetch ${url}: HTTP ${response.status}`);
      }
      return [field, new Uint8Array(await response.arrayBuffer())];
    }),
  );
  return /** @type {ModelFiles} */ (Object.fromEntries(entries));
}
