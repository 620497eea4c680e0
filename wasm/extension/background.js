/**
 * The extension's service worker: owns the guard (the edgeguard WASM package, copied into
 * guard/ by wasm/build.sh) and answers the content script and the options page. The model is
 * read from the extension's own files; no text, verdict or policy leaves the browser.
 *
 * Messages (`chrome.runtime.sendMessage`), each answered `{ok: true, ...}` or
 * `{ok: false, error}`:
 * - `{type: 'check', text}` → `{verdict, labels}` (labels: the fired labels' descriptions);
 * - `{type: 'labels'}` → `{labels, actions}` (every label and action, from the Rust taxonomy);
 * - `{type: 'getPolicy'}` → `{policy, defaults}` (active and default policy, every label listed);
 * - `{type: 'setPolicy', policy}` → validates, applies and stores the policy;
 * - `{type: 'resetPolicy'}` → back to the model's defaults.
 */

import { actions, initialize, labels, load } from './guard/index.js';

const POLICY_KEY = 'policy';

/** @type {Promise<import('./guard/index.js').Guard> | undefined} */
let loading;

/** The guard, loaded on first use with the stored policy (a stale invalid one is dropped). */
function guard() {
  loading ??= (async () => {
    const guard = await load();
    const { [POLICY_KEY]: stored } = await chrome.storage.local.get(POLICY_KEY);
    if (stored) {
      try {
        guard.setPolicy(stored);
      } catch (error) {
        console.warn('edgeguard: ignoring the stored policy:', error);
        await chrome.storage.local.remove(POLICY_KEY);
      }
    }
    return guard;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** @type {Record<string, string> | undefined} Descriptions of every label, by wire name. */
let descriptions;

/** @param {string} name */
function describe(name) {
  descriptions ??= Object.fromEntries(labels().map((l) => [l.name, l.description]));
  return { name, description: descriptions[name] ?? name };
}

const handlers = {
  /** @param {{text: string}} message */
  async check({ text }) {
    const verdict = (await guard()).check(text);
    return { verdict, labels: verdict.fired.map(describe) };
  },
  async labels() {
    await initialize();
    return { labels: labels(), actions: actions() };
  },
  async getPolicy() {
    const g = await guard();
    return { policy: g.policy(), defaults: g.defaultPolicy() };
  },
  /** @param {{policy: string | object}} message */
  async setPolicy({ policy }) {
    const g = await guard();
    g.setPolicy(policy);
    const active = g.policy();
    await chrome.storage.local.set({ [POLICY_KEY]: active });
    return { policy: active };
  },
  async resetPolicy() {
    const g = await guard();
    g.resetPolicy();
    await chrome.storage.local.remove(POLICY_KEY);
    return { policy: g.policy() };
  },
};

chrome.runtime.onMessage.addListener((message, _sender, respond) => {
  const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : undefined;
  if (!handler) return false;
  handler(message).then(
    (result) => respond({ ok: true, ...result }),
    (error) => respond({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
  return true; // respond asynchronously
});
