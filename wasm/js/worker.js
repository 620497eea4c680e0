/**
 * The worker side of {@link GuardWorker}: a module Web Worker that owns one guard and answers
 * `{id, method, args}` messages with `{id, result}` or `{id, error}`. Start it through
 * `GuardWorker.create()`, or yourself with
 * `new Worker(new URL('edgeguard/worker.js', import.meta.url), { type: 'module' })`.
 *
 * Robot policies cross as text or plain objects and are parsed for each call.
 *
 * @module edgeguard/worker
 */

import { load, RobotPolicy, checkPlan, labels } from './index.js';

/** @type {import('./index.js').Guard | undefined} */
let guard;

/** @returns {import('./index.js').Guard} */
function loaded() {
  if (!guard) throw new Error('edgeguard worker: call load() first');
  return guard;
}

/**
 * Runs `use` with a parsed robot policy and frees it afterwards.
 * @template T
 * @param {string | object} text
 * @param {(policy: RobotPolicy) => T} use
 * @returns {T}
 */
function withRobotPolicy(text, use) {
  const policy = RobotPolicy.parse(text);
  try {
    return use(policy);
  } finally {
    policy.free();
  }
}

/**
 * An error as a plain object that survives postMessage: its message and its code.
 * @param {Error & {code?: string}} error
 */
function plainError(error) {
  return { message: error.message, code: error.code };
}

/** @type {Record<string, (...args: any[]) => unknown>} */
const methods = {
  async load(options) {
    const next = await load(options);
    guard?.free();
    guard = next;
    return guard.modelInfo();
  },
  check: (text) => loaded().check(text),
  // Errors lose their `code` when cloned into a message; send them as plain objects.
  checkBatch: (texts) => loaded().checkBatch(texts).map((r) => (r instanceof Error ? plainError(r) : r)),
  checkResponse: (prompt, response) => loaded().checkResponse(prompt, response),
  checkCommand: (command, plan, policy) =>
    withRobotPolicy(policy, (p) => loaded().checkCommand(command, plan, p)),
  checkPlan: (policy, plan) => withRobotPolicy(policy, (p) => checkPlan(p, plan)),
  setPolicy: (policy) => loaded().setPolicy(policy),
  resetPolicy: () => loaded().resetPolicy(),
  setMaxInputBytes: (bytes) => loaded().setMaxInputBytes(bytes),
  policy: () => loaded().policy(),
  defaultPolicy: () => loaded().defaultPolicy(),
  modelInfo: () => loaded().modelInfo(),
  labels: () => labels(),
};

self.addEventListener('message', async (event) => {
  const { id, method, args } = event.data ?? {};
  try {
    const run = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!run) throw new Error(`edgeguard worker: unknown method ${JSON.stringify(method)}`);
    self.postMessage({ id, result: await run(...(Array.isArray(args) ? args : [])) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? plainError(error) : { message: String(error) } });
  }
});
