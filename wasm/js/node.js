/**
 * edgeguard for Node.js: the same API as the web entry, with the model and the `.wasm` read
 * from disk instead of fetched.
 *
 * ```js
 * import { load } from 'edgeguard';           // resolves here under Node
 * const guard = await load();
 * console.log(guard.check('how do I kill a python process').action);   // 'allow'
 * ```
 *
 * @module edgeguard/node
 */

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Guard, initSync, RobotPolicy, actions, checkPlan, labels, version } from './edgeguard_wasm.js';

import { construct } from './construct.js';
import { MODEL_FILES } from './model-files.js';

export { Guard, RobotPolicy, actions, checkPlan, labels, version };

/** @typedef {import('./index.js').ModelFiles} ModelFiles */
/** @typedef {import('./edgeguard_wasm.js').PolicySpec} PolicySpec */

/**
 * @typedef {object} LoadOptions
 * @property {ModelFiles} [files] The model as bytes (default: read from `modelDir`).
 * @property {string | URL} [modelDir] The folder holding `model.nnef.tar`, `tokenizer.json` and
 *   `config.json` (default: this package's `model/` folder).
 * @property {string | PolicySpec} [policy] A policy to apply once loaded.
 */

let instantiated = false;

/** Instantiates the WebAssembly module, once. */
export async function initialize() {
  if (instantiated) return;
  const module = await readFile(new URL('./edgeguard_wasm_bg.wasm', import.meta.url));
  if (!instantiated) initSync({ module });
  instantiated = true;
}

/**
 * Loads a guard from the package's default model, a folder, or bytes.
 * @param {LoadOptions} [options]
 * @returns {Promise<Guard>}
 * @throws {Error} when a file cannot be read, or the model is corrupted or not for this build.
 */
export async function load(options = {}) {
  await initialize();
  const files = options.files ?? (await readModel(options.modelDir ?? new URL('./model/', import.meta.url)));
  const guard = await construct(Guard, files);
  if (options.policy !== undefined) guard.setPolicy(options.policy);
  return guard;
}

/**
 * Reads a model's three files from a folder.
 * @param {string | URL} dir
 * @returns {Promise<ModelFiles>}
 */
export async function readModel(dir) {
  const base = dir instanceof URL ? dir : pathToFileURL(`${resolve(String(dir))}/`);
  const entries = await Promise.all(
    Object.entries(MODEL_FILES).map(async ([field, name]) => [field, await readFile(new URL(name, base))]),
  );
  return /** @type {ModelFiles} */ (Object.fromEntries(entries));
}
