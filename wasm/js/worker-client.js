/**
 * {@link GuardWorker}: the guard in a module Web Worker, so screening never blocks the page.
 * Every method returns a promise; errors reject with an `Error` carrying the guard's message and
 * `code`, as in the main thread.
 *
 * ```js
 * import { GuardWorker } from 'edgeguard';
 * const guard = await GuardWorker.create();
 * const verdict = await guard.check(textarea.value);
 * ```
 *
 * @module edgeguard/worker-client
 */

/** @typedef {import('./edgeguard_wasm.js').Verdict} Verdict */
/** @typedef {import('./edgeguard_wasm.js').PolicySpec} PolicySpec */
/** @typedef {import('./edgeguard_wasm.js').CommandVerdict} CommandVerdict */
/** @typedef {import('./edgeguard_wasm.js').PlanVerdict} PlanVerdict */
/** @typedef {import('./edgeguard_wasm.js').ModelInfo} ModelInfo */
/** @typedef {import('./edgeguard_wasm.js').LabelInfo} LabelInfo */
/** @typedef {import('./edgeguard_wasm.js').Plan} Plan */

/**
 * @typedef {object} WorkerLoadOptions
 * @property {import('./index.js').ModelFiles} [files] The model as bytes.
 * @property {string | URL} [modelUrl] The model's folder (default: the package's `model/`).
 * @property {string | PolicySpec} [policy] A policy to apply once loaded.
 * @property {string | URL} [workerUrl] The worker script (default: `worker.js` next to this module).
 */

/**
 * An error the worker sent as a plain object, as an `Error` again (with its `code`).
 * @param {{message: string, code?: string}} plain
 * @returns {Error & {code?: string}}
 */
function toError(plain) {
  return Object.assign(new Error(plain.message), plain.code === undefined ? {} : { code: plain.code });
}

export class GuardWorker {
  /** @type {Worker} */
  #worker;
  /** @type {Map<number, {resolve: (value: any) => void, reject: (error: Error) => void}>} */
  #pending = new Map();
  #next = 0;

  /**
   * Starts a worker and loads the guard in it.
   * @param {WorkerLoadOptions} [options]
   * @returns {Promise<GuardWorker>}
   */
  static async create(options = {}) {
    const { workerUrl, modelUrl, ...rest } = options;
    const client = new GuardWorker(workerUrl ?? new URL('./worker.js', import.meta.url));
    const load = modelUrl === undefined ? rest : { ...rest, modelUrl: new URL(modelUrl, globalThis.location?.href).href };
    try {
      await client.#call('load', [load]);
    } catch (error) {
      client.terminate();
      throw error;
    }
    return client;
  }

  /** @param {string | URL} url The worker script. */
  constructor(url) {
    this.#worker = new Worker(url, { type: 'module' });
    this.#worker.addEventListener('message', ({ data }) => {
      const call = this.#pending.get(data.id);
      if (!call) return;
      this.#pending.delete(data.id);
      if ('error' in data) call.reject(toError(data.error));
      else call.resolve(data.result);
    });
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#failAll(new Error(`edgeguard worker failed: ${event.message ?? 'script error'}`));
    });
  }

  /**
   * @param {string} method
   * @param {unknown[]} args
   * @returns {Promise<any>}
   */
  #call(method, args) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, method, args });
    });
  }

  /** @param {Error} error */
  #failAll(error) {
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }

  /** Screens a prompt. @param {string} text @returns {Promise<Verdict>} */
  check(text) {
    return this.#call('check', [text]);
  }

  /**
   * Screens many prompts in shared model batches: one `Verdict` or `Error` (with `code`) per text.
   * @param {string[]} texts @returns {Promise<Array<Verdict | Error>>}
   */
  async checkBatch(texts) {
    /** @type {Array<Verdict | {message: string, code?: string}>} */
    const results = await this.#call('checkBatch', [texts]);
    return results.map((r) => ('action' in r ? r : toError(r)));
  }

  /**
   * Screens a model's response to a prompt.
   * @param {string} prompt @param {string} response @returns {Promise<Verdict>}
   */
  checkResponse(prompt, response) {
    return this.#call('checkResponse', [prompt, response]);
  }

  /**
   * Screens a robot command and checks its plan against a robot policy (text or object).
   * @param {string} command @param {Plan | string} plan @param {string | object} robotPolicy
   * @returns {Promise<CommandVerdict>}
   */
  checkCommand(command, plan, robotPolicy) {
    return this.#call('checkCommand', [command, plan, robotPolicy]);
  }

  /**
   * Checks a plan against a robot policy (text or object).
   * @param {string | object} robotPolicy @param {Plan | string} plan
   * @returns {Promise<PlanVerdict>}
   */
  checkPlan(robotPolicy, plan) {
    return this.#call('checkPlan', [robotPolicy, plan]);
  }

  /** Replaces the policy. @param {string | PolicySpec} policy @returns {Promise<void>} */
  setPolicy(policy) {
    return this.#call('setPolicy', [policy]);
  }

  /** Sets the largest text accepted, in bytes. @param {number} bytes @returns {Promise<void>} */
  setMaxInputBytes(bytes) {
    return this.#call('setMaxInputBytes', [bytes]);
  }

  /** Restores the model's default policy. @returns {Promise<void>} */
  resetPolicy() {
    return this.#call('resetPolicy', []);
  }

  /** The active policy, every label listed. @returns {Promise<PolicySpec>} */
  policy() {
    return this.#call('policy', []);
  }

  /** The model's default policy. @returns {Promise<PolicySpec>} */
  defaultPolicy() {
    return this.#call('defaultPolicy', []);
  }

  /** The model's metadata. @returns {Promise<ModelInfo>} */
  modelInfo() {
    return this.#call('modelInfo', []);
  }

  /** Every label with its description. @returns {Promise<LabelInfo[]>} */
  labels() {
    return this.#call('labels', []);
  }

  /** Stops the worker; pending calls reject. */
  terminate() {
    this.#worker.terminate();
    this.#failAll(new Error('edgeguard worker terminated'));
  }
}
